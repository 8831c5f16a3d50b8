// Forms that bf-p4c accepts and programs written for it use (docs/p4-sources.md):
// a don't-care `_` type argument whose parameter takes its argument's type, and the older
// SDE's generic Checksum<W>(HashAlgorithm_t.CSUM16), and an empty type-argument list on a
// non-generic extern (`ParserCounter<>()`, which p4c's grammar allows).
#include <core.p4>
#include <tna.p4>

header h_t { bit<32> a; bit<16> idx; bit<16> csum; }
struct headers_t { h_t h; }
struct metadata_t { }

parser IgParser(packet_in pkt, out headers_t hdr, out metadata_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    ParserCounter<>() pctr;
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        pkt.extract(hdr.h);
        pctr.set(hdr.h.a[7:0]);
        transition accept;
    }
}

control Ig(inout headers_t hdr, inout metadata_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    Register<bit<32>, bit<16>>(1024) counts;
    RegisterAction<bit<32>, _, bit<32>>(counts) bump = {
        void apply(inout bit<32> value, out bit<32> rv) {
            value = value + 1;
            rv = value;
        }
    };
    apply {
        hdr.h.a = bump.execute(hdr.h.idx);
        ig_tm_md.ucast_egress_port = ig_intr_md.ingress_port;
    }
}

control IgDeparser(packet_out pkt, inout headers_t hdr, in metadata_t md,
                   in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    Checksum<bit<16>>(HashAlgorithm_t.CSUM16) csum;
    apply {
        hdr.h.csum = csum.update({hdr.h.a, hdr.h.idx});
        pkt.emit(hdr);
    }
}

parser EgParser(packet_in pkt, out headers_t hdr, out metadata_t md, out egress_intrinsic_metadata_t eg_intr_md) {
    state start {
        pkt.extract(eg_intr_md);
        transition accept;
    }
}

control Eg(inout headers_t hdr, inout metadata_t md, in egress_intrinsic_metadata_t eg_intr_md,
           in egress_intrinsic_metadata_from_parser_t eg_prsr_md,
           inout egress_intrinsic_metadata_for_deparser_t eg_dprsr_md,
           inout egress_intrinsic_metadata_for_output_port_t eg_oport_md) {
    apply { }
}

control EgDeparser(packet_out pkt, inout headers_t hdr, in metadata_t md,
                   in egress_intrinsic_metadata_for_deparser_t eg_dprsr_md) {
    apply { pkt.emit(hdr); }
}

Pipeline(IgParser(), Ig(), IgDeparser(), EgParser(), Eg(), EgDeparser()) pipe;
Switch(pipe) main;
