// Rule: an in argument converts to the parameter type
// expect: 9 type-error
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
extern void check(in bool b);
control C(inout bit<8> a) {
    apply {
        check(a);
    }
}
