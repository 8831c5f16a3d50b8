// Code generator test program: direct externs, one cell per table entry. `by_src` bumps a
// DirectRegister (initial value 10) for the entry that matched; `by_dst` meters packets with
// a color-blind DirectMeter and `by_dst_aware` with a color-aware one pre-colored YELLOW. The
// results header carries what each returned. Ingress sends everything to port 2.
#include <core.p4>
#include <tna.p4>

header eth_h { bit<48> dst; bit<48> src; bit<16> etype; }
header res_h { bit<32> hits; bit<8> tag; bit<8> color; bit<8> aware_color; }

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
    DirectRegister<bit<32>>(32w10) hits;
    DirectRegisterAction<bit<32>, bit<32>>(hits) bump = {
        void apply(inout bit<32> value, out bit<32> rv) {
            value = value + 1;
            rv = value;
        }
    };
    action src_hit(bit<8> tag) { hdr.res.hits = bump.execute(); hdr.res.tag = tag; }
    action src_miss() { hdr.res.hits = bump.execute(); hdr.res.tag = 0xFF; }
    table by_src {
        key = { hdr.eth.src[7:0] : exact; }
        actions = { src_hit; src_miss; }
        default_action = src_miss;
        registers = hits;
        size = 16;
    }

    DirectMeter(MeterType_t.PACKETS) dst_meter;
    action dst_metered() { hdr.res.color = dst_meter.execute(); }
    table by_dst {
        key = { hdr.eth.dst[7:0] : exact; }
        actions = { dst_metered; }
        default_action = dst_metered;
        meters = dst_meter;
        size = 16;
    }

    DirectMeter(MeterType_t.BYTES) aware_meter;
    action dst_aware() { hdr.res.aware_color = aware_meter.execute(MeterColor_t.YELLOW); }
    table by_dst_aware {
        key = { hdr.eth.dst[7:0] : exact; }
        actions = { dst_aware; NoAction; }
        default_action = NoAction;
        meters = aware_meter;
        size = 16;
    }

    apply {
        ig_tm_md.ucast_egress_port = 2;
        hdr.res.setValid();
        by_src.apply();
        by_dst.apply();
        by_dst_aware.apply();
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
