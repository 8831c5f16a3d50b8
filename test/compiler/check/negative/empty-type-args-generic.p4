// Rule: an empty type-argument list on a generic type still needs its type arguments
// expect: 6 type-error
#include <core.p4>
extern Box<T> { Box(); T get(); }
control C() {
    Box<>() b;
    apply { }
}
