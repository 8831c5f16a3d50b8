// Rule: entry forms that do not suit a match kind are reported after every type error
// expect: 14 type-error
// expect: 13 type-error
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; }
control C(inout hdrs_t hdr) {
    action a() {}
    table t {
        key = { hdr.h.f : ternary; }
        actions = { a; }
        const entries = {
            1 .. 2 : a();
            (1, 2) : a();
        }
    }
    apply { t.apply(); }
}
