// Rule: two entries of an exact-match table with the same keys are duplicates
// expect: 12 duplicate
#include <core.p4>
control c(in bit<8> a) {
    action set(bit<8> v) {}
    table t {
        key = { a : exact; }
        actions = { set; }
        const entries = {
            0x00 : set(1);
            0x01 : set(2);
            0x00 : set(3);
        }
    }
    apply {}
}
