// Rule: a header has at most one varbit field
// expect: 6 invalid-expression
#include <core.p4>
header v_t {
    varbit<8> a;
    varbit<8> b;
}
