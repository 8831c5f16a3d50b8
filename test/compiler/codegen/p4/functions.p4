// Code generator test program: top-level functions. `fold` returns a value from `in`
// parameters; `swap` updates an `inout` struct in place; an action and the apply block call
// them, and `fold` calls nothing but itself is called twice in one expression. `bump` has an
// inout and an out scalar parameter, called directly and bound in a table's actions list.
#include <core.p4>
#include <tna.p4>

header eth_h { bit<48> dst; bit<48> src; bit<16> etype; }
header res_h { bit<16> folded; bit<8> a; bit<8> b; bit<16> twice; bit<8> c; bit<16> d; }
struct pair_t { bit<8> a; bit<8> b; }

struct hdr_t { eth_h eth; res_h res; }
struct md_t { pair_t p; }

bit<16> fold(in bit<32> x) {
    return x[31:16] ^ x[15:0];
}

void swap(inout pair_t p) {
    bit<8> t = p.a;
    p.a = p.b;
    p.b = t;
}

parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        pkt.extract(hdr.eth);
        transition accept;
    }
}

control Ig(inout hdr_t hdr, inout md_t md,
           in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    action mark() { hdr.res.folded = fold(hdr.eth.src[31:0]); }
    action bump(inout bit<8> v, out bit<16> w) {
        v = v + 1;
        w = 0x1234;
        if (v == 42) { return; }
        w = 0x9999;
    }
    table again {
        actions = { bump(hdr.res.c, hdr.res.d); }
        default_action = bump(hdr.res.c, hdr.res.d);
    }
    apply {
        ig_tm_md.ucast_egress_port = 2;
        hdr.res.setValid();
        mark();
        md.p.a = 1;
        md.p.b = 2;
        swap(md.p);
        hdr.res.a = md.p.a;
        hdr.res.b = md.p.b;
        hdr.res.twice = fold(32w0x00010002) + fold(hdr.eth.dst[31:0]);
        hdr.res.c = 41;
        bump(hdr.res.c, hdr.res.d);
        if (hdr.eth.etype == 0x2222) { again.apply(); }
    }
}

control IgD(packet_out pkt, inout hdr_t hdr, in md_t md,
            in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    apply { pkt.emit(hdr); }
}

parser EgP(packet_in pkt, out hdr_t hdr, out md_t md, out egress_intrinsic_metadata_t eg_intr_md) {
    state start { pkt.extract(eg_intr_md); transition accept; }
}

control Eg(inout hdr_t hdr, inout md_t md,
           in egress_intrinsic_metadata_t eg_intr_md,
           in egress_intrinsic_metadata_from_parser_t eg_prsr_md,
           inout egress_intrinsic_metadata_for_deparser_t eg_dprsr_md,
           inout egress_intrinsic_metadata_for_output_port_t eg_oport_md) {
    apply { }
}

control EgD(packet_out pkt, inout hdr_t hdr, in md_t md,
            in egress_intrinsic_metadata_for_deparser_t eg_dprsr_md) {
    apply { pkt.emit(hdr); }
}

Pipeline(IgP(), Ig(), IgD(), EgP(), Eg(), EgD()) pipe;
Switch(pipe) main;
