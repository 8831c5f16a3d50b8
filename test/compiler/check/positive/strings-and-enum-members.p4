// Strings concatenate at compile time (also in @name), and a serializable enum's member may
// name the members before it.
#include <core.p4>
extern void log_msg(string msg);
enum bit<4> e_t {
    a = 0,
    b = 1,
    c = (bit<4>)a,
    d = b
}
const string prefix = "p4" ++ "ts";
control c(inout bit<4> x) {
    @name("table" ++ "_" ++ "a")
    table t {
        key = { x : exact; }
        actions = {}
    }
    apply {
        log_msg(prefix ++ ": applied");
        x = e_t.d;
        t.apply();
    }
}
