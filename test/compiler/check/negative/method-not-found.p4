// Rule: an extern has only its declared methods
// expect: 13 not-found
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
extern Thing {
    Thing();
    void poke();
}
control C() {
    Thing() thing;
    apply {
        thing.prod();
    }
}
