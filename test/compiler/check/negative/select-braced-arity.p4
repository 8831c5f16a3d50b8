// Rule: a braced list as a select case has one element per select expression
// expect: 8 type-error
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; }
parser P(packet_in pkt, out hdrs_t hdr, inout bit<8> a) {
    state start {
        transition select(a, hdr.h.f) {
            { 1, 2, 3 }: accept;
            default: reject;
        }
    }
}
