// DPDK's PSA forms in a program of our own (docs/psa.md, "DPDK programs"): with
// `#include <dpdk/psa.p4>`, Counter.count(index, pkt_len), DirectCounter.count(pkt_len) and
// Meter.dpdk_execute(index, pkt_len) count and meter the length the program gives (the
// header's `len`), not the frame's. Everything goes to port 2.
#include <core.p4>
#include <dpdk/psa.p4>

header ethernet_t {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header data_t {
    bit<16> len;
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
    Counter<bit<32>, bit<8>>(4, PSA_CounterType_t.PACKETS_AND_BYTES) bytes_seen;
    DirectCounter<bit<32>>(PSA_CounterType_t.PACKETS_AND_BYTES) per_entry;
    Meter<bit<8>>(4, PSA_MeterType_t.BYTES) policer;
    action hit() {
        per_entry.count((bit<32>) hdr.data.len);
    }
    table by_type {
        key = { hdr.ethernet.ether_type : exact; }
        actions = { hit; NoAction; }
        default_action = NoAction;
        psa_direct_counter = per_entry;
    }
    apply {
        bytes_seen.count(1, (bit<32>) hdr.data.len);
        by_type.apply();
        PSA_MeterColor_t c = policer.dpdk_execute(0, (bit<32>) hdr.data.len);
        hdr.data.color = c == PSA_MeterColor_t.GREEN ? 8w0 : (c == PSA_MeterColor_t.YELLOW ? 8w1 : 8w3);
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
