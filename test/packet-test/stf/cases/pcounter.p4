/*
 * p4ts STF test program: ParserCounter loaded from a 4-bit field in the high half of a byte,
 * with a rotate and a negative add (docs/tna-externs.md, "ParserCounter"). Frames: `a`
 * (f: 4 bits, p: 4, n: 8) then `b` (8 bits). The counter takes f in its place in the byte
 * (p as 0), rotated right by 2
 * (f = 6 gives 0x60 -> 0x18 = 24), minus 20, then minus 4 when b is extracted; when it is
 * zero the parser extracts `c` and ingress sends the packet to port 2.
 */
#include <core.p4>
#include <tna.p4>

header a_t { bit<4> f; bit<4> p; bit<8> n; }
header b_t { bit<8> v; }
header c_t { bit<8> v; }
struct headers_t { a_t a; b_t b; c_t c; }
struct md_t { }

parser IgParser(packet_in pkt, out headers_t hdr, out md_t md,
                out ingress_intrinsic_metadata_t ig_intr_md) {
    ParserCounter() pctr;
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        pkt.extract(hdr.a);
        pctr.set(hdr.a.f, 8w240, 8w2, 3w7, -20);
        pkt.extract(hdr.b);
        pctr.decrement(8w4);
        transition select(pctr.is_zero()) {
            true: parse_c;
            default: accept;
        }
    }
    state parse_c {
        pkt.extract(hdr.c);
        transition accept;
    }
}

control Ingress(inout headers_t hdr, inout md_t md,
                in ingress_intrinsic_metadata_t ig_intr_md,
                in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
                inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
                inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    apply {
        if (hdr.c.isValid()) { ig_tm_md.ucast_egress_port = 2; }
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
