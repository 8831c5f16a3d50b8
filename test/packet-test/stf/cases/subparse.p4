/*
 * p4ts STF test program: a sub-parser applied inside an `if` of a parser state (P4 spec
 * §12: parser states may hold conditionals; §13.8: sub-parser apply). Header `a` says in
 * `kind` whether a `b` follows; only then the sub-parser extracts it. Either arm records
 * which one ran in `seen`, and the statement after the `if` runs on both paths.
 */
#include <core.p4>
#include <tna.p4>

header a_t { bit<8> kind; bit<8> seen; bit<8> after; }
header b_t { bit<16> v; }
struct headers_t { a_t a; b_t b; }
struct md_t { }

parser SubParser(packet_in pkt, out b_t b) {
    state start { pkt.extract(b); transition accept; }
}

parser IgParser(packet_in pkt, out headers_t hdr, out md_t md,
                out ingress_intrinsic_metadata_t ig_intr_md) {
    SubParser() sub;
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        pkt.extract(hdr.a);
        if (hdr.a.kind == 1) {
            sub.apply(pkt, hdr.b);
            hdr.a.seen = 1;
        } else {
            hdr.a.seen = 2;
        }
        hdr.a.after = 3;
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
        if (hdr.b.isValid()) { hdr.b.v = hdr.b.v + 1; }
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
