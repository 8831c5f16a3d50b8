// Rule: only an extern with abstract methods takes an initializer block
// expect: 8 invalid-expression
#include <core.p4>
extern e {
    e();
}
parser P()() {
    e() ee = {
        bit<1> f(in bit<1> a) { return a; }
    };
    state start { transition accept; }
}
