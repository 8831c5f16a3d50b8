// Rule: a @defaultonly action is in no entry and a @tableonly action is no default action
// expect: 15 type-error
// expect: 17 type-error
#include <core.p4>
control c(in bit<8> a) {
    action a1() {}
    action a2() {}
    table t {
        key = { a : exact; }
        actions = {
            @tableonly a1;
            @defaultonly a2;
        }
        const entries = {
            3 : a2();
        }
        default_action = a1;
    }
    apply {}
}
