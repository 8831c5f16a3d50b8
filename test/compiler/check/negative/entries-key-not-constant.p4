// Rule: entry keys are compile-time constants
// expect: 12 not-constant
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
control C(inout hdrs_t hdr, inout bit<8> a, in bit<16> b, inout bool flag) {
    action nop() {}
    table t {
        key = { hdr.h.f: exact; }
        actions = { nop; }
        const entries = {
            a: nop();
        }
    }
    apply {
        t.apply();
    }
}
