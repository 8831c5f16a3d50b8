// Rule: 'this' belongs to initializer blocks
// expect: 8 invalid-expression
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
control C(inout bit<8> a) {
    apply {
        a = this;
    }
}
