// Rule: _ is not a value
// expect: 9 invalid-expression
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
extern void use(in bit<8> x);
control C() {
    apply {
        use(_);
    }
}
