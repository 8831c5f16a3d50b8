/*
 * p4ts example: TNA L2/L3 forwarding.
 *
 * Exercises: exact match (destination MAC), LPM (IPv4 routes), ternary ACL with entry
 * priorities and a range key (L4 destination port), an indexed Counter and a
 * DirectCounter, an indexed Meter, IPv4 checksum verification in the parser
 * (Checksum.add/verify) and update in the deparser, dropping through drop_ctl,
 * multicast through mcast_grp_a with source-port pruning in egress (bridged header).
 *
 * How a test drives it (ports are device ports; hosts are 10.0.<port>.2):
 *   Control plane:
 *     dmac: 00:00:00:00:01:02 -> l2_forward(1); 00:00:00:00:02:02 -> l2_forward(2);
 *           00:00:00:00:00:fe (the router MAC) -> l3_route(); default is
 *           flood(1) (multicast group 1 = ports 1, 2, 3, 4).
 *     ipv4_lpm: 10.0.1.0/24 -> next_hop(1, 00:00:00:00:01:02);
 *               10.0.2.0/24 -> next_hop(2, 00:00:00:00:02:02); default drop.
 *     port_meter: leave unconfigured (every packet GREEN) unless testing meters.
 *   Frames in / out:
 *     - to 00:00:00:00:02:02 on port 1 -> out on port 2 unchanged (L2);
 *     - unknown unicast MAC on port 1 -> copies on ports 2, 3, 4 (not 1: pruned);
 *     - to the router MAC, IPv4 dst 10.0.2.5, TTL 64 on port 1 -> out on port 2 with
 *       dst MAC 00:00:00:00:02:02, src MAC 00:00:00:00:00:fe, TTL 63 and a correct
 *       header checksum;
 *     - the same with a corrupted IPv4 checksum -> dropped (no output);
 *     - routed TCP to port 23 -> dropped by the ACL; TCP to ports 8000-8080 from
 *       10.0.1.0/24 -> dropped by the higher-priority deny, while UDP to 8000 passes;
 *     - every packet counts in port_rx[ingress_port]; ACL hits count per entry.
 */

#include <core.p4>
#include <tna.p4>

typedef bit<48> mac_addr_t;
typedef bit<32> ipv4_addr_t;

const bit<16> ETHERTYPE_IPV4 = 0x0800;
const bit<8>  IP_PROTO_TCP   = 6;
const bit<8>  IP_PROTO_UDP   = 17;

const mac_addr_t ROUTER_MAC = 0x0000000000FE;

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

/* The first 4 bytes of TCP and UDP: the ports are all the ACL needs. */
header l4_ports_h {
    bit<16> src_port;
    bit<16> dst_port;
}

/* Ingress -> egress: where the packet came from, for multicast pruning. */
header bridged_h {
    @padding bit<7> _pad;
    PortId_t ingress_port;
}

struct headers_t {
    bridged_h  bridged;
    ethernet_h ethernet;
    ipv4_h     ipv4;
    l4_ports_h l4;
}

struct ingress_metadata_t {
    bool   ipv4_checksum_err;
    bit<1> routed;
    bit<8> meter_color;
}

struct egress_metadata_t {
    PortId_t ingress_port;
}

