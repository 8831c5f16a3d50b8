// Rule: an abstract method implementation's body is checked before its signature, which is reported at the instance
// expect: 12 type-error
// expect: 10 type-error
#include <core.p4>
extern Virtual {
    Virtual();
    abstract bit<16> f(in bit<16> ix);
}
control C(inout bit<16> x) {
    Virtual() cntr = {
        bool f(in bit<16> ix) {
            return ix + 1;
        }
    };
    apply { x = cntr.f(x); }
}
