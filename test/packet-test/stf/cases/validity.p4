/*
 * p4ts STF test program: container validity (docs/tna-semantics.md, "Container validity").
 * Ingress reports in r1-r4 whether a container is valid: a metadata field before and after
 * a write (the write happens only when mode is 1), after invalidate(), and the deparser's
 * drop_ctl, which the parser zeroes and so is valid from the start.
 */
#include <core.p4>
#include <tna.p4>

header a_t { bit<8> mode; bit<8> r1; bit<8> r2; bit<8> r3; bit<8> r4; }
struct headers_t { a_t a; }
struct md_t { bit<16> x; }

parser IgParser(packet_in pkt, out headers_t hdr, out md_t md,
                out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        pkt.extract(hdr.a);
        transition accept;
    }
}

control Ingress(inout headers_t hdr, inout md_t md,
                in ingress_intrinsic_metadata_t ig_intr_md,
                in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
                inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
                inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    apply {
        ig_tm_md.ucast_egress_port = 2;
        hdr.a.r1 = is_validated(md.x) ? 8w1 : 8w0;
        if (hdr.a.mode == 1) { md.x = 5; }
        hdr.a.r2 = is_validated(md.x) ? 8w1 : 8w0;
        invalidate(md.x);
        hdr.a.r3 = is_validated(md.x) ? 8w1 : 8w0;
        hdr.a.r4 = is_validated(ig_dprsr_md.drop_ctl) ? 8w1 : 8w0;
    }
}

control IgDeparser(packet_out pkt, inout headers_t hdr, in md_t md,
                   in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    apply { pkt.emit(hdr); }
}

parser EgParser(packet_in pkt, out headers_t hdr, out md_t md,
                out egress_intrinsic_metadata_t eg_intr_md) {
    state start { pkt.extract(eg_intr_md); transition accept; }
}

control Egress(inout headers_t hdr, inout md_t md,
               in egress_intrinsic_metadata_t eg_intr_md,
               in egress_intrinsic_metadata_from_parser_t eg_prsr_md,
               inout egress_intrinsic_metadata_for_deparser_t eg_dprsr_md,
               inout egress_intrinsic_metadata_for_output_port_t eg_oport_md) {
    apply { }
}

control EgDeparser(packet_out pkt, inout headers_t hdr, in md_t md,
                   in egress_intrinsic_metadata_for_deparser_t eg_dprsr_md) {
    apply { pkt.emit(hdr); }
}

Pipeline(IgParser(), Ingress(), IgDeparser(), EgParser(), Egress(), EgDeparser()) pipe;
Switch(pipe) main;
