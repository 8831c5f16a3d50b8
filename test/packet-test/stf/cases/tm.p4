/*
 * p4ts STF test program: the traffic manager as packet tests see it (tm-*.stf): unicast to
 * any port (valid or not, CPU port 64), multicast groups (each copy writes its egress_rid
 * into h1), I2E mirroring (the copy's b1 becomes 0xee), recirculation through port 68 (the
 * second pass adds 1 to b2 and sends the packet to port 2).
 *   fwd  hdr.data.f1 exact -> to_port(port) | to_group(grp) | to_recirc() | mirror_to(session, port)
 */

#include <core.p4>
#include <tna.p4>

const bit<8> KIND_NORMAL = 0;
const bit<8> KIND_MIRROR = 1;
const MirrorType_t MIRROR_I2E = 1;

header ethernet_h {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

header data_h {
    bit<32> f1;
    bit<32> f2;
    bit<16> h1;
    bit<8>  b1;
    bit<8>  b2;
}

/* In front of what the egress parser sees: a bridged header or a mirror header. */
header kind_h {
    bit<8> kind;
}

struct headers_t {
    kind_h     bridged;
    ethernet_h ethernet;
    data_h     data;
}

struct ig_metadata_t {
    MirrorId_t session;
    kind_h     mirror;
}

struct eg_metadata_t {
    kind_h kind;
}

parser IgParser(packet_in pkt, out headers_t hdr, out ig_metadata_t md,
                out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        pkt.extract(hdr.ethernet);
        pkt.extract(hdr.data);
        transition accept;
    }
}

control Ingress(inout headers_t hdr, inout ig_metadata_t md,
                in ingress_intrinsic_metadata_t ig_intr_md,
                in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
                inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
                inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    action to_port(PortId_t port) { ig_tm_md.ucast_egress_port = port; }
    action to_group(MulticastGroupId_t grp) { ig_tm_md.mcast_grp_a = grp; }
    action to_recirc() { ig_tm_md.ucast_egress_port = 68; }
    action mirror_to(MirrorId_t session, PortId_t port) {
        ig_tm_md.ucast_egress_port = port;
        ig_dprsr_md.mirror_type = MIRROR_I2E;
        md.session = session;
        md.mirror.setValid();
        md.mirror.kind = KIND_MIRROR;
    }
    table fwd {
        key = { hdr.data.f1 : exact; }
        actions = { to_port; to_group; to_recirc; mirror_to; NoAction; }
        default_action = NoAction;
        size = 64;
    }
    apply {
        hdr.bridged.setValid();
        hdr.bridged.kind = KIND_NORMAL;
        if (ig_intr_md.ingress_port == 68) {
            hdr.data.b2 = hdr.data.b2 + 1;
            ig_tm_md.ucast_egress_port = 2;
        } else {
            fwd.apply();
        }
    }
}

control IgDeparser(packet_out pkt, inout headers_t hdr, in ig_metadata_t md,
                   in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    Mirror(MIRROR_I2E) i2e;
    apply {
        if (ig_dprsr_md.mirror_type == MIRROR_I2E) {
            i2e.emit(md.session, md.mirror);
        }
        pkt.emit(hdr);
    }
}

parser EgParser(packet_in pkt, out headers_t hdr, out eg_metadata_t md,
                out egress_intrinsic_metadata_t eg_intr_md) {
    state start {
        pkt.extract(eg_intr_md);
        pkt.extract(md.kind);
        pkt.extract(hdr.ethernet);
        pkt.extract(hdr.data);
        transition accept;
    }
}

control Egress(inout headers_t hdr, inout eg_metadata_t md,
               in egress_intrinsic_metadata_t eg_intr_md,
               in egress_intrinsic_metadata_from_parser_t eg_prsr_md,
               inout egress_intrinsic_metadata_for_deparser_t eg_dprsr_md,
               inout egress_intrinsic_metadata_for_output_port_t eg_oport_md) {
    apply {
        if (md.kind.kind == KIND_MIRROR) {
            hdr.data.b1 = 0xee;
        }
        if (eg_intr_md.egress_rid != 0) {
            hdr.data.h1 = eg_intr_md.egress_rid;
        }
    }
}

control EgDeparser(packet_out pkt, inout headers_t hdr, in eg_metadata_t md,
                   in egress_intrinsic_metadata_for_deparser_t eg_dprsr_md) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.data);
    }
}

Pipeline(IgParser(), Ingress(), IgDeparser(), EgParser(), Egress(), EgDeparser()) pipe;
Switch(pipe) main;
