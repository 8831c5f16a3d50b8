// Rule: a value_set holds fixed-width values (not int, varbit or string)
// expect: 5 invalid-expression
#include <core.p4>
parser P(in bit<6> v) {
    value_set<int>(4) vs;
    state start {
        transition accept;
    }
}
