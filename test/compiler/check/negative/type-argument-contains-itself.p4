// Rule: a generic type is never given itself as a type argument
// expect: 8 type-error
// expect: 12 type-error
#include <core.p4>
struct pair_t<T> {
    T first;
}
typedef pair_t<pair_t<bit<8>>> nested_t;
extern Box<T> {
    Box();
}
Box<Box<bit<32>>>() box;
