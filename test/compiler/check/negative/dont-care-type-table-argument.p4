// Rule: a parameter typed with the don't-care type `_` cannot take a table, which is no value
// expect: 13 type-error
#include <core.p4>
extern E<T> {
    E();
    void f(in T arg);
}
control c() {
    E<_>() e;
    table t { actions = { NoAction; } }
    apply {
        t.apply();
        e.f(t);
    }
}
