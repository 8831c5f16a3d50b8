// Code generator test program: header stacks. The parser extracts up to three tags with
// `next` while the last one says another follows, and records `lastIndex`; ingress then either
// pushes a new tag in front (push_front) or drops the first one (pop_front), chosen by the
// Ethernet type, and the deparser emits the valid tags in order.
#include <core.p4>
#include <tna.p4>

header eth_h { bit<48> dst; bit<48> src; bit<16> etype; }
header tag_h { bit<16> value; bit<8> more; }
header res_h { bit<8> last_index; }

struct hdr_t { eth_h eth; res_h res; tag_h[3] tags; }
struct md_t { bit<8> last_index; }

parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        pkt.extract(hdr.eth);
        transition parse_tag;
    }
    state parse_tag {
        pkt.extract(hdr.tags.next);
        md.last_index = (bit<8>)hdr.tags.lastIndex;
        transition select(hdr.tags.last.more) {
            1: parse_tag;
            default: accept;
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
        hdr.res.last_index = md.last_index;
        if (hdr.eth.etype == 0x1111) {
            hdr.tags.pop_front(1);
        } else {
            hdr.tags.push_front(1);
            hdr.tags[0].setValid();
            hdr.tags[0].value = 0xAAAA;
            hdr.tags[0].more = 1;
        }
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
