// Rule: a parser local in a select keyset must be a constant that nothing writes
// expect: 12 not-constant
#include <core.p4>
header h_t { bit<8> f; }
struct hdrs_t { h_t h; }
parser P(packet_in pkt, out hdrs_t hdr) {
    state start {
        bit<8> k = 7;
        pkt.extract(hdr.h);
        k = hdr.h.f;
        transition select(hdr.h.f) {
            k: accept;
            default: reject;
        }
    }
}
