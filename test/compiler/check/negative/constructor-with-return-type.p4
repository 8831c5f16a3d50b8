// Rule: an extern's constructor has no return type
// expect: 5 invalid-expression
#include <core.p4>
extern X {
    void X();
}
