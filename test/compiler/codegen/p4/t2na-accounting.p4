// A Tofino 2 (T2NA) program of ours: 24 bytes of port metadata, the 28-byte egress intrinsic
// header, and egress counters with and without true_egress_accounting while egress removes
// a 20-byte header. Compiled with --target tofino2 by tofino2.test.ts.
#include <core.p4>
#include <t2na.p4>

header eth_t { bit<48> dst; bit<48> src; bit<16> type; }
header tag_t { bit<64> a; bit<64> b; bit<32> c; }
struct headers_t { eth_t eth; tag_t tag; }
struct md_t { }

parser IgParser(packet_in pkt, out headers_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        transition accept;
    }
}

control Ig(inout headers_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    Counter<bit<32>, PortId_t>(512, CounterType_t.PACKETS_AND_BYTES) rx;
    apply {
        rx.count(ig_intr_md.ingress_port);
        ig_tm_md.ucast_egress_port = ig_intr_md.ingress_port + 1;
    }
}

control IgDeparser(packet_out pkt, inout headers_t hdr, in md_t md,
                   in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    apply { }
}

parser EgParser(packet_in pkt, out headers_t hdr, out md_t md, out egress_intrinsic_metadata_t eg_intr_md) {
    state start {
        pkt.extract(eg_intr_md);
        pkt.extract(hdr.eth);
        transition select(hdr.eth.type) {
            0x88b5: parse_tag;
            default: accept;
        }
    }
    state parse_tag {
        pkt.extract(hdr.tag);
        transition accept;
    }
}

control Eg(inout headers_t hdr, inout md_t md, in egress_intrinsic_metadata_t eg_intr_md,
           in egress_intrinsic_metadata_from_parser_t eg_prsr_md,
           inout egress_intrinsic_metadata_for_deparser_t eg_dprsr_md,
           inout egress_intrinsic_metadata_for_output_port_t eg_oport_md) {
    Counter<bit<32>, bit<1>>(1, CounterType_t.PACKETS_AND_BYTES) as_received;
    Counter<bit<32>, bit<1>>(1, CounterType_t.PACKETS_AND_BYTES, true) as_sent;
    DirectCounter<bit<32>>(CounterType_t.PACKETS_AND_BYTES, true) direct_sent;
    action strip() {
        hdr.tag.setInvalid();
        direct_sent.count();
    }
    table by_src {
        key = { hdr.eth.src : exact; }
        actions = { strip; @defaultonly NoAction; }
        const default_action = NoAction;
        counters = direct_sent;
        size = 16;
    }
    apply {
        as_received.count(0);
        as_sent.count(0);
        by_src.apply();
        // The egress header's last fields sit where the Tofino 2 layout puts them.
        hdr.eth.dst = (bit<48>)eg_intr_md.pkt_length;
        hdr.eth.dst[47:32] = (bit<16>)eg_intr_md.egress_port;
    }
}

control EgDeparser(packet_out pkt, inout headers_t hdr, in md_t md,
                   in egress_intrinsic_metadata_for_deparser_t eg_dprsr_md) {
    apply { pkt.emit(hdr); }
}

Pipeline(IgParser(), Ig(), IgDeparser(), EgParser(), Eg(), EgDeparser()) pipe;
Switch(pipe) main;
