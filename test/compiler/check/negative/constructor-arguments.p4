// Rule: an extern constructor takes its declared arguments
// expect: 10 arguments
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
extern Thing {
    Thing(bit<32> size);
}
control C() {
    Thing() thing;
    apply {}
}
