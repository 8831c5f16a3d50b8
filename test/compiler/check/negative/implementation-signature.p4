// Rule: an abstract method implementation keeps the declared parameter types
// expect: 11 type-error
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
extern Act<T> {
    Act();
    abstract void apply(inout T v);
}
control C() {
    Act<bit<8>>() act = {
        void apply(inout bit<16> v) { v = 1; }
    };
    apply {}
}
