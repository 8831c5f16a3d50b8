/*
 * p4ts STF test program: an action profile and an action selector, driven by profiles-*.stf.
 * Frames: Ethernet (ether_type 0x88b5) then `data` (f1, f2: 32 bits; b1, b2: 8).
 *   prof_t  hdr.data.f1 exact, implementation prof      -> fwd(port, val): b1 = val, out on port
 *   sel_t   hdr.data.b2 exact, implementation sel (hash over f2) -> fwd(port, val)
 * prof_t runs first; sel_t runs only when prof_t misses.
 */

#include <core.p4>
#include <tna.p4>

header ethernet_h {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

header data_h {
    bit<32> f1;
    bit<32> f2;
    bit<8>  b1;
    bit<8>  b2;
}

struct headers_t {
    ethernet_h ethernet;
    data_h     data;
}

struct metadata_t {}

parser IgParser(packet_in pkt, out headers_t hdr, out metadata_t md,
                out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            0x88b5  : parse_data;
            default : accept;
        }
    }
    state parse_data {
        pkt.extract(hdr.data);
        transition accept;
    }
}

control Ingress(inout headers_t hdr, inout metadata_t md,
                in ingress_intrinsic_metadata_t ig_intr_md,
                in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
                inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
                inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    ActionProfile(64) prof;
    ActionProfile(64) sel_members;
    Hash<bit<16>>(HashAlgorithm_t.CRC16) sel_hash;
    ActionSelector(sel_members, sel_hash, SelectorMode_t.FAIR, 8, 4) sel;

    action fwd(PortId_t port, bit<8> val) {
        ig_tm_md.ucast_egress_port = port;
        hdr.data.b1 = val;
    }

    table prof_t {
        key = { hdr.data.f1 : exact; }
        actions = { fwd; NoAction; }
        default_action = NoAction;
        implementation = prof;
        size = 16;
    }
    table sel_t {
        key = {
            hdr.data.b2 : exact;
            hdr.data.f2 : selector;
        }
        actions = { fwd; NoAction; }
        default_action = NoAction;
        implementation = sel;
        size = 16;
    }

    apply {
        if (hdr.data.isValid()) {
            if (!prof_t.apply().hit) {
                sel_t.apply();
            }
        }
    }
}

control IgDeparser(packet_out pkt, inout headers_t hdr, in metadata_t md,
                   in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    apply { pkt.emit(hdr); }
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
