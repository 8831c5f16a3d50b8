// Rule: an inout argument has exactly the parameter type
// expect: 9 type-error
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
extern void bump(inout bit<16> x);
control C(inout bit<8> a) {
    apply {
        bump(a);
    }
}
