// Rule: an action's argument cannot apply a table
// expect: 10 invalid-call
#include <core.p4>
control C(inout bit<8> a) {
    action set(in bool hit) { a = hit ? 8w1 : 8w2; }
    table t2 { key = { a : exact; } actions = { NoAction; } }
    table t1 {
        key = { a : exact; }
        actions = {
            set(t2.apply().hit);
        }
    }
    apply { t1.apply(); }
}
