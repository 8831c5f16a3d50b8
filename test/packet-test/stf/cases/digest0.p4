/*
 * p4ts STF test program: a digest selected by digest_type 0 (docs/tna-semantics.md,
 * "Digest"). Frames: Ethernet. learn_t on the source MAC: a miss runs learn(), which writes
 * digest_type = 0 and keeps the ingress port; an entry runs known(), which writes nothing.
 * The deparser packs {src_addr, port} `if (digest_type == 0)`: only learn()'s packets send
 * it, although the field reads 0 for known()'s too. Every packet goes back out of its port.
 */

#include <core.p4>
#include <tna.p4>

header ethernet_h {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

struct headers_t {
    ethernet_h ethernet;
}

struct metadata_t {
    PortId_t port;
}

struct learn_t {
    bit<48>  src_addr;
    PortId_t port;
}

parser IgParser(packet_in pkt, out headers_t hdr, out metadata_t md,
                out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        pkt.extract(hdr.ethernet);
        transition accept;
    }
}

control Ig(inout headers_t hdr, inout metadata_t md,
           in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    action learn() {
        ig_dprsr_md.digest_type = 0;
        md.port = ig_intr_md.ingress_port;
    }
    action known() { }
    table learn_t {
        key = { hdr.ethernet.src_addr : exact; }
        actions = { learn; known; }
        const default_action = learn();
    }
    apply {
        learn_t.apply();
        ig_tm_md.ucast_egress_port = ig_intr_md.ingress_port;
        ig_tm_md.bypass_egress = 1;
    }
}

control IgDeparser(packet_out pkt, inout headers_t hdr, in metadata_t md,
                   in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    Digest<learn_t>() learned;
    apply {
        if (ig_dprsr_md.digest_type == 0) {
            learned.pack({ hdr.ethernet.src_addr, md.port });
        }
        pkt.emit(hdr);
    }
}

parser EgParser(packet_in pkt, out headers_t hdr, out metadata_t md,
                out egress_intrinsic_metadata_t eg_intr_md) {
    state start {
        pkt.extract(eg_intr_md);
        transition accept;
    }
}

control Eg(inout headers_t hdr, inout metadata_t md,
           in egress_intrinsic_metadata_t eg_intr_md,
           in egress_intrinsic_metadata_from_parser_t eg_prsr_md,
           inout egress_intrinsic_metadata_for_deparser_t eg_dprsr_md,
           inout egress_intrinsic_metadata_for_output_port_t eg_oport_md) {
    apply { }
}

control EgDeparser(packet_out pkt, inout headers_t hdr, in metadata_t md,
                   in egress_intrinsic_metadata_for_deparser_t eg_dprsr_md) {
    apply { pkt.emit(hdr); }
}

Pipeline(IgParser(), Ig(), IgDeparser(), EgParser(), Eg(), EgDeparser()) pipe;
Switch(pipe) main;
