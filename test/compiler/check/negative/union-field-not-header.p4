// Rule: header union members are headers
// expect: 5 type-error
#include <core.p4>
header_union u_t {
    bit<8> x;
}
