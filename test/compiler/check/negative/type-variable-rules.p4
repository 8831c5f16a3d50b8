// Rule: values of a type variable are not compared; `_` infers nothing; a string is never a directional argument
// expect: 7 type-error
// expect: 9 type-error
// expect: 14 type-error
#include <core.p4>
bool same<T>(in T a, in T b) {
    return a == b;
}
extern void f<T>(in T data);
extern void g<T>(out T data);
control c() {
    apply {
        f("text");
        g(_);
    }
}
