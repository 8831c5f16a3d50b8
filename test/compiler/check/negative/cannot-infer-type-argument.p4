// Rule: a type argument that no argument fixes must be given
// expect: 9 type-error
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
extern T make<T>();
control C(inout bit<8> a) {
    apply {
        make();
    }
}
