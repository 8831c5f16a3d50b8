// Code generator test program: Lpf and Wred. The sample header carries a value and an index;
// ingress writes the low-pass-filtered value and the WRED verdict (1 drop, 0 keep: the values
// given to the Wred constructor) into the results header; `by_index` runs a DirectLpf, one
// filter per table entry, into `direct`.
#include <core.p4>
#include <tna.p4>

header eth_h { bit<48> dst; bit<48> src; bit<16> etype; }
header sample_h { bit<16> value; bit<8> index; }
header res_h { bit<16> filtered; bit<8> verdict; bit<16> direct; }

struct hdr_t { eth_h eth; sample_h sample; res_h res; }
struct md_t { }

parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        pkt.extract(hdr.eth);
        pkt.extract(hdr.sample);
        transition accept;
    }
}

control Ig(inout hdr_t hdr, inout md_t md,
           in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    Lpf<bit<16>, bit<2>>(4) lpf;
    Wred<bit<16>, bit<2>>(4, 1, 0) wred;
    DirectLpf<bit<16>>() dlpf;
    action filter() { hdr.res.direct = dlpf.execute(hdr.sample.value); }
    table by_index {
        key = { hdr.sample.index : exact; }
        actions = { filter; }
        default_action = filter;
        filters = dlpf;
        size = 4;
    }
    apply {
        ig_tm_md.ucast_egress_port = 2;
        hdr.res.setValid();
        hdr.res.filtered = lpf.execute(hdr.sample.value, hdr.sample.index[1:0]);
        hdr.res.verdict = wred.execute(hdr.sample.value, hdr.sample.index[1:0]);
        by_index.apply();
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
