// Rule: a constructor parameter names a control type, not a control declaration
// expect: 11 type-error
#include <core.p4>
control X();
control A() {
    apply {}
}
control B()(X x) {
    apply {}
}
control C()(A a) {
    apply {}
}
