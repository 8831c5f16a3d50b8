// Rule: / and % need compile-time known operands unless the divisor is a power of two
// expect: 10 invalid
#include <core.p4>
control C(inout bit<8> a, in bit<8> d) {
    bit<8> three = 3;
    bit<8> four = 4;
    apply {
        a = a / four;
        a = 8w0 % d;
        a = a / three;
    }
}
control Ctl(inout bit<8> a, in bit<8> d);
package Top(Ctl c);
Top(C()) main;
