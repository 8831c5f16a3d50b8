// Rule: an extern's method parameters follow the direction rules once its type arguments are in
// expect: 7 type-error
// expect: 11 type-error
#include <core.p4>
extern StackAction<T, U> {
    StackAction();
    abstract void underflow(inout T value, out U rv);
}
control C() {
    StackAction<bit<16>, string>() read = {
        void underflow(inout bit<16> value, out string rv) {}
    };
    apply {}
}
