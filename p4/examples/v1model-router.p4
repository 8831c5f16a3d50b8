/*
 * p4ts example: a v1model IPv4 router with QinQ termination.
 *
 * Exercises: V1MODEL_VERSION set by the program (the generic-index signatures), a
 * parser with a header stack (up to two VLAN tags through next/last), a varbit header
 * for IPv4 options and verify() with program-defined errors; verify_checksum and
 * update_checksum over the IPv4 header with its options; tables with const entries;
 * direct_counter and direct_meter bound to tables; an indexed meter and a register;
 * clone (I2E) with truncate on the copy; digest (MAC learning); pop_front on the VLAN
 * stack and recirculate_preserving_field_list with an @field_list field; mark_to_drop.
 *
 * How a test drives it (ports 1-4; router MAC 00:00:00:00:00:fe):
 *   Control plane:
 *     smac: the hosts' MACs -> NoAction (known); unknown sources raise the digest.
 *     ipv4_lpm: 10.0.1.0/24 -> set_nhop(10.0.1.2, 1); 10.0.2.0/24 -> set_nhop(10.0.2.2, 2).
 *     forward: 10.0.1.2 -> set_dmac(00:00:00:00:01:02); 10.0.2.2 -> set_dmac(00:00:00:00:02:02).
 *     qinq_terminate: outer VID 100 -> pop_outer_tag().
 *     clone_ports: ingress port 3 -> clone_to(5); clone session 5 -> port 4.
 *   Frames in / out:
 *     - untagged IPv4 to 10.0.2.9, TTL 64, from a known MAC on port 1 -> port 2, TTL 63,
 *       dst MAC 00:00:00:00:02:02, src MAC the router's, checksum recomputed;
 *     - the same from an unknown source MAC -> forwarded, and one digest
 *       {src MAC, ingress port};
 *     - a bad IPv4 checksum, version 6 in an IPv4 ethertype, or three VLAN tags -> dropped;
 *     - IPv4 with 8 bytes of options (IHL 7) -> routed, options kept, checksum over them;
 *     - QinQ (S-tag VID 100, C-tag VID 7) -> the S-tag is popped, the packet
 *       recirculates once, and leaves single-tagged (VID 7); last_vid[0] = 100
 *       (bmv2 resets a recirculated packet's metadata, ingress_port included);
 *     - from port 3 -> routed normally plus a clone on port 4 cut to 64 bytes;
 *     - DSCP 46 -> standard_metadata.priority 7 (const entry).
 */

#define V1MODEL_VERSION 20200408
#include <core.p4>
#include <v1model.p4>

typedef bit<48> mac_addr_t;
typedef bit<32> ipv4_addr_t;

const bit<16> ETHERTYPE_IPV4 = 0x0800;
const bit<16> ETHERTYPE_VLAN = 0x8100;
const bit<16> ETHERTYPE_QINQ = 0x88A8;
const mac_addr_t ROUTER_MAC = 0x0000000000FE;

/* bmv2's instance_type values. */
const bit<32> INSTANCE_NORMAL        = 0;
const bit<32> INSTANCE_INGRESS_CLONE = 1;
const bit<32> INSTANCE_RECIRC        = 4;

error {
    IPv4IncorrectVersion,
    IPv4BadHeaderLength
}

header ethernet_h {
    mac_addr_t dst_addr;
    mac_addr_t src_addr;
    bit<16>    ether_type;
}

