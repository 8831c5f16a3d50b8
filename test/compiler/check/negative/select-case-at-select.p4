// Rule: a select case that does not fit the keys is reported at its select (as p4c does)
// expect: 8 type-error
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; }
parser P(packet_in pkt, out hdrs_t hdr) {
    state start {
        transition select(hdr.h.f,
                          hdr.h.g) {
            (8w1, 4w2): accept;
            default: reject;
        }
    }
}
