/*
 * p4ts STF test program (Tofino 2): the parser counter stack (docs/tna-externs.md,
 * "ParserCounter"). The first byte is the length of a list of options; an option 0x88 is
 * `88 len` then a 2-byte value the parser extracts (4 bytes in all), any other is `type len`
 * and len bytes skipped one by one under a pushed counter that the outer one follows. The
 * last 0x88 value goes out on port 2.
 */
#include <core.p4>
#include <t2na.p4>

header data_t { bit<16> f; }
struct headers_t { data_t data; }
struct md_t { }

parser IgParser(packet_in pkt, out headers_t hdr, out md_t md,
                out ingress_intrinsic_metadata_t ig_intr_md) {
    ParserCounter() pctr;
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        pctr.set(pkt.lookahead<bit<8>>());
        pkt.advance(8);
        transition next_option;
    }
    state next_option {
        transition select(pctr.is_zero()) {
            true: accept;
            default: option_type;
        }
    }
    state option_type {
        transition select(pkt.lookahead<bit<8>>()) {
            0x88: parse_value;
            default: skip_option;
        }
    }
    state parse_value {
        pkt.advance(16);
        pkt.extract(hdr.data);
        pctr.decrement(4);
        transition next_option;
    }
    state skip_option {
        pctr.push(pkt.lookahead<bit<16>>()[7:0], true);
        transition skip_byte;
    }
    state skip_byte {
        pkt.advance(8);
        pctr.decrement(1);
        transition select(pctr.is_zero()) {
            true: skip_done;
            false: skip_byte;
        }
    }
    state skip_done {
        pctr.pop();
        transition next_option;
    }
}

control Ingress(inout headers_t hdr, inout md_t md,
                in ingress_intrinsic_metadata_t ig_intr_md,
                in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
                inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
                inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    apply { ig_tm_md.ucast_egress_port = 2; ig_tm_md.bypass_egress = 1; }
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
