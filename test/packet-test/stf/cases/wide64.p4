/*
 * p4ts STF test program: a RegisterAction on 64-bit cells (bf-p4c runs them in the stateful
 * ALU's dual mode; PIFINA keeps timestamps so). Each packet carries a 48-bit time `t`; the
 * action returns t minus the low 48 bits of the cell and stores 0x00ff ++ t, so the next
 * packet sees the gap since this one and the cell's top 16 bits show the whole word is kept.
 */
#include <core.p4>
#include <tna.p4>

header w_t { bit<48> t; bit<48> gap; }
struct headers_t { w_t w; }
struct md_t { }

parser IgParser(packet_in pkt, out headers_t hdr, out md_t md,
                out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        pkt.extract(hdr.w);
        transition accept;
    }
}

control Ingress(inout headers_t hdr, inout md_t md,
                in ingress_intrinsic_metadata_t ig_intr_md,
                in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
                inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
                inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    Register<bit<64>, bit<8>>(4, 0) stamps;
    RegisterAction<bit<64>, bit<8>, bit<48>>(stamps) since = {
        void apply(inout bit<64> v, out bit<48> rv) {
            rv = hdr.w.t - v[47:0];
            v = 16w0x00ff ++ hdr.w.t;
        }
    };
    apply {
        hdr.w.gap = since.execute(1);
        ig_tm_md.ucast_egress_port = 2;
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
