// Rule: packet_in.extract writes its argument
// expect: 8 direction
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
parser P(packet_in pkt, in h_t h) {
    state start {
        pkt.extract(h);
        transition accept;
    }
}
