// Rule: type arguments need a generic type
// expect: 9 type-error
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
struct s_t { bit<8> x; }
const bit<8> w = 1;
control C() {
    s_t<bit<8>> v;
    apply {}
}
