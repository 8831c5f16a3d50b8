// Rule: a `type` is cast only to and from the type it is built on
// expect: 10 type-error
#include <core.p4>
typedef bit<1> b1;
typedef bit<2> b2;
type b1 t1;
type t1 tt1;
t1 ok(b1 a, tt1 b) { return (t1)b; }
t1 func(b2 a) {
    return (t1)a;
}
