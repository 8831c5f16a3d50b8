// Rule: a generic header re-checked once specialized: its fields must still be header field types
// expect: 5 type-error
#include <core.p4>
header h_t<T> {
    T data;
}
struct inner_t {
    bit<8> a;
}
struct s_t {
    h_t<bit<8>> good;
    h_t<inner_t> fine;
    h_t<int> bad;
}
