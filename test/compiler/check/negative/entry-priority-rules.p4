// Rule: entry priorities only where a key needs them, the first entry has one if any has, none computed below 1
// expect: 9 type-error
// expect: 19 type-error
// expect: 23 overlimit
#include <core.p4>
control c(in bit<8> a, in bit<8> b) {
    action set(bit<8> v) {}
    table only_exact {
        key = { a : exact; b : lpm; }
        actions = { set; }
        entries = {
            priority = 10: (1, 2) : set(1);
        }
    }
    table first_missing {
        key = { a : exact; b : ternary; }
        actions = { set; }
        entries = {
            (1, 2) : set(1);
            priority = 5: (2, 2) : set(2);
        }
    }
    table goes_negative {
        key = { a : exact; b : ternary; }
        actions = { set; }
        largest_priority_wins = true;
        priority_delta = 10;
        entries = {
            priority = 12: (1, 2) : set(1);
            (2, 2) : set(2);
            (3, 2) : set(3);
        }
    }
    apply {}
}
