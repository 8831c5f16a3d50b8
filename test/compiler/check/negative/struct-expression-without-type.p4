// Rule: struct expressions without a type cannot be compared, nor give a type variable its type
// expect: 8 type-error
// expect: 9 type-error
#include <core.p4>
extern void take<T>(in T data);
control c() {
    apply {
        bool b = {a = 32w1, b = 32w2} == {a = 32w1, b = 32w2};
        take({a = 8w1});
    }
}
