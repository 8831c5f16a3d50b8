// Rule: an out argument is an l-value
// expect: 9 direction
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
extern void fill(out bit<8> x);
control C() {
    apply {
        fill(8w1);
    }
}
