/*
 * p4ts STF test program (v1model, bmv2 simple_switch semantics): match kinds including
 * optional, an indexed counter and register, multicast groups and I2E clones, driven by
 * v1basic-*.stf. Frames: Ethernet (ether_type 0x88b5) then `data` (f1, f2: 32 bits; h1: 16;
 * b1, b2: 8).
 *   fwd   hdr.data.f1 exact              -> set_port(port) | setb1(val, port) | to_group(grp) | clone_to(session, port)
 *   tern  hdr.data.f2 ternary, b2 optional -> set_b2(val)
 *   Every packet counts in hits[b1]; last_f2[b1] keeps the last f2; egress writes egress_rid
 *   into h1 for multicast copies and 0xee into b1 for clones.
 */

#include <core.p4>
#include <v1model.p4>

header ethernet_t {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

header data_t {
    bit<32> f1;
    bit<32> f2;
    bit<16> h1;
    bit<8>  b1;
    bit<8>  b2;
}

struct headers_t {
    ethernet_t ethernet;
    data_t     data;
}

struct metadata_t {}

parser ParserImpl(packet_in pkt, out headers_t hdr, inout metadata_t md,
                  inout standard_metadata_t sm) {
    state start {
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

control VerifyImpl(inout headers_t hdr, inout metadata_t md) {
    apply {}
}

control IngressImpl(inout headers_t hdr, inout metadata_t md, inout standard_metadata_t sm) {
    counter(256, CounterType.packets_and_bytes) hits;
    register<bit<32>>(256) last_f2;

    action drop() { mark_to_drop(sm); }
    action set_port(bit<9> port) { sm.egress_spec = port; }
    action setb1(bit<8> val, bit<9> port) {
        hdr.data.b1 = val;
        sm.egress_spec = port;
    }
    action to_group(bit<16> grp) { sm.mcast_grp = grp; }
    action clone_to(bit<32> session, bit<9> port) {
        sm.egress_spec = port;
        clone(CloneType.I2E, session);
    }
    action set_b2(bit<8> val) { hdr.data.b2 = val; }

    table fwd {
        key = { hdr.data.f1 : exact; }
        actions = { set_port; setb1; to_group; clone_to; drop; }
        default_action = drop();
        size = 64;
    }
    table tern {
        key = {
            hdr.data.f2 : ternary;
            hdr.data.b2 : optional;
        }
        actions = { set_b2; NoAction; }
        default_action = NoAction();
        size = 64;
    }

    apply {
        if (hdr.data.isValid()) {
            fwd.apply();
            tern.apply();
            hits.count((bit<32>) hdr.data.b1);
            last_f2.write((bit<32>) hdr.data.b1, hdr.data.f2);
        }
    }
}

control EgressImpl(inout headers_t hdr, inout metadata_t md, inout standard_metadata_t sm) {
    apply {
        if (sm.instance_type == 1) {
            hdr.data.b1 = 0xee;
        }
        if (sm.egress_rid != 0) {
            hdr.data.h1 = sm.egress_rid;
        }
    }
}

control ComputeImpl(inout headers_t hdr, inout metadata_t md) {
    apply {}
}

control DeparserImpl(packet_out pkt, in headers_t hdr) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.data);
    }
}

V1Switch(ParserImpl(), VerifyImpl(), IngressImpl(), EgressImpl(), ComputeImpl(), DeparserImpl()) main;
