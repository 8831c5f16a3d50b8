// Two PSA tables sharing one ActionProfile with different action lists, in a program of our
// own (as p4c's psa-example-dpdk-varbit-bmv2): members are shared, each table runs the
// member's action in its own numbering. `first` lists set_a and to_port; `second` lists
// to_port and set_b (so to_port is action 1 of first and action 0 of second).
#include <core.p4>
#include <psa.p4>

header ethernet_t {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header data_t {
    bit<8> k1;
    bit<8> k2;
    bit<8> a;
    bit<8> b;
}

struct headers_t {
    ethernet_t ethernet;
    data_t     data;
}

struct empty_t { }

parser IgParser(packet_in pkt, out headers_t hdr, inout empty_t meta,
                in psa_ingress_parser_input_metadata_t istd,
                in empty_t resubmit_meta, in empty_t recirculate_meta) {
    state start {
        pkt.extract(hdr.ethernet);
        pkt.extract(hdr.data);
        transition accept;
    }
}

control Ig(inout headers_t hdr, inout empty_t meta,
           in psa_ingress_input_metadata_t istd,
           inout psa_ingress_output_metadata_t ostd) {
    ActionProfile(16) shared;
    action set_a(bit<8> v) { hdr.data.a = v; }
    action set_b(bit<8> v) { hdr.data.b = v; }
    action to_port(PortId_t p) { send_to_port(ostd, p); }
    table first {
        key = { hdr.data.k1 : exact; }
        actions = { set_a; to_port; }
        psa_implementation = shared;
    }
    table second {
        key = { hdr.data.k2 : exact; }
        actions = { to_port; set_b; }
        psa_implementation = shared;
    }
    apply {
        send_to_port(ostd, (PortId_t) 2);
        first.apply();
        second.apply();
    }
}

control IgDeparser(packet_out pkt, out empty_t clone_i2e_meta, out empty_t resubmit_meta,
                   out empty_t normal_meta, inout headers_t hdr, in empty_t meta,
                   in psa_ingress_output_metadata_t istd) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.data);
    }
}

parser EgParser(packet_in pkt, out headers_t hdr, inout empty_t meta,
                in psa_egress_parser_input_metadata_t istd,
                in empty_t normal_meta, in empty_t clone_i2e_meta, in empty_t clone_e2e_meta) {
    state start {
        transition accept;
    }
}

control Eg(inout headers_t hdr, inout empty_t meta,
           in psa_egress_input_metadata_t istd,
           inout psa_egress_output_metadata_t ostd) {
    apply { }
}

control EgDeparser(packet_out pkt, out empty_t clone_e2e_meta, out empty_t recirculate_meta,
                   inout headers_t hdr, in empty_t meta,
                   in psa_egress_output_metadata_t istd,
                   in psa_egress_deparser_input_metadata_t edstd) {
    apply { }
}

IngressPipeline(IgParser(), Ig(), IgDeparser()) ip;
EgressPipeline(EgParser(), Eg(), EgDeparser()) ep;
PSA_Switch(ip, PacketReplicationEngine(), ep, BufferingQueueingEngine()) main;
