// Code generator test program: two Pipelines. Both run the same ingress control `Ig` (its own
// table and packet counter in each pipe) and differ in egress, which stamps the pipe's letter.
// A packet enters the pipe of its ingress port and leaves through the pipe of its egress port
// (hardware pipe = port >> 7; pipe_a serves pipes 0 and 2, pipe_b pipes 1 and 3).
#include <core.p4>
#include <tna.p4>

header eth_h { bit<48> dst; bit<48> src; bit<16> etype; }
header tag_h { bit<32> ig_count; bit<8> eg_pipe; }

struct hdr_t { eth_h eth; tag_h tag; }
struct md_t { }

parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        pkt.extract(hdr.eth);
        pkt.extract(hdr.tag);
        transition accept;
    }
}

control Ig(inout hdr_t hdr, inout md_t md,
           in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    Register<bit<32>, bit<1>>(1, 0) seen;
    RegisterAction<bit<32>, bit<1>, bit<32>>(seen) bump = {
        void apply(inout bit<32> value, out bit<32> rv) {
            value = value + 1;
            rv = value;
        }
    };
    action set_port(PortId_t port) { ig_tm_md.ucast_egress_port = port; }
    action drop() { ig_dprsr_md.drop_ctl = 1; }
    table fwd {
        key = { ig_intr_md.ingress_port : exact; }
        actions = { set_port; drop; }
        default_action = drop;
        size = 16;
    }
    apply {
        fwd.apply();
        hdr.tag.ig_count = bump.execute(0);
    }
}

control IgD(packet_out pkt, inout hdr_t hdr, in md_t md,
            in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    apply { pkt.emit(hdr); }
}

parser EgP(packet_in pkt, out hdr_t hdr, out md_t md, out egress_intrinsic_metadata_t eg_intr_md) {
    state start {
        pkt.extract(eg_intr_md);
        pkt.extract(hdr.eth);
        pkt.extract(hdr.tag);
        transition accept;
    }
}

control EgA(inout hdr_t hdr, inout md_t md,
            in egress_intrinsic_metadata_t eg_intr_md,
            in egress_intrinsic_metadata_from_parser_t eg_prsr_md,
            inout egress_intrinsic_metadata_for_deparser_t eg_dprsr_md,
            inout egress_intrinsic_metadata_for_output_port_t eg_oport_md) {
    apply { hdr.tag.eg_pipe = 0x0A; }
}

control EgB(inout hdr_t hdr, inout md_t md,
            in egress_intrinsic_metadata_t eg_intr_md,
            in egress_intrinsic_metadata_from_parser_t eg_prsr_md,
            inout egress_intrinsic_metadata_for_deparser_t eg_dprsr_md,
            inout egress_intrinsic_metadata_for_output_port_t eg_oport_md) {
    apply { hdr.tag.eg_pipe = 0x0B; }
}

control EgD(packet_out pkt, inout hdr_t hdr, in md_t md,
            in egress_intrinsic_metadata_for_deparser_t eg_dprsr_md) {
    apply { pkt.emit(hdr); }
}

Pipeline(IgP(), Ig(), IgD(), EgP(), EgA(), EgD()) pipe_a;
Pipeline(IgP(), Ig(), IgD(), EgP(), EgB(), EgD()) pipe_b;
Switch(pipe_a, pipe_b) main;
