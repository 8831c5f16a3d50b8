// Rule: a parser has a start state
// expect: 6 not-found
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
parser P(packet_in pkt) {
    state first { transition accept; }
}
