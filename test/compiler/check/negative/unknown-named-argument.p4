// Rule: a named argument names a parameter
// expect: 9 arguments
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
extern void one(in bit<8> x);
control C(inout bit<8> a) {
    apply {
        one(y = a);
    }
}
