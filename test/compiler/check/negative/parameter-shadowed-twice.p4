// Rule: two parameters of one block have distinct names
// expect: 6 duplicate
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
control C(inout bit<8> x, in bit<8> x) {
    apply {}
}
