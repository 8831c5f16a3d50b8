// PSA Digest of a nested message in a program of our own (docs/psa.md): the message holds a
// header (itself holding a struct), the ingress port and a struct, and the control plane gets
// their leaves by path (h.s.a, h.s.b, h.c, port, pair.x, pair.y). Everything goes to port 2.
#include <core.p4>
#include <psa.p4>

header ethernet_t {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

struct inner_t {
    bit<8>  a;
    bit<16> b;
}

header data_t {
    inner_t s;
    bit<32> c;
}

struct pair_t {
    bit<16> x;
    bit<64> y;
}

struct message_t {
    data_t   h;
    PortId_t port;
    pair_t   pair;
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
    apply {
        send_to_port(ostd, (PortId_t) 2);
    }
}

control IgDeparser(packet_out pkt, out empty_t clone_i2e_meta, out empty_t resubmit_meta,
                   out empty_t normal_meta, inout headers_t hdr, in empty_t meta,
                   in psa_ingress_output_metadata_t istd) {
    Digest<message_t>() learned;
    apply {
        if (hdr.data.c != 0) {
            learned.pack({hdr.data, (PortId_t) 7, {hdr.data.s.b, 64w0x1122334455667788}});
        }
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
