// Rule: a typedef of a specialized generic type is no longer generic
// expect: 9 type-error
#include <core.p4>
extern Param<T> {
    Param(T x);
}
typedef Param<bit<16>> Param16;
control c() {
    Param16<bit<16>>(16w1) p;
    apply {}
}
