/*
 * p4ts STF test program: match kinds, entry priorities, default actions, an indexed counter,
 * a direct counter and a register, driven by the .stf files beside it (tables-*.stf).
 * Frames: Ethernet (ether_type 0x88b5) then `data` (f1, f2: 32 bits; h1: 16; b1, b2: 8).
 *   exact_t   hdr.data.f1 exact      -> setb1(val, port): b1 = val, out on port, hits[val]++
 *   tern_t    hdr.data.f2 ternary    -> set_b2(val): b2 = val (DirectCounter tern_hits)
 *   lpm_t     hdr.data.f1 lpm        -> set_h1(val): h1 = val
 *   range_t   hdr.data.h1 range      -> set_b2_range(val): b2 = b2 + val
 *   save_f2 stores f2 in last_f2[b1] (the register keeps the last f2 per b1 value).
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
    bit<16> h1;
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
    Counter<bit<32>, bit<8>>(256, CounterType_t.PACKETS_AND_BYTES) hits;
    DirectCounter<bit<32>>(CounterType_t.PACKETS) tern_hits;
    Register<bit<32>, bit<8>>(256, 0) last_f2;
    RegisterAction<bit<32>, bit<8>, bit<32>>(last_f2) save_f2 = {
        void apply(inout bit<32> value) {
            value = hdr.data.f2;
        }
    };

    action drop() { ig_dprsr_md.drop_ctl = 1; }
    action setb1(bit<8> val, PortId_t port) {
        hdr.data.b1 = val;
        ig_tm_md.ucast_egress_port = port;
        hits.count(val);
    }
    action set_b2(bit<8> val) {
        hdr.data.b2 = val;
        tern_hits.count();
    }
    action tern_miss() { tern_hits.count(); }
    action set_h1(bit<16> val) { hdr.data.h1 = val; }
    action set_b2_range(bit<8> val) { hdr.data.b2 = hdr.data.b2 + val; }

    table exact_t {
        key = { hdr.data.f1 : exact; }
        actions = { setb1; drop; NoAction; }
        default_action = NoAction;
        size = 64;
    }
    table tern_t {
        key = { hdr.data.f2 : ternary; }
        actions = { set_b2; tern_miss; }
        default_action = tern_miss;
        counters = tern_hits;
        size = 64;
    }
    table lpm_t {
        key = { hdr.data.f1 : lpm; }
        actions = { set_h1; NoAction; }
        default_action = NoAction;
        size = 64;
    }
    table range_t {
        key = { hdr.data.h1 : range; }
        actions = { set_b2_range; NoAction; }
        default_action = NoAction;
        size = 64;
    }

    apply {
        if (hdr.data.isValid()) {
            lpm_t.apply();
            exact_t.apply();
            tern_t.apply();
            range_t.apply();
            save_f2.execute(hdr.data.b1);
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
