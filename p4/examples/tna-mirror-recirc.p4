/*
 * p4ts example: TNA mirroring, recirculation, resubmit, digest and stateful externs.
 *
 * Exercises: I2E mirroring (sampled with Random) and E2E mirroring, each copy carrying
 * a mirror header whose first byte lets the egress parser tell normal packets and the
 * two kinds of copies apart; recirculation through port 68; Resubmit with a 64-bit
 * resubmit header parsed on the second pass; a Digest to the control plane; a
 * per-flow packet counter (Register + RegisterAction returning the new value) and a
 * paired register (two 16-bit halves: packets and the largest length, using max);
 * Hash with predefined algorithms (CRC16, CRC32) and with a custom CRCPolynomial
 * (CRC-16/CCITT-FALSE); Random; min.
 *
 * How a test drives it (hosts on ports 1-3, a monitor on port 5):
 *   Control plane:
 *     forward: 10.0.0.1 -> send(1); 10.0.0.2 -> send(2); 10.0.0.3 -> send(3).
 *     recirc_targets: 10.0.0.3 -> recirculate() (first pass goes round port 68).
 *     i2e_sample: ingress port 1 -> sample_to(session 10, mask 0x0000) (every packet);
 *     e2e_mirror_cfg: egress port 2 -> e2e_to(session 20).
 *     Mirror sessions 10 and 20 -> egress port 5. Multicast: none.
 *   Frames in / out (IPv4/UDP; TTL 100 in):
 *     - the first packet of a flow from port 2 to 10.0.0.1: resubmitted once, then one
 *       digest new_flow (5-tuple, flow index, CRC-32 and CRC-16/CCITT signatures) and
 *       the packet on port 1 with TTL 63 (min(100, 64) - 1);
 *     - later packets of that flow: on port 1, no digest; flow_packets[flow index]
 *       counts every first pass (1, 2, 3 ...), flow_len_stats keeps (count, max len);
 *     - from port 1 to 10.0.0.2: on port 2, plus an I2E copy on port 5 starting with
 *       the 4-byte mirror header {0x02, ingress port 1}, plus an E2E copy on port 5
 *       starting with {0x03, egress port 2};
 *     - to 10.0.0.3: recirculated once, leaves on port 3 with TTL 62 (two passes);
 *     - to an address with no forward entry: dropped.
 */

#include <core.p4>
#include <tna.p4>

typedef bit<48> mac_addr_t;
typedef bit<32> ipv4_addr_t;

const bit<16> ETHERTYPE_IPV4 = 0x0800;
const bit<8>  IP_PROTO_UDP   = 17;
const PortId_t RECIRC_PORT   = 68;

/* First byte in front of what the egress parser sees. */
const bit<8> PKT_NORMAL     = 1;
const bit<8> PKT_MIRROR_I2E = 2;
const bit<8> PKT_MIRROR_E2E = 3;

const MirrorType_t   MIRROR_TYPE_I2E     = 1;
const MirrorType_t   MIRROR_TYPE_E2E     = 2;
const ResubmitType_t RESUBMIT_NEW_FLOW   = 1;
const DigestType_t   DIGEST_NEW_FLOW     = 1;

header ethernet_h {
    mac_addr_t dst_addr;
    mac_addr_t src_addr;
    bit<16>    ether_type;
}

header ipv4_h {
    bit<4>      version;
    bit<4>      ihl;
    bit<8>      diffserv;
    bit<16>     total_len;
    bit<16>     identification;
    bit<3>      flags;
    bit<13>     frag_offset;
    bit<8>      ttl;
    bit<8>      protocol;
    bit<16>     hdr_checksum;
    ipv4_addr_t src_addr;
    ipv4_addr_t dst_addr;
}

header udp_h {
    bit<16> src_port;
    bit<16> dst_port;
    bit<16> length;
    bit<16> checksum;
}

header bridged_h {
    bit<8> pkt_type;
}

/* Both mirror kinds use one layout; pkt_type says which. */
header mirror_h {
    bit<8>          pkt_type;
    @padding bit<7> _pad;
    PortId_t        port;       /* I2E: ingress port; E2E: egress port */
}

