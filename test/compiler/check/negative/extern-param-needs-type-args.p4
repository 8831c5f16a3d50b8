// Rule: a parameter of a generic extern type gives its type arguments
// expect: 8 type-error
#include <core.p4>
extern If<T> {
    If();
    T id(in T d);
}
control p1(If x) {
    apply {}
}
