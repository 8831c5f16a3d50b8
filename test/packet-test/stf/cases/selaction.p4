/*
 * p4ts STF test program: data-plane liveness of action-selector members (docs/tna-semantics.md,
 * "Selector liveness"). `sel_a` is given a Register<bit<1>> whose cell i is member i's bit,
 * written here by RegisterActions; `sel_b` has none, and a SelectorAction writes the bits the
 * selector keeps for itself. Frame: op (8), m (8), k (32). op 1/2: member m of sel_a
 * down/up; op 3/4: member m of sel_b down/up (the packet then goes to port 9); op 0: forward
 * by sel_a's group 1, op 5: by sel_b's group 1 (k is the selector key).
 */
#include <core.p4>
#include <tna.p4>

header h_t { bit<8> op; bit<8> m; bit<32> k; }
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
    Hash<bit<16>>(HashAlgorithm_t.CRC16) hash_a;
    Hash<bit<16>>(HashAlgorithm_t.CRC16) hash_b;
    Register<bit<1>, bit<8>>(256, 0) live_a;
    ActionProfile(16) members_a;
    ActionSelector(members_a, hash_a, SelectorMode_t.FAIR, live_a, 8, 2) sel_a;
    ActionProfile(16) members_b;
    ActionSelector(members_b, hash_b, SelectorMode_t.FAIR, 8, 2) sel_b;

    RegisterAction<bit<1>, bit<8>, bit<1>>(live_a) a_down = {
        void apply(inout bit<1> value) { value = 0; }
    };
    RegisterAction<bit<1>, bit<8>, bit<1>>(live_a) a_up = {
        void apply(inout bit<1> value) { value = 1; }
    };
    SelectorAction(sel_b) b_down = {
        void apply(inout bit<1> value, out bit<1> rv) { rv = value; value = 0; }
    };
    SelectorAction(sel_b) b_up = {
        void apply(inout bit<1> value, out bit<1> rv) { rv = value; value = 1; }
    };

    action fwd(PortId_t port) { ig_tm_md.ucast_egress_port = port; }

    table by_a {
        key = { hdr.h.op: exact; hdr.h.k: selector; }
        actions = { fwd; NoAction; }
        default_action = NoAction;
        implementation = sel_a;
    }
    table by_b {
        key = { hdr.h.op: exact; hdr.h.k: selector; }
        actions = { fwd; NoAction; }
        default_action = NoAction;
        implementation = sel_b;
    }

    apply {
        bit<1> was = 0;
        if (hdr.h.op == 1) { a_down.execute(hdr.h.m); ig_tm_md.ucast_egress_port = 9; }
        else if (hdr.h.op == 2) { a_up.execute(hdr.h.m); ig_tm_md.ucast_egress_port = 9; }
        else if (hdr.h.op == 3) { was = b_down.execute((bit<32>)hdr.h.m); ig_tm_md.ucast_egress_port = 9; }
        else if (hdr.h.op == 4) { was = b_up.execute((bit<32>)hdr.h.m); ig_tm_md.ucast_egress_port = 9; }
        else if (hdr.h.op == 0) { by_a.apply(); }
        else { by_b.apply(); }
        // SelectorAction's rv: the bit before the write, reported in m's low bit.
        if (hdr.h.op == 3 || hdr.h.op == 4) { hdr.h.m = (bit<8>)was; }
        ig_tm_md.bypass_egress = 1;
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