/* Exactly PORT_METADATA_SIZE (64) bits: it takes the port metadata's place. */
header resubmit_h {
    bit<8>  reason;
    bit<8>  _pad;
    bit<16> flow_index;
    bit<32> first_seen;         /* low 32 bits of the ingress MAC timestamp */
}

struct headers_t {
    bridged_h  bridged;
    mirror_h   mirror;
    ethernet_h ethernet;
    ipv4_h     ipv4;
    udp_h      udp;
}

/* A paired register entry: two 16-bit halves updated together. */
struct len_stats_t {
    bit<16> packets;
    bit<16> max_len;
}

struct new_flow_digest_t {
    ipv4_addr_t src_addr;
    ipv4_addr_t dst_addr;
    bit<8>      protocol;
    bit<16>     src_port;
    bit<16>     dst_port;
    bit<16>     flow_index;
    bit<32>     signature_crc32;
    bit<16>     signature_ccitt;
}

struct ingress_metadata_t {
    resubmit_h   resubmit_data;
    bit<16>      flow_index;
    bit<32>      flow_packets;
    bit<16>      max_len;
    bit<16>      random;
    bit<16>      sample_mask;
    MirrorId_t   sample_session;
    bit<1>       sample_enabled;
    PortId_t     mirror_port;
    bit<32>      signature_crc32;
    bit<16>      signature_ccitt;
}

struct egress_metadata_t {
    MirrorId_t e2e_session;
}

parser SwitchIngressParser(
    packet_in pkt,
    out headers_t hdr,
    out ingress_metadata_t ig_md,
    out ingress_intrinsic_metadata_t ig_intr_md)
{
    state start {
        pkt.extract(ig_intr_md);
        transition select(ig_intr_md.resubmit_flag) {
            1 : parse_resubmit;
            0 : parse_port_metadata;
        }
    }

    state parse_resubmit {
        pkt.extract(ig_md.resubmit_data);
        transition parse_ethernet;
    }

    state parse_port_metadata {
        pkt.advance(PORT_METADATA_SIZE);
        transition parse_ethernet;
    }

    state parse_ethernet {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            ETHERTYPE_IPV4 : parse_ipv4;
            default        : accept;
        }
    }

    state parse_ipv4 {
        pkt.extract(hdr.ipv4);
        transition select(hdr.ipv4.protocol) {
            IP_PROTO_UDP : parse_udp;
            default      : accept;
        }
    }

    state parse_udp {
        pkt.extract(hdr.udp);
        transition accept;
    }
}

