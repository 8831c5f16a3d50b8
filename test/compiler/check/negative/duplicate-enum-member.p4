// Rule: enum members are distinct
// expect: 6 duplicate
#include <core.p4>
enum E {
    A,
    A
}
