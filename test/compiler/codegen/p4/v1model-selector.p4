// A v1model program of our own for v1model's table implementations
// (test/compiler/codegen/v1model-selector.test.ts): `by_profile` holds action_profile members,
// `by_selector` members or groups of an action_selector hashing h.sel with crc16.

#include <core.p4>
#include <v1model.p4>

header h_t {
    bit<8> k;
    bit<8> sel;
    bit<8> tag;
}

struct headers_t { h_t h; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    state start { pkt.extract(hdr.h); transition accept; }
}

control VC(inout headers_t hdr, inout meta_t meta) { apply { } }

control Ig(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    action_profile(32w4) prof;
    action_selector(HashAlgorithm.crc16, 32w16, 32w16) sel;

    action to_port(bit<9> port) { sm.egress_spec = port; }
    action set_tag(bit<8> t) { hdr.h.tag = t; }

    table by_profile {
        key = { hdr.h.k: exact; }
        actions = { set_tag; NoAction; }
        implementation = prof;
    }
    table by_selector {
        key = { hdr.h.k: exact; hdr.h.sel: selector; }
        actions = { to_port; NoAction; }
        implementation = sel;
    }
    apply {
        sm.egress_spec = 1;
        by_profile.apply();
        by_selector.apply();
    }
}

control Eg(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) { apply { } }
control CC(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }

V1Switch(P(), VC(), Ig(), Eg(), CC(), D()) main;
