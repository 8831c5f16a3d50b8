// Rule: packet_in.extract fills headers
// expect: 9 type-error
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
struct s_t { bit<8> x; }
parser P(packet_in pkt, out s_t s) {
    state start {
        pkt.extract(s);
        transition accept;
    }
}
