// Rule: only a list expression converts to a header
// expect: 9 type-error
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
control C(inout hdrs_t hdr, inout bit<8> a, in bit<16> b, inout bool flag) {
    apply {
        tuple<bit<8>, bit<16>> t = { 1, 2 };
        hdr.h = t;
    }
}
