// Rule: a function with a result returns on every path
// expect: 6 type-error
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
bit<8> f(in bool c) {
    if (c) {
        return 1;
    }
}
