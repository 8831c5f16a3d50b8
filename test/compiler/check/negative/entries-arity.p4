// Rule: an entry has one keyset element per key
// expect: 12 type-error
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
control C(inout hdrs_t hdr, inout bit<8> a, in bit<16> b, inout bool flag) {
    action nop() {}
    table t {
        key = { a: exact; hdr.h.f: exact; }
        actions = { nop; }
        const entries = {
            (1, 2, 3): nop();
        }
    }
    apply {
        t.apply();
    }
}