control SwitchIngress(
    inout headers_t hdr,
    inout ingress_metadata_t ig_md,
    in ingress_intrinsic_metadata_t ig_intr_md,
    in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
    inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
    inout ingress_intrinsic_metadata_for_tm_t ig_tm_md)
{
    /* Predefined algorithms. */
    Hash<bit<16>>(HashAlgorithm_t.CRC16) flow_hash;
    Hash<bit<32>>(HashAlgorithm_t.CRC32) signature_crc32;
    /* CRC-16/CCITT-FALSE: poly 0x1021, not reflected, init 0xFFFF, xor-out 0. */
    CRCPolynomial<bit<16>>(0x1021, false, false, false, 0xFFFF, 0x0000) ccitt_poly;
    Hash<bit<16>>(HashAlgorithm_t.CUSTOM, ccitt_poly) signature_ccitt;

    Random<bit<16>>() rng;

    Register<bit<32>, bit<16>>(65536, 0) flow_packets;
    RegisterAction<bit<32>, bit<16>, bit<32>>(flow_packets) count_flow_packet = {
        void apply(inout bit<32> value, out bit<32> rv) {
            value = value + 1;
            rv = value;
        }
    };

    Register<len_stats_t, bit<10>>(1024) flow_len_stats;
    RegisterAction<len_stats_t, bit<10>, bit<16>>(flow_len_stats) update_len_stats = {
        void apply(inout len_stats_t value, out bit<16> rv) {
            value.packets = value.packets + 1;
            value.max_len = max(value.max_len, hdr.ipv4.total_len);
            rv = value.max_len;
        }
    };

    action drop() {
        ig_dprsr_md.drop_ctl = 1;
    }

    action send(PortId_t port) {
        ig_tm_md.ucast_egress_port = port;
        hdr.ipv4.ttl = hdr.ipv4.ttl - 1;
    }

    table forward {
        key = { hdr.ipv4.dst_addr : exact; }
        actions = { send; drop; }
        default_action = drop();
        size = 256;
    }

    action recirculate() {
        ig_tm_md.ucast_egress_port = RECIRC_PORT;
        hdr.ipv4.ttl = hdr.ipv4.ttl - 1;
    }

    table recirc_targets {
        key = { hdr.ipv4.dst_addr : exact; }
        actions = { recirculate; @defaultonly NoAction; }
        const default_action = NoAction();
        size = 64;
    }

    /* mask 0 samples every packet; each further mask bit halves the rate. */
    action sample_to(MirrorId_t session, bit<16> mask) {
        ig_md.sample_enabled = 1;
        ig_md.sample_session = session;
        ig_md.sample_mask = mask;
    }

    table i2e_sample {
        key = { ig_intr_md.ingress_port : exact; }
        actions = { sample_to; @defaultonly NoAction; }
        const default_action = NoAction();
        size = 512;
    }

    action mark_new_flow() {
        ig_dprsr_md.resubmit_type = RESUBMIT_NEW_FLOW;
        ig_md.resubmit_data.setValid();
        ig_md.resubmit_data.reason = 1;
        ig_md.resubmit_data._pad = 0;
        ig_md.resubmit_data.flow_index = ig_md.flow_index;
        ig_md.resubmit_data.first_seen = ig_intr_md.ingress_mac_tstamp[31:0];
    }

    apply {
        if (!hdr.ipv4.isValid() || !hdr.udp.isValid()) {
            drop();
        } else if (ig_intr_md.resubmit_flag == 1) {
            /* Second pass of a flow's first packet: report it, then forward it. */
            ig_md.signature_crc32 = signature_crc32.get({
                hdr.ipv4.src_addr, hdr.ipv4.dst_addr, hdr.ipv4.protocol,
                hdr.udp.src_port, hdr.udp.dst_port });
            ig_md.signature_ccitt = signature_ccitt.get({
                hdr.ipv4.src_addr, hdr.ipv4.dst_addr, hdr.ipv4.protocol,
                hdr.udp.src_port, hdr.udp.dst_port });
            ig_dprsr_md.digest_type = DIGEST_NEW_FLOW;
        } else if (ig_intr_md.ingress_port != RECIRC_PORT) {
            ig_md.flow_index = flow_hash.get({
                hdr.ipv4.src_addr, hdr.ipv4.dst_addr, hdr.ipv4.protocol,
                hdr.udp.src_port, hdr.udp.dst_port });
            ig_md.flow_packets = count_flow_packet.execute(ig_md.flow_index);
            ig_md.max_len = update_len_stats.execute(ig_md.flow_index[9:0]);
            if (ig_md.flow_packets == 1) {
                mark_new_flow();
            }
        }

        /* A resubmitting pass is not forwarded: the second pass is. */
        if (hdr.ipv4.isValid() && ig_dprsr_md.resubmit_type != RESUBMIT_NEW_FLOW) {
            hdr.ipv4.ttl = min(hdr.ipv4.ttl, 8w64);
            bool recirculating = false;
            if (ig_intr_md.ingress_port != RECIRC_PORT) {
                recirculating = recirc_targets.apply().hit;
            }
            if (!recirculating) {
                forward.apply();
            }
            i2e_sample.apply();
            ig_md.random = rng.get();
            if (ig_md.sample_enabled == 1 && (ig_md.random & ig_md.sample_mask) == 0) {
                ig_dprsr_md.mirror_type = MIRROR_TYPE_I2E;
                ig_md.mirror_port = ig_intr_md.ingress_port;
            }
        }

        hdr.bridged.setValid();
        hdr.bridged.pkt_type = PKT_NORMAL;
    }
}

