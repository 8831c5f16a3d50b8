// Rule: a key expression that is not a field, slice, masked field or isValid() needs a @name
// expect: 9 expected
#include <core.p4>
header h_t { bit<8> a; bit<8> b; }
control c(in h_t h) {
    action nop() {}
    table t {
        key = {
            h.a + h.b : exact;
            h.a + 1 : exact @name("a_plus_one");
            h.b[3:0] : exact;
            h.isValid() : exact;
        }
        actions = { nop; }
    }
    apply { t.apply(); }
}
