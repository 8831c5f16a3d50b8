// Code generator test program: P4 width semantics and control flow, observed through a
// results header the ingress deparser emits. Ingress sends everything to port 2.
#include <core.p4>
#include <tna.p4>

header eth_h { bit<48> dst; bit<48> src; bit<16> etype; }
header tag_h { bit<8> v; }
header in_h { bit<8> a; bit<8> b; bit<8> sh; bit<8> sel; }
header res_h {
    bit<8> sat_add; bit<8> sat_sub; bit<8> neg_cast; bit<8> signed_wrap;
    bit<16> concat; bit<32> shifted; bit<32> var_shift; bit<32> sliced;
    bit<64> wide; bit<8> tag_count; bit<8> path; bit<8> after_exit; bit<8> mul;
}

struct hdr_t { eth_h eth; tag_h[4] tags; in_h inp; res_h res; }
struct md_t { bit<8> tags; }

parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    value_set<bit<16>>(4) tagged_types;
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        transition parse_eth;
    }
    state parse_eth {
        pkt.extract(hdr.eth);
        transition select(hdr.eth.etype) {
            tagged_types : parse_tags;
            0x9001       : parse_in;
            default      : accept;
        }
    }
    state parse_tags {
        pkt.extract(hdr.tags.next);
        md.tags = md.tags + 1;
        transition select(hdr.tags.last.v) {
            0       : parse_in;
            default : parse_tags;
        }
    }
    state parse_in {
        pkt.extract(hdr.inp);
        transition accept;
    }
}

control Ig(inout hdr_t hdr, inout md_t md,
           in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    action path_a(bit<8> v) { hdr.res.path = v; }
    action path_b() { hdr.res.path = 0xBB; }
    table choose {
        key = { hdr.inp.sel : exact; }
        actions = { path_a; path_b; }
        default_action = path_a(0xDD);
        size = 8;
    }
    apply {
        ig_tm_md.ucast_egress_port = 2;
        if (!hdr.inp.isValid()) { exit; }
        hdr.res.setValid();
        hdr.res.sat_add = hdr.inp.a |+| 8w200;
        hdr.res.sat_sub = hdr.inp.b |-| 8w10;
        int<8> s = -3;
        hdr.res.neg_cast = (bit<8>) s;
        int<8> t = (int<8>) hdr.inp.b;
        t = t - 100;
        hdr.res.signed_wrap = (bit<8>) t;
        hdr.res.concat = hdr.inp.a ++ hdr.inp.b;
        hdr.res.shifted = ((bit<32>) hdr.inp.a) << 28;
        hdr.res.var_shift = 32w0x80000000 >> hdr.inp.sh;
        hdr.res.sliced = 32w0xFFFFFFFF;
        hdr.res.sliced[15:8] = hdr.inp.a;
        hdr.res.wide = hdr.eth.src ++ hdr.res.concat;
        hdr.res.tag_count = md.tags;
        hdr.res.mul = hdr.inp.a * hdr.inp.b;
        switch (choose.apply().action_run) {
            path_a: { hdr.res.path = hdr.res.path + 1; }
            path_b: { hdr.res.path = hdr.res.path + 2; }
        }
        if (hdr.inp.sel == 9) { exit; }
        hdr.res.after_exit = 1;
    }
}

control IgD(packet_out pkt, inout hdr_t hdr, in md_t md, in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    apply { pkt.emit(hdr); }
}

struct eg_hdr_t { eth_h eth; }
struct eg_md_t { bit<8> x; }

parser EgP(packet_in pkt, out eg_hdr_t hdr, out eg_md_t md, out egress_intrinsic_metadata_t eg_intr_md) {
    state start { pkt.extract(eg_intr_md); transition accept; }
}

control Eg(inout eg_hdr_t hdr, inout eg_md_t md,
           in egress_intrinsic_metadata_t eg_intr_md,
           in egress_intrinsic_metadata_from_parser_t eg_prsr_md,
           inout egress_intrinsic_metadata_for_deparser_t eg_dprsr_md,
           inout egress_intrinsic_metadata_for_output_port_t eg_oport_md) {
    apply { }
}

control EgD(packet_out pkt, inout eg_hdr_t hdr, in eg_md_t md, in egress_intrinsic_metadata_for_deparser_t eg_dprsr_md) {
    apply { pkt.emit(hdr); }
}

Pipeline(IgP(), Ig(), IgD(), EgP(), Eg(), EgD()) pipe;
Switch(pipe) main;
