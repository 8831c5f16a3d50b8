/*
 * p4ts STF test program (v1model): an indexed meter, `m.execute_meter(index, color)`, whose
 * index comes from the packet and whose color goes to a metadata field other than the index.
 * Frames: `h` (idx, color: 8 bits). Ingress meters with index h.idx and writes the color
 * (v1model: GREEN 0, YELLOW 1, RED 2) into h.color; every packet leaves by port 1.
 */

#include <core.p4>
#include <v1model.p4>

header h_t {
    bit<8> idx;
    bit<8> color;
}

struct headers_t {
    h_t h;
}

struct meta_t {
    bit<2> color;
}

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    state start {
        pkt.extract(hdr.h);
        transition accept;
    }
}

control VerifyCk(inout headers_t hdr, inout meta_t meta) { apply { } }

control Ig(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    meter(4, MeterType.bytes) m;
    apply {
        m.execute_meter((bit<32>)hdr.h.idx, meta.color);
        hdr.h.color = (bit<8>)meta.color;
        sm.egress_spec = 1;
    }
}

control Eg(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) { apply { } }

control ComputeCk(inout headers_t hdr, inout meta_t meta) { apply { } }

control D(packet_out pkt, in headers_t hdr) {
    apply { pkt.emit(hdr); }
}

V1Switch(P(), VerifyCk(), Ig(), Eg(), ComputeCk(), D()) main;