parser SwitchIngressParser(
    packet_in pkt,
    out headers_t hdr,
    out ingress_metadata_t ig_md,
    out ingress_intrinsic_metadata_t ig_intr_md)
{
    Checksum() ipv4_checksum;

    state start {
        pkt.extract(ig_intr_md);
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
        ipv4_checksum.add(hdr.ipv4);
        // verify() is the checksum unit's error flag: true when the header does not check out.
        ig_md.ipv4_checksum_err = ipv4_checksum.verify();
        transition select(hdr.ipv4.ihl, hdr.ipv4.frag_offset, hdr.ipv4.protocol) {
            (5, 0, IP_PROTO_TCP) : parse_l4;
            (5, 0, IP_PROTO_UDP) : parse_l4;
            default              : accept;
        }
    }

    state parse_l4 {
        pkt.extract(hdr.l4);
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
    Counter<bit<32>, PortId_t>(512, CounterType_t.PACKETS_AND_BYTES) port_rx;
    DirectCounter<bit<32>>(CounterType_t.PACKETS) acl_hits;
    Meter<PortId_t>(512, MeterType_t.BYTES) port_meter;

    action drop() {
        ig_dprsr_md.drop_ctl = 1;
    }

    /* ---- L2 ---- */
    action l2_forward(PortId_t port) {
        ig_tm_md.ucast_egress_port = port;
    }

    action flood(MulticastGroupId_t group) {
        ig_tm_md.mcast_grp_a = group;
    }

    action l3_route() {
        ig_md.routed = 1;
    }

    table dmac {
        key = { hdr.ethernet.dst_addr : exact; }
        actions = { l2_forward; flood; l3_route; }
        default_action = flood(1);
        size = 1024;
    }

    /* ---- L3 ---- */
    action next_hop(PortId_t port, mac_addr_t dst_mac) {
        ig_tm_md.ucast_egress_port = port;
        hdr.ethernet.src_addr = ROUTER_MAC;
        hdr.ethernet.dst_addr = dst_mac;
        hdr.ipv4.ttl = hdr.ipv4.ttl - 1;
    }

    table ipv4_lpm {
        key = { hdr.ipv4.dst_addr : lpm; }
        actions = { next_hop; drop; }
        default_action = drop();
        size = 1024;
    }

    /* ---- ACL: explicit entry priorities; the largest priority wins (the P4_16
     * default of largest_priority_wins). ---- */
    action permit() {
        acl_hits.count();
    }

    action deny() {
        acl_hits.count();
        ig_dprsr_md.drop_ctl = 1;
    }

    table acl {
        key = {
            hdr.ipv4.src_addr : ternary;
            hdr.ipv4.protocol : ternary;
            hdr.l4.dst_port   : range;
        }
        actions = { permit; deny; }
        /* Initial entries with explicit priorities; the control plane may add more. */
        entries = {
            priority = 30 : (0x0A000100 &&& 0xFFFFFF00, IP_PROTO_TCP &&& 0xFF, 8000 .. 8080) : deny();
            priority = 20 : (_, IP_PROTO_TCP &&& 0xFF, 23 .. 23) : deny();
            priority = 10 : (_, _, 0 .. 65535) : permit();
        }
        const default_action = permit();
        counters = acl_hits;
        size = 16;
    }

    apply {
        port_rx.count(ig_intr_md.ingress_port);

        /* Unconfigured meters leave every packet GREEN. */
        ig_md.meter_color = port_meter.execute(ig_intr_md.ingress_port);
        if (ig_md.meter_color == (bit<8>) MeterColor_t.RED) {
            drop();
        } else {
            switch (dmac.apply().action_run) {
                l3_route: {
                    if (hdr.ipv4.isValid() && !ig_md.ipv4_checksum_err && hdr.ipv4.ttl > 1) {
                        ipv4_lpm.apply();
                        if (hdr.l4.isValid()) {
                            acl.apply();
                        }
                    } else {
                        drop();
                    }
                }
            }
        }

        hdr.bridged.setValid();
        hdr.bridged._pad = 0;
        hdr.bridged.ingress_port = ig_intr_md.ingress_port;
    }
}

control SwitchIngressDeparser(
    packet_out pkt,
    inout headers_t hdr,
    in ingress_metadata_t ig_md,
    in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md)
{
    Checksum() ipv4_checksum;

    apply {
        hdr.ipv4.hdr_checksum = ipv4_checksum.update({
            hdr.ipv4.version,
            hdr.ipv4.ihl,
            hdr.ipv4.diffserv,
            hdr.ipv4.total_len,
            hdr.ipv4.identification,
            hdr.ipv4.flags,
            hdr.ipv4.frag_offset,
            hdr.ipv4.ttl,
            hdr.ipv4.protocol,
            hdr.ipv4.src_addr,
            hdr.ipv4.dst_addr });
        pkt.emit(hdr);
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
        pkt.extract(hdr.bridged);
        eg_md.ingress_port = hdr.bridged.ingress_port;
        /* The rest of the packet is not touched in egress: leave it as payload. */
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
    apply {
        /* A flooded copy never goes back out of the port it came in on. */
        if (eg_intr_md.egress_port == eg_md.ingress_port) {
            eg_dprsr_md.drop_ctl = 1;
        }
        hdr.bridged.setInvalid();
    }
}

control SwitchEgressDeparser(
    packet_out pkt,
    inout headers_t hdr,
    in egress_metadata_t eg_md,
    in egress_intrinsic_metadata_for_deparser_t eg_dprsr_md)
{
    apply {
        pkt.emit(hdr);
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