header vlan_tag_h {
    bit<3>  pcp;
    bit<1>  dei;
    bit<12> vid;
    bit<16> ether_type;
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

/* Up to 40 bytes of options (IHL 15). */
header ipv4_options_h {
    varbit<320> options;
}

struct headers_t {
    ethernet_h     ethernet;
    vlan_tag_h[2]  vlan;
    ipv4_h         ipv4;
    ipv4_options_h ipv4_options;
}

struct mac_learn_digest_t {
    mac_addr_t src_addr;
    PortId_t   ingress_port;
}

struct metadata_t {
    ipv4_addr_t nhop_ipv4;
    bit<2>      port_color;
    bit<2>      tenant_color;
    bit<1>      needs_recirculation;
    bit<32>     last_len;
    /* Survives recirculation: the VID that the first pass popped. */
    @field_list(1)
    bit<12>     popped_vid;
}

parser RouterParser(
    packet_in packet,
    out headers_t hdr,
    inout metadata_t meta,
    inout standard_metadata_t standard_metadata)
{
    state start {
        packet.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            ETHERTYPE_VLAN : parse_vlan;
            ETHERTYPE_QINQ : parse_vlan;
            ETHERTYPE_IPV4 : parse_ipv4;
            default        : accept;
        }
    }

    /* A third tag overflows the stack: StackOutOfBounds, and the packet is dropped. */
    state parse_vlan {
        packet.extract(hdr.vlan.next);
        transition select(hdr.vlan.last.ether_type) {
            ETHERTYPE_VLAN : parse_vlan;
            ETHERTYPE_IPV4 : parse_ipv4;
            default        : accept;
        }
    }

    state parse_ipv4 {
        packet.extract(hdr.ipv4);
        verify(hdr.ipv4.version == 4, error.IPv4IncorrectVersion);
        verify(hdr.ipv4.ihl >= 5, error.IPv4BadHeaderLength);
        transition select(hdr.ipv4.ihl) {
            5       : accept;
            default : parse_ipv4_options;
        }
    }

    state parse_ipv4_options {
        packet.extract(hdr.ipv4_options, ((bit<32>) hdr.ipv4.ihl - 5) * 32);
        transition accept;
    }
}

control RouterVerifyChecksum(inout headers_t hdr, inout metadata_t meta) {
    apply {
        verify_checksum(
            hdr.ipv4.isValid(),
            { hdr.ipv4.version, hdr.ipv4.ihl, hdr.ipv4.diffserv, hdr.ipv4.total_len,
              hdr.ipv4.identification, hdr.ipv4.flags, hdr.ipv4.frag_offset,
              hdr.ipv4.ttl, hdr.ipv4.protocol, hdr.ipv4.src_addr, hdr.ipv4.dst_addr,
              hdr.ipv4_options.options },
            hdr.ipv4.hdr_checksum,
            HashAlgorithm.csum16);
    }
}

