// Rule: a constant cannot be assigned
// expect: 9 not-lvalue
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
const bit<8> K = 1;
control C() {
    apply {
        K = 2;
    }
}
