// Rule: a header field cannot be a header
// expect: 6 type-error
#include <core.p4>
header a_t { bit<8> x; }
header b_t {
    a_t inner;
}
