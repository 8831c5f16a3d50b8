// Rule: ++ joins two strings or two fixed-width integers, never one of each
// expect: 4 type-error
#include <core.p4>
const string s = "a" ++ 8w1;
