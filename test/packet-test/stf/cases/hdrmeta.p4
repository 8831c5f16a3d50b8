/*
 * p4ts STF test program: user metadata declared as a header (not a struct), as some Tofino
 * programs write it. The parser stores a lookahead of the next 24 bits in it; a table keyed
 * on it forwards to port 10. Frames: `h1` (32 bits) then, when it follows, `h2` (24 bits).
 */
#include <core.p4>
#include <tna.p4>

header h1_t { bit<32> f; }
header h2_t { bit<24> f; }
struct headers_t { h1_t h1; h2_t h2; }
header user_md_t { bit<24> next; }

parser IgParser(packet_in pkt, out headers_t hdr, out user_md_t md,
                out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        pkt.extract(hdr.h1);
        md.next = pkt.lookahead<bit<24>>();
        transition select(md.next) {
            0xc0ffee: parse_h2;
            default: accept;
        }
    }
    state parse_h2 {
        pkt.extract(hdr.h2);
        transition accept;
    }
}

control Ingress(inout headers_t hdr, inout user_md_t md,
                in ingress_intrinsic_metadata_t ig_intr_md,
                in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
                inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
                inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    action forward() { ig_tm_md.ucast_egress_port = 10; }
    table t {
        key = { md.next : exact; }
        actions = { forward; NoAction; }
        default_action = NoAction;
    }
    apply { t.apply(); }
}

control IgDeparser(packet_out pkt, inout headers_t hdr, in user_md_t md,
                   in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    apply { pkt.emit(hdr); }
}

parser EgParser(packet_in pkt, out headers_t hdr, out user_md_t md,
                out egress_intrinsic_metadata_t eg_intr_md) {
    state start { pkt.extract(eg_intr_md); transition accept; }
}

control Egress(inout headers_t hdr, inout user_md_t md,
               in egress_intrinsic_metadata_t eg_intr_md,
               in egress_intrinsic_metadata_from_parser_t eg_prsr_md,
               inout egress_intrinsic_metadata_for_deparser_t eg_dprsr_md,
               inout egress_intrinsic_metadata_for_output_port_t eg_oport_md) {
    apply { }
}

control EgDeparser(packet_out pkt, inout headers_t hdr, in user_md_t md,
                   in egress_intrinsic_metadata_for_deparser_t eg_dprsr_md) {
    apply { pkt.emit(hdr); }
}

Pipeline(IgParser(), Ingress(), IgDeparser(), EgParser(), Egress(), EgDeparser()) pipe;
Switch(pipe) main;
