// Rule: controls are passed only to constructors
// expect: 11 type-error
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
control K();
control C(in bit<8> x) {
    action a(inout bit<8> y) {}
    apply {}
}
extern void run(K k);
