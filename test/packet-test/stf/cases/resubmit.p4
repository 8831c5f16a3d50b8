/*
 * p4ts STF test program: resubmit with a resubmit_type of 0 (docs/tna-semantics.md,
 * "Resubmit"). Frames: Ethernet (ether_type 0x88b5) then `data` (b1, b2: 8 bits).
 *   first pass: first_t on data.b1: resub(tag) writes resubmit_type = 0 and a resubmit header
 *     carrying tag; stay() writes nothing. The deparser resubmits `if (resubmit_type == 0)`.
 *   second pass (resubmit_flag 1): b2 = the tag from the resubmit header.
 * Every packet leaves by port 2.
 */

#include <core.p4>
#include <tna.p4>

header ethernet_h {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

header data_h {
    bit<8> b1;
    bit<8> b2;
}

header resub_h {
    bit<8>  tag;
    bit<56> pad;
}

struct headers_t {
    ethernet_h ethernet;
    data_h     data;
}

struct metadata_t {
    resub_h resub;
}

parser IgParser(packet_in pkt, out headers_t hdr, out metadata_t md,
                out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md);
        transition select(ig_intr_md.resubmit_flag) {
            1 : parse_resub;
            default : parse_port_md;
        }
    }
    state parse_resub {
        pkt.extract(md.resub);
        transition parse_ethernet;
    }
    state parse_port_md {
        pkt.advance(PORT_METADATA_SIZE);
        transition parse_ethernet;
    }
    state parse_ethernet {
        pkt.extract(hdr.ethernet);
        pkt.extract(hdr.data);
        transition accept;
    }
}

control Ingress(inout headers_t hdr, inout metadata_t md,
                in ingress_intrinsic_metadata_t ig_intr_md,
                in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
                inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
                inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    action resub(bit<8> tag) {
        ig_dprsr_md.resubmit_type = 0;
        md.resub.setValid();
        md.resub.tag = tag;
        md.resub.pad = 0;
    }
    action stay() { }

    table first_t {
        key = { hdr.data.b1 : exact; }
        actions = { resub; stay; }
        default_action = stay;
        size = 16;
    }

    apply {
        ig_tm_md.ucast_egress_port = 2;
        if (ig_intr_md.resubmit_flag == 0) {
            first_t.apply();
        } else {
            hdr.data.b2 = md.resub.tag;
        }
    }
}

control IgDeparser(packet_out pkt, inout headers_t hdr, in metadata_t md,
                   in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    Resubmit() resubmit;
    apply {
        if (ig_dprsr_md.resubmit_type == 0) {
            resubmit.emit(md.resub);
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

control Egress(inout headers_t hdr, inout metadata_t md,
               in egress_intrinsic_metadata_t eg_intr_md,
               in egress_intrinsic_metadata_from_parser_t eg_prsr_md,
               inout egress_intrinsic_metadata_for_deparser_t eg_dprsr_md,
               inout egress_intrinsic_metadata_for_output_port_t eg_oport_md) {
    apply {}
}

control EgDeparser(packet_out pkt, inout headers_t hdr, in metadata_t md,
                   in egress_intrinsic_metadata_for_deparser_t eg_dprsr_md) {
    apply { pkt.emit(hdr); }
}

Pipeline(IgParser(), Ingress(), IgDeparser(), EgParser(), Egress(), EgDeparser()) pipe;
Switch(pipe) main;
