// PSA externs in a program of our own (docs/psa.md): Hash.get_hash over a 12-bit field (bmv2
// pads the list with zero bits at its start), get_hash with base and max, InternetChecksum's
// get and get_state, a 48-bit Register read before it is written, and a Meter the control
// plane never configured (GREEN). Everything goes to port 2.
#include <core.p4>
#include <psa.p4>

header ethernet_t {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header data_t {
    bit<8>  op;
    bit<16> hash;
    bit<16> csum;
    bit<16> state;
    bit<48> wide;
    bit<8>  color;
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
    Hash<bit<16>>(PSA_HashAlgorithm_t.CRC16) h;
    InternetChecksum() ck;
    Register<bit<48>, bit<8>>(16) r;
    Meter<bit<8>>(4, PSA_MeterType_t.PACKETS) m;
    apply {
        bit<12> a = 0x456;
        if (hdr.data.op == 2) {
            hdr.data.hash = h.get_hash(16w6, {a}, 16w10);
        } else {
            hdr.data.hash = h.get_hash({a});
        }
        ck.clear();
        ck.add({hdr.data.op, 8w0, 16w0x1234});
        hdr.data.csum = ck.get();
        hdr.data.state = ck.get_state();
        bit<48> old = r.read(2);
        r.write(2, hdr.data.wide);
        hdr.data.wide = old;
        hdr.data.color = m.execute(0) == PSA_MeterColor_t.GREEN ? 8w1 : 8w0;
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
