// Rule: `...` is no default value of a parameter
// expect: 5 not-constant
#include <core.p4>
extern E {
    E(list<bit<32>> data = ...);
}
