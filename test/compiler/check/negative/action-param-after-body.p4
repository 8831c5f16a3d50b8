// Rule: an action's parameter types are checked after its body (as p4c does)
// expect: 7 type-error
// expect: 6 type-error
// expect: 6 type-error
#include <core.p4>
action a(inout string s) {
    s = (s >> 3);
}
