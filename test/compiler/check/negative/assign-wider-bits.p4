// Rule: bit<16> does not convert implicitly to bit<8>
// expect: 8 type-error
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
control C(inout hdrs_t hdr, inout bit<8> a, in bit<16> b, inout bool flag) {
    apply {
        a = b;
    }
}
