/*
 * p4ts STF test program: Tofino 1's packet generator (docs/tna-semantics.md, "The packet
 * generator"). Packets entering on a pipe's port 68 (the generator's and the recirculation
 * port) whose first byte has the generator header's pad bits clear are generated: app 1 and 2
 * timer apps, app 3 port-down, app 4 recirculation-pattern. Each keeps its 6-byte header and
 * leaves by port 1 (timer), 2 (port down) or 3 (recirculation); `per_app` counts them by app.
 * A frame to dst 1 gets a 4-byte tag 0xff00abcd and goes to port 68 (recirculation); back in,
 * the tag is removed and it leaves by port 5. Other frames leave by port 4.
 */

#include <core.p4>
#include <tna.p4>

header ethernet_h {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

header tag_h {
    bit<32> tag;
}

struct headers_t {
    pktgen_timer_header_t     timer;
    pktgen_port_down_header_t port_down;
    pktgen_recirc_header_t    recirc;
    tag_h                     tag;
    ethernet_h                ethernet;
}

struct metadata_t {}

parser IgParser(packet_in pkt, out headers_t hdr, out metadata_t md,
                out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        // First byte: 3 pad bits, pipe_id (2), app_id (3); the pipe bits are don't-care.
        transition select(ig_intr_md.ingress_port[6:0], pkt.lookahead<bit<8>>()) {
            (68, 0x01 &&& 0xe7) : parse_timer;
            (68, 0x02 &&& 0xe7) : parse_timer;
            (68, 0x03 &&& 0xe7) : parse_port_down;
            (68, 0x04 &&& 0xe7) : parse_recirc;
            (68, 0xff) : parse_tag;
            default : parse_ethernet;
        }
    }
    state parse_timer {
        pkt.extract(hdr.timer);
        transition accept;
    }
    state parse_port_down {
        pkt.extract(hdr.port_down);
        transition accept;
    }
    state parse_recirc {
        pkt.extract(hdr.recirc);
        transition accept;
    }
    state parse_tag {
        pkt.extract(hdr.tag);
        transition parse_ethernet;
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
    Counter<bit<32>, bit<3>>(8, CounterType_t.PACKETS_AND_BYTES) per_app;

    apply {
        if (hdr.timer.isValid()) {
            per_app.count(hdr.timer.app_id);
            ig_tm_md.ucast_egress_port = 1;
        } else if (hdr.port_down.isValid()) {
            per_app.count(hdr.port_down.app_id);
            ig_tm_md.ucast_egress_port = 2;
        } else if (hdr.recirc.isValid()) {
            per_app.count(hdr.recirc.app_id);
            ig_tm_md.ucast_egress_port = 3;
        } else if (hdr.tag.isValid()) {
            hdr.tag.setInvalid();
            ig_tm_md.ucast_egress_port = 5;
        } else if (hdr.ethernet.dst_addr == 1) {
            hdr.tag.setValid();
            hdr.tag.tag = 0xff00abcd;
            ig_tm_md.ucast_egress_port = 68;
        } else {
            ig_tm_md.ucast_egress_port = 4;
        }
        ig_tm_md.bypass_egress = 1;
    }
}

control IgDeparser(packet_out pkt, inout headers_t hdr, in metadata_t md,
                   in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    apply {
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
