// Rule: largest_priority_wins is a boolean constant and priority_delta a positive integer constant
// expect: 10 type-error
// expect: 11 type-error
#include <core.p4>
control c(in bit<8> a) {
    action nop() {}
    table t {
        key = { a : ternary; }
        actions = { nop; }
        largest_priority_wins = 1;
        priority_delta = 0;
    }
    apply {}
}
