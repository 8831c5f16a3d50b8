// Rule: a parameter typed with the don't-care type `_` takes its argument's type, which an int literal does not have
// expect: 11 type-error
#include <core.p4>
extern E<T> {
    E();
    void f(in T arg);
}
control c() {
    E<_>() e;
    apply {
        e.f(0);
    }
}
