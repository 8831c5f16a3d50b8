// Rule: inside a generic function or control, a value of type T fits only a parameter of type T
// expect: 8 type-error
// expect: 13 type-error
#include <core.p4>
extern void f(in int<32> d);
void g<t>(in t a) {}
void h<t>(in t b) {
    g<match_kind>(b);
    g(b);
}
control p<T>(in T x) {
    apply {
        f(x);
    }
}
