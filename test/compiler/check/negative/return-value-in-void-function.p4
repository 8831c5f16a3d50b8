// Rule: a void function returns no value
// expect: 7 type-error
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
void f() {
    return 1;
}
