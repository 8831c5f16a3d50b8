// Rule: only parameters of prototypes (externs, packages, parser and control types) may be @optional
// expect: 5 type-error
// expect: 8 type-error
#include <core.p4>
bit<8> f(@optional in bit<8> a) {
    return a;
}
control g(in bit<8> t)(@optional bit<8> tt) {
    apply {}
}
extern void e(@optional in bit<8> a);
