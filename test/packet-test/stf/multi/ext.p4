// One of two programs sharing a device in the several-program tests (docs/multi-pipe.md):
// its ingress stamps trail.ig and its egress trail.eg with 0x0a, so a packet out shows which
// program ran each half, and its ingress deparser sends the digest IngressDeparser.trail.
// Both programs name their objects alike (Ingress.route, Ingress.seen, IngressDeparser.trail).
#include <tna.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header trail_h { bit<8> ig; bit<8> eg; bit<16> hops; }
struct headers_t { ethernet_h ethernet; trail_h trail; }
struct meta_t {}
struct trail_digest_t { bit<8> ig; bit<16> hops; }

parser IngressParser(packet_in pkt, out headers_t hdr, out meta_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) { 0x88b5: parse_trail; default: accept; }
    }
    state parse_trail { pkt.extract(hdr.trail); transition accept; }
}

control Ingress(inout headers_t hdr, inout meta_t md, in ingress_intrinsic_metadata_t ig_intr_md,
                in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
                inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
                inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    Counter<bit<32>, PortId_t>(512, CounterType_t.PACKETS) seen;
    action to(PortId_t port) { ig_tm_md.ucast_egress_port = port; }
    table route {
        key = { ig_intr_md.ingress_port : exact; }
        actions = { to; NoAction; }
        default_action = NoAction;
        size = 64;
    }
    apply {
        ig_dprsr_md.digest_type = 1;
        seen.count(ig_intr_md.ingress_port);
        hdr.trail.ig = 0x0a;
        hdr.trail.hops = hdr.trail.hops + 1;
        route.apply();
    }
}

control IngressDeparser(packet_out pkt, inout headers_t hdr, in meta_t md,
                        in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    Digest<trail_digest_t>(1) trail;
    apply {
        if (ig_dprsr_md.digest_type == 1) trail.pack({hdr.trail.ig, hdr.trail.hops});
        pkt.emit(hdr);
    }
}

parser EgressParser(packet_in pkt, out headers_t hdr, out meta_t md, out egress_intrinsic_metadata_t eg_intr_md) {
    state start {
        pkt.extract(eg_intr_md);
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) { 0x88b5: parse_trail; default: accept; }
    }
    state parse_trail { pkt.extract(hdr.trail); transition accept; }
}

control Egress(inout headers_t hdr, inout meta_t md, in egress_intrinsic_metadata_t eg_intr_md,
               in egress_intrinsic_metadata_from_parser_t eg_prsr_md,
               inout egress_intrinsic_metadata_for_deparser_t eg_dprsr_md,
               inout egress_intrinsic_metadata_for_output_port_t eg_oport_md) {
    apply { hdr.trail.eg = 0x0a; }
}

control EgressDeparser(packet_out pkt, inout headers_t hdr, in meta_t md,
                       in egress_intrinsic_metadata_for_deparser_t eg_dprsr_md) {
    apply { pkt.emit(hdr); }
}

Pipeline(IngressParser(), Ingress(), IngressDeparser(), EgressParser(), Egress(), EgressDeparser()) pipe;
Switch(pipe) main;
