// Rule: a table's entries come after its key
// expect: 8 type-error
#include <core.p4>
control c(in bit<8> a) {
    action nop() {}
    table t {
        actions = { nop; }
        const entries = {
            1 : nop();
        }
        key = { a : exact; }
    }
    apply {}
}
