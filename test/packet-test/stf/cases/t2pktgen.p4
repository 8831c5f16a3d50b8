/*
 * p4ts STF test program (Tofino 2, compiled with --target tofino2): the packet generator's
 * Tofino 2 header (4-bit app_id), generation on an app's channel (local port 3 of its pipe),
 * and the deparser trigger (docs/tna-semantics.md, "The packet generator"). Packets entering
 * on local port 3 whose first byte's app_id is 1 are timer packets (out port 1, kept whole);
 * app_id 2 deparser-triggered ones, header and 16 bytes of context (out port 2). A frame to
 * dst 1 asks the deparser to trigger with the context feedfacecafebeef, its source address,
 * 1234; every other frame, and that one, leaves by port 4.
 */

#include <core.p4>
#include <t2na.p4>

header ethernet_h {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

header context_h {
    bit<128> f;
}

struct headers_t {
    pktgen_timer_header_t    timer;
    pktgen_deparser_header_t dprsr;
    context_h                context;
    ethernet_h               ethernet;
}

struct metadata_t {
    bit<128> context;
}

parser IgParser(packet_in pkt, out headers_t hdr, out metadata_t md,
                out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        // First byte: 2 pad bits, pipe_id (2), app_id (4); the pipe bits are don't-care.
        transition select(ig_intr_md.ingress_port[6:0], pkt.lookahead<bit<8>>()) {
            (3, 0x01 &&& 0xcf) : parse_timer;
            (3, 0x02 &&& 0xcf) : parse_dprsr;
            default : parse_ethernet;
        }
    }
    state parse_timer {
        pkt.extract(hdr.timer);
        transition accept;
    }
    state parse_dprsr {
        pkt.extract(hdr.dprsr);
        pkt.extract(hdr.context);
        transition accept;
    }
    state parse_ethernet {
        pkt.extract(hdr.ethernet);
        transition accept;
    }
}

control Ig(inout headers_t hdr, inout metadata_t md,
           in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    apply {
        if (hdr.timer.isValid()) {
            ig_tm_md.ucast_egress_port = 1;
        } else if (hdr.dprsr.isValid()) {
            ig_tm_md.ucast_egress_port = 2;
        } else {
            if (hdr.ethernet.dst_addr == 1) {
                md.context = 64w0xfeedfacecafebeef ++ hdr.ethernet.src_addr ++ 16w0x1234;
                ig_dprsr_md.pktgen = 1;
            }
            ig_tm_md.ucast_egress_port = 4;
        }
        ig_tm_md.bypass_egress = 1;
    }
}

control IgDeparser(packet_out pkt, inout headers_t hdr, in metadata_t md,
                   in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    Pktgen() pgen;
    apply {
        if (ig_dprsr_md.pktgen == 1) {
            pgen.emit(md.context);
        }
        pkt.emit(hdr);
    }
}

struct eg_headers_t {}

parser EgParser(packet_in pkt, out eg_headers_t hdr, out metadata_t md,
                out egress_intrinsic_metadata_t eg_intr_md) {
    state start {
        pkt.extract(eg_intr_md);
        transition accept;
    }
}

control Eg(inout eg_headers_t hdr, inout metadata_t md,
           in egress_intrinsic_metadata_t eg_intr_md,
           in egress_intrinsic_metadata_from_parser_t eg_prsr_md,
           inout egress_intrinsic_metadata_for_deparser_t eg_dprsr_md,
           inout egress_intrinsic_metadata_for_output_port_t eg_oport_md) {
    apply {}
}

control EgDeparser(packet_out pkt, inout eg_headers_t hdr, in metadata_t md,
                   in egress_intrinsic_metadata_for_deparser_t eg_dprsr_md) {
    apply {
        pkt.emit(hdr);
    }
}

Pipeline(IgParser(), Ig(), IgDeparser(), EgParser(), Eg(), EgDeparser()) pipe;
Switch(pipe) main;
