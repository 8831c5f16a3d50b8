// Code generator test program: indirect tables. `by_port` takes its action from a member of
// the ActionProfile `prof`; `ecmp` from a member of `sel_prof`, either named by the entry or
// picked in a group by the ActionSelector `sel` (FAIR), hashing the selector keys eth.src and
// eth.etype with CRC16; `by_tag` uses the older ActionSelector(size, hash, mode) form in
// RESILIENT mode. The results header records what each table chose.
#include <core.p4>
#include <tna.p4>

header eth_h { bit<48> dst; bit<48> src; bit<16> etype; }
header res_h { bit<8> by_profile; bit<8> by_selector; bit<8> hit; bit<8> by_tag; }

struct hdr_t { eth_h eth; res_h res; }
struct md_t { }

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
    ActionProfile(64) prof;
    action tag_profile(bit<8> t) { hdr.res.by_profile = t; }
    table by_port {
        key = { ig_intr_md.ingress_port : exact; }
        actions = { tag_profile; NoAction; }
        default_action = NoAction;
        implementation = prof;
        size = 16;
    }

    Hash<bit<16>>(HashAlgorithm_t.CRC16) sel_hash;
    ActionProfile(64) sel_prof;
    ActionSelector(sel_prof, sel_hash, SelectorMode_t.FAIR, 8, 4) sel;
    action tag_sel(bit<8> t, PortId_t port) { hdr.res.by_selector = t; ig_tm_md.ucast_egress_port = port; }
    table ecmp {
        key = {
            hdr.eth.dst[7:0] : exact;
            hdr.eth.src : selector;
            hdr.eth.etype : selector;
        }
        actions = { tag_sel; NoAction; }
        default_action = NoAction;
        implementation = sel;
        size = 16;
    }

    Hash<bit<16>>(HashAlgorithm_t.CRC16) tag_hash;
    ActionSelector(32, tag_hash, SelectorMode_t.RESILIENT) tag_sel_old;
    action tag(bit<8> t) { hdr.res.by_tag = t; }
    table by_tag {
        key = { hdr.eth.dst[15:8] : exact; hdr.eth.src : selector; }
        actions = { tag; }
        implementation = tag_sel_old;
        size = 4;
    }

    apply {
        ig_tm_md.ucast_egress_port = 2;
        hdr.res.setValid();
        hdr.res.by_profile = 0;
        hdr.res.by_selector = 0;
        hdr.res.hit = 0;
        hdr.res.by_tag = 0;
        by_port.apply();
        if (ecmp.apply().hit) { hdr.res.hit = 1; }
        by_tag.apply();
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
