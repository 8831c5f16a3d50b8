// Rule: a parameter's default value is a compile-time constant, never a call
// expect: 7 not-constant
#include <core.p4>
bit<1> h(in bit<1> a) {
    return a;
}
bit<1> f(in bit<1> a = h(1), in bit<1> b) {
    return b;
}
