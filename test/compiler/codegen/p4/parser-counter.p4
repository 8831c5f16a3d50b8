// Code generator test program: ParserCounter. A length byte loads the counter (low 4 bits,
// plus 0, at most 3: longer is a CounterRange error); the parser then extracts one option per
// count, decrementing, until the counter is zero. Ingress reports how many options it found
// and whether the parser failed.
#include <core.p4>
#include <tna.p4>

header eth_h { bit<48> dst; bit<48> src; bit<16> etype; }
header len_h { bit<8> len; }
header opt_h { bit<8> value; }
header res_h { bit<8> count; bit<16> err; }

struct hdr_t { eth_h eth; res_h res; len_h len; opt_h[3] opts; }
struct md_t { }

parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    ParserCounter() pc;
    ParserPriority() prio;
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        pkt.extract(hdr.eth);
        pkt.extract(hdr.len);
        pc.set(hdr.len.len, 8w3, 8w0, 3w3, 8w0);
        prio.set(3w1);
        transition select(pc.is_zero()) {
            true: accept;
            false: option;
        }
    }
    state option {
        pkt.extract(hdr.opts.next);
        pc.decrement(1);
        transition select(pc.is_zero()) {
            true: accept;
            false: option;
        }
    }
}

control Ig(inout hdr_t hdr, inout md_t md,
           in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    apply {
        ig_tm_md.ucast_egress_port = 2;
        hdr.res.setValid();
        hdr.res.err = ig_prsr_md.parser_err;
        hdr.res.count = 0;
        if (hdr.opts[0].isValid()) { hdr.res.count = hdr.res.count + 1; }
        if (hdr.opts[1].isValid()) { hdr.res.count = hdr.res.count + 1; }
        if (hdr.opts[2].isValid()) { hdr.res.count = hdr.res.count + 1; }
    }
}

control IgD(packet_out pkt, inout hdr_t hdr, in md_t md,
            in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    apply { pkt.emit(hdr.eth); pkt.emit(hdr.res); }
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
