// Rule: field names of a header are distinct
// expect: 6 duplicate
#include <core.p4>
header x_t {
    bit<8> f;
    bit<8> f;
}
