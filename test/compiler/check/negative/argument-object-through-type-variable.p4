// Rule: a function's type variable is never bound to a control, parser, package or table
// expect: 12 type-error
#include <core.p4>
control C();
void f<T>(in T t) {}
control D() {
    apply {}
}
control E() {
    D() d;
    apply {
        f(d);
    }
}
