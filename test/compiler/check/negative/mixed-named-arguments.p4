// Rule: arguments are all named or all positional
// expect: 9 arguments
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
extern void two(in bit<8> x, in bit<8> y);
control C(inout bit<8> a) {
    apply {
        two(a, y = a);
    }
}
