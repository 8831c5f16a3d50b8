// Rule: a select key needs a width: an integer literal key is rejected at the key
// expect: 8 type-error
#include <core.p4>
header h_t { bit<8> f; }
struct hdrs_t { h_t h; }
parser P(packet_in pkt, out hdrs_t hdr) {
    state start {
        transition select(1) {
            1: accept;
            default: reject;
        }
    }
}