control SwitchIngressDeparser(
    packet_out pkt,
    inout headers_t hdr,
    in ingress_metadata_t ig_md,
    in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md)
{
    Checksum() ipv4_checksum;
    Mirror(MIRROR_TYPE_I2E) i2e_mirror;
    Resubmit(RESUBMIT_NEW_FLOW) new_flow_resubmit;
    Digest<new_flow_digest_t>(DIGEST_NEW_FLOW) new_flow;

    apply {
        hdr.ipv4.hdr_checksum = ipv4_checksum.update({
            hdr.ipv4.version, hdr.ipv4.ihl, hdr.ipv4.diffserv, hdr.ipv4.total_len,
            hdr.ipv4.identification, hdr.ipv4.flags, hdr.ipv4.frag_offset,
            hdr.ipv4.ttl, hdr.ipv4.protocol, hdr.ipv4.src_addr, hdr.ipv4.dst_addr });

        if (ig_dprsr_md.mirror_type == MIRROR_TYPE_I2E) {
            i2e_mirror.emit<mirror_h>(ig_md.sample_session, { PKT_MIRROR_I2E, 0, ig_md.mirror_port });
        }
        if (ig_dprsr_md.resubmit_type == RESUBMIT_NEW_FLOW) {
            new_flow_resubmit.emit(ig_md.resubmit_data);
        }
        if (ig_dprsr_md.digest_type == DIGEST_NEW_FLOW) {
            new_flow.pack({
                hdr.ipv4.src_addr, hdr.ipv4.dst_addr, hdr.ipv4.protocol,
                hdr.udp.src_port, hdr.udp.dst_port,
                ig_md.resubmit_data.flow_index,
                ig_md.signature_crc32, ig_md.signature_ccitt });
        }

        pkt.emit(hdr.bridged);
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.ipv4);
        pkt.emit(hdr.udp);
    }
}

parser SwitchEgressParser(
    packet_in pkt,
    out headers_t hdr,
    out egress_metadata_t eg_md,
    out egress_intrinsic_metadata_t eg_intr_md)
{
    state start {
        pkt.extract(eg_intr_md);
        transition select(pkt.lookahead<bit<8>>()) {
            PKT_NORMAL     : parse_bridged;
            PKT_MIRROR_I2E : parse_mirror;
            PKT_MIRROR_E2E : parse_mirror;
            default        : reject;
        }
    }

    state parse_bridged {
        pkt.extract(hdr.bridged);
        transition parse_ethernet;
    }

    /* A copy keeps its mirror header on the wire, so the monitor sees it. */
    state parse_mirror {
        pkt.extract(hdr.mirror);
        transition accept;
    }

    state parse_ethernet {
        pkt.extract(hdr.ethernet);
        transition accept;
    }
}

control SwitchEgress(
    inout headers_t hdr,
    inout egress_metadata_t eg_md,
    in egress_intrinsic_metadata_t eg_intr_md,
    in egress_intrinsic_metadata_from_parser_t eg_prsr_md,
    inout egress_intrinsic_metadata_for_deparser_t eg_dprsr_md,
    inout egress_intrinsic_metadata_for_output_port_t eg_oport_md)
{
    action e2e_to(MirrorId_t session) {
        eg_dprsr_md.mirror_type = MIRROR_TYPE_E2E;
        eg_md.e2e_session = session;
    }

    table e2e_mirror_cfg {
        key = { eg_intr_md.egress_port : exact; }
        actions = { e2e_to; @defaultonly NoAction; }
        const default_action = NoAction();
        size = 512;
    }

    apply {
        if (hdr.bridged.isValid()) {
            e2e_mirror_cfg.apply();
            hdr.bridged.setInvalid();
        }
    }
}

control SwitchEgressDeparser(
    packet_out pkt,
    inout headers_t hdr,
    in egress_metadata_t eg_md,
    in egress_intrinsic_metadata_for_deparser_t eg_dprsr_md,
    in egress_intrinsic_metadata_t eg_intr_md)
{
    Mirror(MIRROR_TYPE_E2E) e2e_mirror;

    apply {
        if (eg_dprsr_md.mirror_type == MIRROR_TYPE_E2E) {
            e2e_mirror.emit<mirror_h>(eg_md.e2e_session, { PKT_MIRROR_E2E, 0, eg_intr_md.egress_port });
        }
        pkt.emit(hdr.mirror);
        pkt.emit(hdr.ethernet);
    }
}

Pipeline(
    SwitchIngressParser(),
    SwitchIngress(),
    SwitchIngressDeparser(),
    SwitchEgressParser(),
    SwitchEgress(),
    SwitchEgressDeparser()) pipe;

Switch(pipe) main;
