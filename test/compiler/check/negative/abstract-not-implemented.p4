// Rule: an instance implements its extern's abstract methods
// expect: 11 abstract
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
extern Act<T> {
    Act();
    abstract void apply(inout T v);
}
control C() {
    Act<bit<8>>() act;
    apply {}
}
