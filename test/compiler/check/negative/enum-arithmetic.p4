// Rule: a plain enum is not a number
// expect: 9 type-error
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
enum E { A, B }
control C(inout bit<8> a) {
    apply {
        a = E.A + 1;
    }
}
