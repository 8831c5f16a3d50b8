// Rule: select case values have the key type
// expect: 8 type-error
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
parser P(packet_in pkt, out hdrs_t hdr, inout bit<8> a) {
    state start {
        transition select(a) {
            true: accept;
            default: reject;
        }
    }
}
