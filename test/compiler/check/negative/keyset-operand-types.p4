// Rule: the two sides of a keyset mask or range have one type (reported at the mask, not at the select)
// expect: 9 type-error
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; }
parser P(packet_in pkt, out hdrs_t hdr) {
    state start {
        transition select(hdr.h.g) {
            16w4096 &&& 8w15: accept;
            default: reject;
        }
    }
}
