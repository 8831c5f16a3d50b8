/*
 * p4ts STF test program: names the generated code must keep apart. Table `t` has actions
 * named `t_act` and `t_handle`, which the code generator's own per-table variables must not
 * shadow (bf-p4c's multiple_apply1 has an action `t1_act` on a table `t1`).
 * Frames: `h` (a: 8 bits, b: 8 bits); `t` on h.a: t_act(v) sets b = v and sends to port 2,
 * t_handle() sends to port 3.
 */
#include <core.p4>
#include <tna.p4>

header h_t { bit<8> a; bit<8> b; }
struct headers_t { h_t h; }
struct md_t { }

parser IgParser(packet_in pkt, out headers_t hdr, out md_t md,
                out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        pkt.extract(hdr.h);
        transition accept;
    }
}

control Ingress(inout headers_t hdr, inout md_t md,
                in ingress_intrinsic_metadata_t ig_intr_md,
                in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
                inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
                inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    action t_act(bit<8> v) {
        hdr.h.b = v;
        ig_tm_md.ucast_egress_port = 2;
    }
    action t_handle() { ig_tm_md.ucast_egress_port = 3; }
    table t {
        key = { hdr.h.a : exact; }
        actions = { t_act; t_handle; NoAction; }
        default_action = NoAction;
    }
    apply {
        if (!t.apply().hit) {
            hdr.h.b = 0xee;
        }
    }
}

control IgDeparser(packet_out pkt, inout headers_t hdr, in md_t md,
                   in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    apply { pkt.emit(hdr); }
}

parser EgParser(packet_in pkt, out headers_t hdr, out md_t md,
                out egress_intrinsic_metadata_t eg_intr_md) {
    state start { pkt.extract(eg_intr_md); transition accept; }
}

control Egress(inout headers_t hdr, inout md_t md,
               in egress_intrinsic_metadata_t eg_intr_md,
               in egress_intrinsic_metadata_from_parser_t eg_prsr_md,
               inout egress_intrinsic_metadata_for_deparser_t eg_dprsr_md,
               inout egress_intrinsic_metadata_for_output_port_t eg_oport_md) {
    apply { }
}

control EgDeparser(packet_out pkt, inout headers_t hdr, in md_t md,
                   in egress_intrinsic_metadata_for_deparser_t eg_dprsr_md) {
    apply { pkt.emit(hdr); }
}

Pipeline(IgParser(), Ingress(), IgDeparser(), EgParser(), Egress(), EgDeparser()) pipe;
Switch(pipe) main;
