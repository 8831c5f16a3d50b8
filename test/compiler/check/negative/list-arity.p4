// Rule: a list expression has one element per field
// expect: 9 type-error
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
struct p_t { bit<8> x; bit<8> y; }
control C() {
    apply {
        p_t p = { 1, 2, 3 };
    }
}
