// Rule: actions are not called from parsers
// expect: 9 invalid-statement
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
action act() {}
parser P(packet_in pkt) {
    state start {
        act();
        transition accept;
    }
}
