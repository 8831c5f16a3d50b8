/*
 * p4ts STF test program: Checksum.subtract_all_and_deposit called before the subtracts of the
 * same state (bf-p4c's checksum_splitting does so): the residual is the unit's sum when the
 * parse ends, so those subtracts count (docs/tna-semantics.md, "Checksum"). Frames: `h` (a, b:
 * 16 bits; csum: the ones' complement checksum of a and b). The parser deposits, then
 * subtracts a and csum: the residual is b. Ingress adds 1 to a; the deparser sets
 * csum = update({a, residual}), the checksum of the new a and b. Out on port 2.
 */
#include <core.p4>
#include <tna.p4>

header h_t { bit<16> a; bit<16> b; bit<16> csum; }
struct headers_t { h_t h; }
struct md_t { bit<16> residual; }

parser IgParser(packet_in pkt, out headers_t hdr, out md_t md,
                out ingress_intrinsic_metadata_t ig_intr_md) {
    Checksum() ck;
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        pkt.extract(hdr.h);
        ck.subtract_all_and_deposit(md.residual);
        ck.subtract({hdr.h.a});
        ck.subtract({hdr.h.csum});
        transition accept;
    }
}

control Ingress(inout headers_t hdr, inout md_t md,
                in ingress_intrinsic_metadata_t ig_intr_md,
                in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
                inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
                inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    apply {
        hdr.h.a = hdr.h.a + 1;
        ig_tm_md.ucast_egress_port = 2;
    }
}

control IgDeparser(packet_out pkt, inout headers_t hdr, in md_t md,
                   in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    Checksum() ck;
    apply {
        hdr.h.csum = ck.update({hdr.h.a, md.residual});
        pkt.emit(hdr);
    }
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
