// PSA's Checksum<W>(PSA_HashAlgorithm_t) in a program of our own (docs/psa.md): one update of
// a 12-bit field (packed as Hash packs it: zero bits at its start), two updates that together
// are the list {x, y}, and a CRC16 checksum read as 8 bits (the low byte). Everything goes to
// port 2.
#include <core.p4>
#include <psa.p4>

header ethernet_t {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header data_t {
    bit<16> x;
    bit<16> y;
    bit<16> c16;
    bit<32> c32;
    bit<8>  c8;
    bit<8>  same;
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
    Checksum<bit<16>>(PSA_HashAlgorithm_t.CRC16) c16;
    Checksum<bit<32>>(PSA_HashAlgorithm_t.CRC32) c32;
    Checksum<bit<8>>(PSA_HashAlgorithm_t.CRC16) c8;
    Hash<bit<32>>(PSA_HashAlgorithm_t.CRC32) h32;
    apply {
        bit<12> a = 0x456;
        c16.clear();
        c16.update({a});
        hdr.data.c16 = c16.get();
        c32.clear();
        c32.update({hdr.data.x});
        c32.update({hdr.data.y});
        hdr.data.c32 = c32.get();
        hdr.data.same = c32.get() == h32.get_hash({hdr.data.x, hdr.data.y}) ? 8w1 : 8w0;
        c8.clear();
        c8.update({hdr.data.x});
        hdr.data.c8 = c8.get();
        send_to_port(ostd, (PortId_t) 2);
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
