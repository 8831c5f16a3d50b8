// Rule: an extern instance is passed without a direction
// expect: 7 type-error
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
extern Thing { Thing(); }
control C(in Thing t) {
    apply {}
}
