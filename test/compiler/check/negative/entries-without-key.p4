// Rule: entries need a key
// expect: 8 missing-property
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
control C(inout hdrs_t hdr, inout bit<8> a, in bit<16> b, inout bool flag) {
    action nop() {}
    table t {
        actions = { nop; }
        const entries = {
            _: nop();
        }
    }
    apply {
        t.apply();
    }
}
