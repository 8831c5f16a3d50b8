// Rule: a parameter typed with the don't-care type `_` gets no type from its argument
// expect: 11 type-error
#include <core.p4>
extern E<T> {
    E();
    void f(in T arg);
}
control c() {
    E<_>() e;
    apply {
        e.f(8w0);
    }
}
