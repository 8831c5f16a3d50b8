// Rule: an int argument gives a type variable no width
// expect: 9 type-error
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
extern void put<T>(in T x);
control C() {
    apply {
        put(5);
    }
}
