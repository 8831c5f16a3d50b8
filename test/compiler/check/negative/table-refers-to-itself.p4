// Rule: inside a table its own name is the table, which it cannot use
// expect: 6 type-error
#include <core.p4>
control MyC(in bit<8> t) {
    table t {
        key = { t : exact; }
        actions = {}
    }
    apply {}
}
