// Code generator test program: PSA idle timeout. `fwd` (psa_idle_timeout = NOTIFY_CONTROL)
// forwards by the Ethernet destination's low byte; `quiet` (NO_TIMEOUT) and `plain` (no
// property) have no idle timeout, so their entries take no TTL.
#include <core.p4>
#include <psa.p4>

header eth_h { bit<48> dst; bit<48> src; bit<16> etype; }
struct hdr_t { eth_h eth; }
struct empty_t { }

parser IgP(packet_in pkt, out hdr_t hdr, inout empty_t meta,
           in psa_ingress_parser_input_metadata_t istd,
           in empty_t resubmit_meta, in empty_t recirculate_meta) {
    state start {
        pkt.extract(hdr.eth);
        transition accept;
    }
}

control Ig(inout hdr_t hdr, inout empty_t meta,
           in psa_ingress_input_metadata_t istd,
           inout psa_ingress_output_metadata_t ostd) {
    action set_port(PortId_t port) { send_to_port(ostd, port); }
    action mark(bit<16> t) { hdr.eth.etype = t; }
    table fwd {
        key = { hdr.eth.dst[7:0] : exact; }
        actions = { set_port; NoAction; }
        default_action = NoAction;
        psa_idle_timeout = PSA_IdleTimeout_t.NOTIFY_CONTROL;
    }
    table quiet {
        key = { hdr.eth.src[7:0] : exact; }
        actions = { mark; NoAction; }
        default_action = NoAction;
        psa_idle_timeout = PSA_IdleTimeout_t.NO_TIMEOUT;
    }
    table plain {
        key = { hdr.eth.etype : exact; }
        actions = { mark; NoAction; }
        default_action = NoAction;
    }
    apply {
        fwd.apply();
        quiet.apply();
        plain.apply();
    }
}

control IgD(packet_out pkt, out empty_t clone_i2e_meta, out empty_t resubmit_meta,
            out empty_t normal_meta, inout hdr_t hdr, in empty_t meta,
            in psa_ingress_output_metadata_t istd) {
    apply { pkt.emit(hdr.eth); }
}

parser EgP(packet_in pkt, out hdr_t hdr, inout empty_t meta,
           in psa_egress_parser_input_metadata_t istd,
           in empty_t normal_meta, in empty_t clone_i2e_meta, in empty_t clone_e2e_meta) {
    state start { transition accept; }
}

control Eg(inout hdr_t hdr, inout empty_t meta,
           in psa_egress_input_metadata_t istd,
           inout psa_egress_output_metadata_t ostd) {
    apply { }
}

control EgD(packet_out pkt, out empty_t clone_e2e_meta, out empty_t recirculate_meta,
            inout hdr_t hdr, in empty_t meta,
            in psa_egress_output_metadata_t istd,
            in psa_egress_deparser_input_metadata_t edstd) {
    apply { }
}

IngressPipeline(IgP(), Ig(), IgD()) ip;
EgressPipeline(EgP(), Eg(), EgD()) ep;
PSA_Switch(ip, PacketReplicationEngine(), ep, BufferingQueueingEngine()) main;
