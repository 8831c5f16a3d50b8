// Rule: extern methods return no unsized int, and two methods with the same name and parameter names clash
// expect: 8 invalid-expression
// expect: 10 duplicate
// expect: 12 duplicate
#include <core.p4>
extern e {
    e();
    abstract int f();
    e(bit<8> x);
    e(bit<8> x);
    void m(bit<8> a);
    void m(bit<8> a);
    void m(bit<8> a, bit<8> b);
}