control RouterIngress(
    inout headers_t hdr,
    inout metadata_t meta,
    inout standard_metadata_t standard_metadata)
{
    direct_counter(CounterType.packets_and_bytes) route_hits;
    direct_meter<bit<2>>(MeterType.bytes) tenant_meter;
    meter<PortId_t>(512, MeterType.packets) port_meter;
    register<bit<32>, PortId_t>(512) last_len;
    register<bit<12>, PortId_t>(512) last_vid;

    action drop() {
        mark_to_drop(standard_metadata);
    }

    /* ---- Source MAC learning ---- */
    action learn() {
        digest<mac_learn_digest_t>(1, { hdr.ethernet.src_addr, standard_metadata.ingress_port });
    }

    table smac {
        key = { hdr.ethernet.src_addr : exact; }
        actions = { learn; NoAction; }
        default_action = learn();
        size = 1024;
    }

    /* ---- QinQ termination: first pass pops the S-tag, second pass routes ---- */
    action pop_outer_tag() {
        meta.popped_vid = hdr.vlan[0].vid;
        hdr.ethernet.ether_type = hdr.vlan[0].ether_type;
        hdr.vlan.pop_front(1);
        meta.needs_recirculation = 1;
    }

    table qinq_terminate {
        key = { hdr.vlan[0].vid : exact; }
        actions = { pop_outer_tag; @defaultonly NoAction; }
        const default_action = NoAction();
        size = 64;
    }

    /* ---- Routing ---- */
    action set_nhop(ipv4_addr_t nhop_ipv4, PortId_t port) {
        meta.nhop_ipv4 = nhop_ipv4;
        standard_metadata.egress_spec = port;
        hdr.ipv4.ttl = hdr.ipv4.ttl - 1;
        tenant_meter.read(meta.tenant_color);
    }

    table ipv4_lpm {
        key = { hdr.ipv4.dst_addr : lpm; }
        actions = { set_nhop; drop; }
        default_action = drop();
        counters = route_hits;
        meters = tenant_meter;
        size = 1024;
    }

    action set_dmac(mac_addr_t dmac) {
        hdr.ethernet.dst_addr = dmac;
        hdr.ethernet.src_addr = ROUTER_MAC;
    }

    table forward {
        key = { meta.nhop_ipv4 : exact; }
        actions = { set_dmac; drop; }
        default_action = drop();
        size = 512;
    }

    /* ---- QoS: DSCP -> priority, fixed by the program ---- */
    action set_priority(bit<3> priority) {
        standard_metadata.priority = priority;
    }

    table dscp_priority {
        key = { hdr.ipv4.diffserv[7:2] : exact @name("dscp"); }
        actions = { set_priority; }
        const entries = {
            46 : set_priority(7);
            34 : set_priority(5);
            0  : set_priority(0);
        }
        const default_action = set_priority(0);
    }

    /* ---- Port mirroring ---- */
    action clone_to(bit<32> session) {
        clone(CloneType.I2E, session);
    }

    table clone_ports {
        key = { standard_metadata.ingress_port : exact; }
        actions = { clone_to; @defaultonly NoAction; }
        const default_action = NoAction();
        size = 512;
    }

    apply {
        if (standard_metadata.parser_error != error.NoError
                || standard_metadata.checksum_error == 1
                || !hdr.ipv4.isValid()) {
            drop();
            return;
        }

        port_meter.execute_meter(standard_metadata.ingress_port, meta.port_color);
        if (meta.port_color == V1MODEL_METER_COLOR_RED) {
            drop();
            return;
        }

        if (standard_metadata.instance_type == INSTANCE_RECIRC) {
            last_vid.write(standard_metadata.ingress_port, meta.popped_vid);
        } else {
            smac.apply();
            if (hdr.vlan[1].isValid()) {
                qinq_terminate.apply();
            }
        }

        if (meta.needs_recirculation == 0) {
            last_len.read(meta.last_len, standard_metadata.ingress_port);
            last_len.write(standard_metadata.ingress_port, standard_metadata.packet_length);
            if (hdr.ipv4.ttl <= 1) {
                drop();
                return;
            }
            ipv4_lpm.apply();
            forward.apply();
            dscp_priority.apply();
            clone_ports.apply();
        } else {
            /* Any port will do: egress recirculates the packet before it leaves. */
            standard_metadata.egress_spec = standard_metadata.ingress_port;
        }
    }
}

control RouterEgress(
    inout headers_t hdr,
    inout metadata_t meta,
    inout standard_metadata_t standard_metadata)
{
    apply {
        if (standard_metadata.instance_type == INSTANCE_INGRESS_CLONE) {
            truncate(64);
        } else if (meta.needs_recirculation == 1) {
            recirculate_preserving_field_list(1);
        }
    }
}

control RouterComputeChecksum(inout headers_t hdr, inout metadata_t meta) {
    apply {
        update_checksum(
            hdr.ipv4.isValid(),
            { hdr.ipv4.version, hdr.ipv4.ihl, hdr.ipv4.diffserv, hdr.ipv4.total_len,
              hdr.ipv4.identification, hdr.ipv4.flags, hdr.ipv4.frag_offset,
              hdr.ipv4.ttl, hdr.ipv4.protocol, hdr.ipv4.src_addr, hdr.ipv4.dst_addr,
              hdr.ipv4_options.options },
            hdr.ipv4.hdr_checksum,
            HashAlgorithm.csum16);
    }
}

control RouterDeparser(packet_out packet, in headers_t hdr) {
    apply {
        packet.emit(hdr.ethernet);
        packet.emit(hdr.vlan);
        packet.emit(hdr.ipv4);
        packet.emit(hdr.ipv4_options);
    }
}

V1Switch(
    RouterParser(),
    RouterVerifyChecksum(),
    RouterIngress(),
    RouterEgress(),
    RouterComputeChecksum(),
    RouterDeparser()) main;
