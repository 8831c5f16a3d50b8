// Rule: a type named main is not a package instantiation
// expect: 4 type-error
#include <core.p4>
extern main {}
