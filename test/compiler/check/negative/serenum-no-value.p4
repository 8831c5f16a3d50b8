// Rule: every member of a serializable enum has a value
// expect: 6 type-error
#include <core.p4>
enum bit<8> E {
    A = 1,
    B
}
