// A parameter typed with the don't-care type `_` takes its argument's type; p4c unifies `_`
// with anything, an int literal too (bf-p4c programs write `ra.execute(0)`).
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
