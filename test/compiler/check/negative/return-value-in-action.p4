// Rule: an action returns no value
// expect: 7 type-error
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
action act(inout bit<8> x) {
    return x;
}
