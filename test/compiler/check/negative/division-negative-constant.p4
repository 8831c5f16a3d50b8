// Rule: / and % are not defined on negative numbers, even an int constant that would become a bit<W>
// expect: 8 overflow
// expect: 8 expression
// expect: 9 overflow
// expect: 9 expression
#include <core.p4>
action act(inout bit<8> a) {
    a = a / -1;
    a = -5 % a;
}
