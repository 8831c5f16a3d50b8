// Rule: a variable of an apply block never hides a parameter of its control
// expect: 8 shadow
#include <core.p4>
header h_t { bit<8> a; }
control c(inout h_t h) {
    h_t local = h;
    apply {
        h_t h = local;
    }
}
