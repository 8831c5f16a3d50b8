// Rule: slice bounds are compile-time constants
// expect: 8 not-constant
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
control C(inout hdrs_t hdr, inout bit<8> a, in bit<16> b, inout bool flag) {
    apply {
        a = hdr.h.g[a:0];
    }
}
