// Rule: constructor arguments are compile-time constants
// expect: 10 not-constant
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
extern Thing {
    Thing(bit<32> size);
}
control C(in bit<32> n) {
    Thing(n) thing;
    apply {}
}
