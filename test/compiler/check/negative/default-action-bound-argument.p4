// Rule: a default action repeats the arguments the actions list binds
// expect: 11 arguments
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
control C(inout hdrs_t hdr, inout bit<8> a, in bit<16> b, inout bool flag) {
    bit<8> other = 0;
    action set(inout bit<8> x, bit<8> v) { x = v; }
    table t {
        actions = { set(a); }
        default_action = set(other, 1);
    }
    apply {
        t.apply();
    }
}
