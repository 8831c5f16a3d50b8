/*
 * p4ts STF test program: TNA's MathUnit inside register actions (docs/tna-semantics.md,
 * "MathUnit"). Frame: op (8 bits), x (32), y (16). op 0: x = 2^20 / x (MathOp_t.DIV);
 * op 1: x = 16 * sqrt(x) (MathOp_t.SQRT); op 2: y goes through a unit configured by hand
 * (invert false, shift 0, scale 0, data[m] = m: 8y to four significant bits). Out on port 2.
 */
#include <core.p4>
#include <tna.p4>

header in_t { bit<8> op; bit<32> x; bit<16> y; }
struct headers_t { in_t h; }
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
    Register<bit<32>, bit<1>>(1) div_reg;
    Register<bit<32>, bit<1>>(1) sqrt_reg;
    Register<bit<16>, bit<1>>(1) raw_reg;
    MathUnit<bit<32>>(MathOp_t.DIV, 32w1 << 20) inverse;
    MathUnit<bit<32>>(MathOp_t.SQRT, 16) root;
    MathUnit<bit<16>>(false, 0, 0, { 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 }) raw;
    RegisterAction<bit<32>, bit<1>, bit<32>>(div_reg) do_div = {
        void apply(inout bit<32> value, out bit<32> rv) { value = inverse.execute(hdr.h.x); rv = value; }
    };
    RegisterAction<bit<32>, bit<1>, bit<32>>(sqrt_reg) do_sqrt = {
        void apply(inout bit<32> value, out bit<32> rv) { value = root.execute(hdr.h.x); rv = value; }
    };
    RegisterAction<bit<16>, bit<1>, bit<16>>(raw_reg) do_raw = {
        void apply(inout bit<16> value, out bit<16> rv) { value = raw.execute(hdr.h.y); rv = value; }
    };
    apply {
        if (hdr.h.op == 0) { hdr.h.x = do_div.execute(0); }
        else if (hdr.h.op == 1) { hdr.h.x = do_sqrt.execute(0); }
        else { hdr.h.y = do_raw.execute(0); }
        ig_tm_md.ucast_egress_port = 2;
    }
}

control IgDeparser(packet_out pkt, inout headers_t hdr, in md_t md,
                   in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    apply { pkt.emit(hdr); }
}

parser EgParser(packet_in pkt, out headers_t hdr, out md_t md,
                out egress_intrinsic_metadata_t eg_intr_md) {
    state start { pkt.extract(eg_intr_md); pkt.extract(hdr.h); transition accept; }
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
