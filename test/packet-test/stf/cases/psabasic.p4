// A PSA program of our own for the PSA packet paths (docs/psa.md): table `route` on data.op
// chooses unicast, drop, multicast, clone I2E, resubmit or recirculation; egress may clone
// E2E or drop. Ingress writes the path it saw into data.ig_path and egress into data.eg_path
// (numbers below), so each STF checks the path a copy took as well as its port. The user
// metadata that crosses passes carries a byte each: resubmit and recirculate ones land in
// data.ig_carried, normal, clone I2E and clone E2E ones in data.eg_carried.
#include <core.p4>
#include <psa.p4>

header ethernet_t {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header data_t {
    bit<8>  op;
    bit<8>  ig_path;
    bit<8>  eg_path;
    bit<8>  ig_carried;
    bit<8>  eg_carried;
    bit<8>  passes;
    bit<32> port_seen;
}

struct headers_t {
    ethernet_t ethernet;
    data_t     data;
}

struct carry_t { bit<8> value; }
struct meta_t { bit<8> carried; }

/* PSA_PacketPath_t as a number: 1 normal, 2 unicast, 3 multicast, 4 clone I2E, 5 clone E2E, 6 resubmit, 7 recirculate. */
control PathNumber(in PSA_PacketPath_t path, out bit<8> n) {
    apply {
        if (path == PSA_PacketPath_t.NORMAL) { n = 1; }
        else if (path == PSA_PacketPath_t.NORMAL_UNICAST) { n = 2; }
        else if (path == PSA_PacketPath_t.NORMAL_MULTICAST) { n = 3; }
        else if (path == PSA_PacketPath_t.CLONE_I2E) { n = 4; }
        else if (path == PSA_PacketPath_t.CLONE_E2E) { n = 5; }
        else if (path == PSA_PacketPath_t.RESUBMIT) { n = 6; }
        else { n = 7; }
    }
}

parser IgParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                in psa_ingress_parser_input_metadata_t istd,
                in carry_t resubmit_meta, in carry_t recirculate_meta) {
    state start {
        transition select(istd.packet_path) {
            PSA_PacketPath_t.RESUBMIT: from_resubmit;
            PSA_PacketPath_t.RECIRCULATE: from_recirculate;
            default: headers;
        }
    }
    state from_resubmit {
        meta.carried = resubmit_meta.value;
        transition headers;
    }
    state from_recirculate {
        meta.carried = recirculate_meta.value;
        transition headers;
    }
    state headers {
        pkt.extract(hdr.ethernet);
        pkt.extract(hdr.data);
        transition accept;
    }
}

control Ig(inout headers_t hdr, inout meta_t meta,
           in psa_ingress_input_metadata_t istd,
           inout psa_ingress_output_metadata_t ostd) {
    PathNumber() path_number;
    Counter<bit<32>, bit<8>>(256, PSA_CounterType_t.PACKETS) ops;

    action to_port(PortId_t port) {
        send_to_port(ostd, port);
    }
    action drop_it() {
        ingress_drop(ostd);
    }
    action to_group(MulticastGroup_t group) {
        multicast(ostd, group);
    }
    action copy_to(CloneSessionId_t session, PortId_t port) {
        send_to_port(ostd, port);
        ostd.clone = true;
        ostd.clone_session_id = session;
    }
    action again(PortId_t port) {
        send_to_port(ostd, port);
        // Only the first pass resubmits; the second goes to `port` with what the first carried.
        if (istd.packet_path != PSA_PacketPath_t.RESUBMIT) {
            ostd.resubmit = true;
            meta.carried = 0xa1;
        }
    }
    action loop_back(PortId_t port) {
        // The first pass goes to the recirculation port; the recirculated one to `port`.
        if (istd.packet_path == PSA_PacketPath_t.RECIRCULATE) {
            send_to_port(ostd, port);
        } else {
            send_to_port(ostd, PSA_PORT_RECIRCULATE);
        }
    }
    table route {
        key = { hdr.data.op : exact; }
        actions = { to_port; drop_it; to_group; copy_to; again; loop_back; }
        default_action = drop_it();
    }
    apply {
        path_number.apply(istd.packet_path, hdr.data.ig_path);
        hdr.data.port_seen = (bit<32>) (PortIdUint_t) istd.ingress_port;
        hdr.data.passes = hdr.data.passes + 1;
        ops.count(hdr.data.op);
        route.apply();
        if (meta.carried != 0) {
            hdr.data.ig_carried = meta.carried;
        }
    }
}

control IgDeparser(packet_out pkt, out carry_t clone_i2e_meta, out carry_t resubmit_meta,
                   out carry_t normal_meta, inout headers_t hdr, in meta_t meta,
                   in psa_ingress_output_metadata_t istd) {
    apply {
        if (psa_clone_i2e(istd)) { clone_i2e_meta.value = 0xc1; }
        if (psa_resubmit(istd)) { resubmit_meta.value = meta.carried; }
        if (psa_normal(istd)) { normal_meta.value = 0x4e; }
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.data);
    }
}

parser EgParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                in psa_egress_parser_input_metadata_t istd,
                in carry_t normal_meta, in carry_t clone_i2e_meta, in carry_t clone_e2e_meta) {
    state start {
        transition select(istd.packet_path) {
            PSA_PacketPath_t.CLONE_I2E: from_i2e;
            PSA_PacketPath_t.CLONE_E2E: from_e2e;
            default: from_normal;
        }
    }
    state from_i2e {
        meta.carried = clone_i2e_meta.value;
        transition headers;
    }
    state from_e2e {
        meta.carried = clone_e2e_meta.value;
        transition headers;
    }
    state from_normal {
        meta.carried = normal_meta.value;
        transition headers;
    }
    state headers {
        pkt.extract(hdr.ethernet);
        pkt.extract(hdr.data);
        transition accept;
    }
}

control Eg(inout headers_t hdr, inout meta_t meta,
           in psa_egress_input_metadata_t istd,
           inout psa_egress_output_metadata_t ostd) {
    PathNumber() path_number;
    apply {
        path_number.apply(istd.packet_path, hdr.data.eg_path);
        hdr.data.eg_carried = meta.carried;
        // Port 7 drops in egress; op 0x20 also clones the egress packet to session 8.
        if (istd.egress_port == (PortId_t) 7) {
            egress_drop(ostd);
        }
        if (hdr.data.op == 0x20 && istd.packet_path == PSA_PacketPath_t.NORMAL_UNICAST) {
            ostd.clone = true;
            ostd.clone_session_id = (CloneSessionId_t) 8;
        }
    }
}

control EgDeparser(packet_out pkt, out carry_t clone_e2e_meta, out carry_t recirculate_meta,
                   inout headers_t hdr, in meta_t meta,
                   in psa_egress_output_metadata_t istd,
                   in psa_egress_deparser_input_metadata_t edstd) {
    apply {
        if (psa_clone_e2e(istd)) { clone_e2e_meta.value = 0xe2; }
        if (psa_recirculate(istd, edstd)) { recirculate_meta.value = 0x7c; }
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.data);
    }
}

IngressPipeline(IgParser(), Ig(), IgDeparser()) ip;
EgressPipeline(EgParser(), Eg(), EgDeparser()) ep;
PSA_Switch(ip, PacketReplicationEngine(), ep, BufferingQueueingEngine()) main;
