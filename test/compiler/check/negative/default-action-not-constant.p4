// Rule: control-plane arguments of the default action are constants
// expect: 10 not-constant
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
control C(inout hdrs_t hdr, inout bit<8> a, in bit<16> b, inout bool flag) {
    action set(bit<8> v) { a = v; }
    table t {
        actions = { set; }
        default_action = set(a);
    }
    apply {
        t.apply();
    }
}
