// Rule: directionless action parameters come last
// expect: 6 direction
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
action act(bit<8> v, inout bit<8> x) {
    x = v;
}
