// A value_set of a struct with a nested struct matches the select's keys field by field,
// the nested struct's fields flattened in order.
#include <core.p4>
header h_t { bit<32> a; bit<32> b; bit<16> c; }
struct inner_t { bit<32> b; bit<16> c; }
struct vs_t { bit<32> a; inner_t inner; }
parser P(packet_in pkt, out h_t h) {
    value_set<vs_t>(4) pvs;
    state start {
        pkt.extract(h);
        transition select(h.a, h.b, h.c) {
            pvs: accept;
            default: reject;
        }
    }
}
