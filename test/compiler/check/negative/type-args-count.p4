// Rule: a generic type takes as many type arguments as it declares
// expect: 10 type-error
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
extern Box<T> {
    Box();
}
control C() {
    Box<bit<8>, bit<8>>() box;
    apply {}
}
