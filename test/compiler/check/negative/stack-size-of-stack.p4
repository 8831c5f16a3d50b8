// Rule: a header stack size cannot use another stack's .size (it is not yet known when types are resolved)
// expect: 9 not-constant
#include <core.p4>
header h_t { bit<8> f; }
control C() {
    apply {
        h_t[4] s1;
        h_t[3 + 1] ok;
        h_t[s1.size + 1] s2;
    }
}
