/*
 * p4ts STF test program: what Tofino's parsers see around the frame (docs/tna-semantics.md,
 * "The frame check sequence" and "Egress intrinsic metadata").
 *  - The ingress parser extracts `h` (2 bytes) and `t` (2 bytes); a frame of 3 bytes leaves
 *    t's second byte in the frame's FCS. Ingress sends a packet whose `t` is valid to port 3.
 *  - The egress parser extracts `h` and `t` without extracting eg_intr_md (Tofino consumes
 *    the egress intrinsic header anyway); egress writes eg_intr_md.egress_port into `h`.
 */
#include <core.p4>
#include <tna.p4>

header h_t { bit<16> v; }
header t_t { bit<16> v; }
struct headers_t { h_t h; t_t t; }
struct md_t { }

parser IgParser(packet_in pkt, out headers_t hdr, out md_t md,
                out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        pkt.extract(hdr.h);
        pkt.extract(hdr.t);
        transition accept;
    }
}

control Ingress(inout headers_t hdr, inout md_t md,
                in ingress_intrinsic_metadata_t ig_intr_md,
                in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
                inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
                inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    apply {
        if (hdr.t.isValid()) {
            ig_tm_md.ucast_egress_port = 3;
        }
    }
}

control IgDeparser(packet_out pkt, inout headers_t hdr, in md_t md,
                   in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    apply { pkt.emit(hdr); }
}

parser EgParser(packet_in pkt, out headers_t hdr, out md_t md,
                out egress_intrinsic_metadata_t eg_intr_md) {
    state start {
        pkt.extract(hdr.h);
        transition accept;
    }
}

control Egress(inout headers_t hdr, inout md_t md,
               in egress_intrinsic_metadata_t eg_intr_md,
               in egress_intrinsic_metadata_from_parser_t eg_prsr_md,
               inout egress_intrinsic_metadata_for_deparser_t eg_dprsr_md,
               inout egress_intrinsic_metadata_for_output_port_t eg_oport_md) {
    apply {
        hdr.h.v = (bit<16>)eg_intr_md.egress_port;
    }
}

control EgDeparser(packet_out pkt, inout headers_t hdr, in md_t md,
                   in egress_intrinsic_metadata_for_deparser_t eg_dprsr_md) {
    apply { pkt.emit(hdr); }
}

Pipeline(IgParser(), Ingress(), IgDeparser(), EgParser(), Egress(), EgDeparser()) pipe;
Switch(pipe) main;
