/*
 * NetMigrate: the ingress and egress parsers. Ingress reads only what the switch
 * routes on (key slot 1, the pair body, the group body); on a recirculated multi-key
 * walk pass it parses the key slots (and values) in a permuted order so that the slot
 * of the key this pass serves lands in slot 1 and its deparser emits slot 1 swapped with
 * that slot: the move costs no match-action work. Egress tells normal packets,
 * double-read copies and walk copies apart by their first byte and parses no further
 * than what it rewrites, which keeps Tofino 1's egress parse depth within 160 bytes
 * (docs/tofino-resources.md "Parse depth").
 */

#ifndef _NETMIGRATE_PARSERS_P4_
#define _NETMIGRATE_PARSERS_P4_

parser NmIngressParser(
    packet_in pkt,
    out nm_ingress_headers_t hdr,
    out nm_ingress_metadata_t md,
    out ingress_intrinsic_metadata_t ig_intr_md)
{
    state start {
        pkt.extract(ig_intr_md);
        md.walk_pass = 0;
        /* The program never resubmits, so what follows is always port metadata. */
        pkt.advance(PORT_METADATA_SIZE);
        transition select(ig_intr_md.ingress_port) {
            NM_RECIRC_PORT : parse_recirc;
            default        : parse_ethernet;
        }
    }

    /* A multi-key walk copy or a group run coming back: it carries its pass number, set
     * here so that the first stage (classify_op) can read it. */
    state parse_recirc {
        pkt.extract(hdr.recirc);
        md.walk_pass = hdr.recirc.walk_pass;
        transition parse_recirc_ethernet;
    }

    /* Only the egress deparser sends to port 68, and it sends walk copies and group-run
     * passes, both NetMigrate requests over IPv4/UDP: no further checks are needed. */
    state parse_recirc_ethernet {
        pkt.extract(hdr.ethernet);
        pkt.extract(hdr.ipv4);
        pkt.extract(hdr.udp);
        pkt.extract(hdr.mg);
        transition select(hdr.mg.op) {
            NM_OP_MULTI_READ     : walk_read;
            NM_OP_MULTI_WRITE    : walk_write;
            NM_OP_MULTI_DELETE   : walk_delete;
            NM_OP_GROUP_START    : parse_group;
            NM_OP_GROUP_COMPLETE : parse_group;
            default              : accept;
        }
    }

    state parse_ethernet {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            ETHERTYPE_IPV4 : parse_ipv4;
            default        : accept;
        }
    }

    /* Options are not parsed: NetMigrate hosts send plain 20-byte headers. */
    state parse_ipv4 {
        pkt.extract(hdr.ipv4);
        transition select(hdr.ipv4.ihl, hdr.ipv4.protocol) {
            (5, IP_PROTO_UDP) : parse_udp;
            default           : accept;
        }
    }

    /* Only the destination port is tested, so replies to clients are parsed as well. */
    state parse_udp {
        pkt.extract(hdr.udp);
        transition select(hdr.udp.dst_port) {
            NM_UDP_PORT_BASE &&& NM_UDP_PORT_MASK : parse_mg;
            default                               : accept;
        }
    }

    state parse_mg {
        pkt.extract(hdr.mg);
        transition select(hdr.mg.op) {
            NM_OP_READ           : parse_read_slot;
            NM_OP_MULTI_READ     : parse_read_slot;
            NM_OP_WRITE          : parse_key_slot;
            NM_OP_DELETE         : parse_key_slot;
            NM_OP_MULTI_WRITE    : parse_key_slot;
            NM_OP_MULTI_DELETE   : parse_key_slot;
            NM_OP_INIT           : parse_pair;
            NM_OP_TERMINATE      : parse_pair;
            NM_OP_GROUP_START    : parse_group;
            NM_OP_GROUP_COMPLETE : parse_group;
            default              : accept;   /* replies, MIGRATE: routed as they are */
        }
    }

    /* Single and multi reads share the layout of slot 1: bitmap, ver, key. */
    state parse_read_slot {
        pkt.extract(hdr.bitmap);
        transition parse_read_slot_body;
    }

    state parse_read_slot_body {
        pkt.extract(hdr.ver_s1);
        pkt.extract(hdr.key_s1);
        transition accept;
    }

    /* Writes and deletes: bitmap, then the keys (slot 1 first). */
    state parse_key_slot {
        pkt.extract(hdr.bitmap);
        transition parse_key_slot_body;
    }

    state parse_key_slot_body {
        pkt.extract(hdr.key_s1);
        transition accept;
    }

    state parse_pair {
        pkt.extract(hdr.pair);
        transition accept;
    }

    state parse_group {
        pkt.extract(hdr.group);
        transition accept;
    }

    /* A walk pass: the ingress of the previous pass cleared the bit of the key it served,
     * so the lowest set bit of the bitmap is this pass's key: slot n (2, 3 or 4). Slot n
     * is parsed into slot 1's headers (ver_s1/key_s1, which the switch routes on) and
     * slot 1 into element n - 2 of the other slots; the deparser emits slot 1's headers
     * first, then the stacks in index order, so slot 1 and slot n trade places on the
     * wire. A bitmap whose lowest set bit is 1 (or 0) is parsed as a first pass. */
    state walk_read {
        pkt.extract(hdr.bitmap);
        transition select(hdr.bitmap.bitmap) {
            0x02 &&& 0x03 : walk_read_from_2;
            0x04 &&& 0x07 : walk_read_from_3;
            0x08 &&& 0x0F : walk_read_from_4;
            default       : parse_read_slot_body;
        }
    }

    state walk_read_from_2 {
        pkt.extract(hdr.walk_ver_key[0]);
        pkt.extract(hdr.ver_s1);
        pkt.extract(hdr.key_s1);
        pkt.extract(hdr.walk_ver_key[1]);
        pkt.extract(hdr.walk_ver_key[2]);
        transition accept;
    }

    state walk_read_from_3 {
        pkt.extract(hdr.walk_ver_key[1]);
        pkt.extract(hdr.walk_ver_key[0]);
        pkt.extract(hdr.ver_s1);
        pkt.extract(hdr.key_s1);
        pkt.extract(hdr.walk_ver_key[2]);
        transition accept;
    }

    state walk_read_from_4 {
        pkt.extract(hdr.walk_ver_key[2]);
        pkt.extract(hdr.walk_ver_key[0]);
        pkt.extract(hdr.walk_ver_key[1]);
        pkt.extract(hdr.ver_s1);
        pkt.extract(hdr.key_s1);
        transition accept;
    }

    /* Writes move the value with its key: 4 keys, then 4 values, both permuted (the
     * values all go to the stack: the switch reads none of them). */
    state walk_write {
        pkt.extract(hdr.bitmap);
        transition select(hdr.bitmap.bitmap) {
            0x02 &&& 0x03 : walk_write_from_2;
            0x04 &&& 0x07 : walk_write_from_3;
            0x08 &&& 0x0F : walk_write_from_4;
            default       : parse_key_slot_body;
        }
    }

    state walk_write_from_2 {
        pkt.extract(hdr.walk_key[0]);
        pkt.extract(hdr.key_s1);
        pkt.extract(hdr.walk_key[1]);
        pkt.extract(hdr.walk_key[2]);
        pkt.extract(hdr.walk_value[1]);
        pkt.extract(hdr.walk_value[0]);
        pkt.extract(hdr.walk_value[2]);
        pkt.extract(hdr.walk_value[3]);
        transition accept;
    }

    state walk_write_from_3 {
        pkt.extract(hdr.walk_key[1]);
        pkt.extract(hdr.walk_key[0]);
        pkt.extract(hdr.key_s1);
        pkt.extract(hdr.walk_key[2]);
        pkt.extract(hdr.walk_value[2]);
        pkt.extract(hdr.walk_value[1]);
        pkt.extract(hdr.walk_value[0]);
        pkt.extract(hdr.walk_value[3]);
        transition accept;
    }

    state walk_write_from_4 {
        pkt.extract(hdr.walk_key[2]);
        pkt.extract(hdr.walk_key[0]);
        pkt.extract(hdr.walk_key[1]);
        pkt.extract(hdr.key_s1);
        pkt.extract(hdr.walk_value[3]);
        pkt.extract(hdr.walk_value[1]);
        pkt.extract(hdr.walk_value[2]);
        pkt.extract(hdr.walk_value[0]);
        transition accept;
    }

    state walk_delete {
        pkt.extract(hdr.bitmap);
        transition select(hdr.bitmap.bitmap) {
            0x02 &&& 0x03 : walk_delete_from_2;
            0x04 &&& 0x07 : walk_delete_from_3;
            0x08 &&& 0x0F : walk_delete_from_4;
            default       : parse_key_slot_body;
        }
    }

    state walk_delete_from_2 {
        pkt.extract(hdr.walk_key[0]);
        pkt.extract(hdr.key_s1);
        pkt.extract(hdr.walk_key[1]);
        pkt.extract(hdr.walk_key[2]);
        transition accept;
    }

    state walk_delete_from_3 {
        pkt.extract(hdr.walk_key[1]);
        pkt.extract(hdr.walk_key[0]);
        pkt.extract(hdr.key_s1);
        pkt.extract(hdr.walk_key[2]);
        transition accept;
    }

    state walk_delete_from_4 {
        pkt.extract(hdr.walk_key[2]);
        pkt.extract(hdr.walk_key[0]);
        pkt.extract(hdr.walk_key[1]);
        pkt.extract(hdr.key_s1);
        transition accept;
    }
}

parser NmEgressParser(
    packet_in pkt,
    out nm_egress_headers_t hdr,
    out nm_egress_metadata_t md,
    out egress_intrinsic_metadata_t eg_intr_md)
{
    state start {
        pkt.extract(eg_intr_md);
        transition select(pkt.lookahead<nm_pkt_type_t>()) {
            NM_PKT_NORMAL     : parse_bridged;
            NM_PKT_MIRROR_I2E : parse_mirror_i2e;
            NM_PKT_MIRROR_E2E : parse_mirror_e2e;
            default           : reject;
        }
    }

    state parse_bridged {
        pkt.extract(hdr.bridged);
        transition parse_ethernet;
    }

    /* A double-read copy is the packet as the ingress received it: on a recirculated walk
     * pass (the mirror header's pass number is not 0) that is the recirculation header,
     * which the copy must lose, and the key slots before this pass's swap. */

    state parse_mirror_i2e {
        pkt.extract(hdr.mirror_i2e);
        transition select(hdr.mirror_i2e.walk_pass) {
            0       : parse_copy;
            default : parse_copy_of_walk;
        }
    }

    /* A double-read copy is always a NetMigrate READ or MULTI_READ over IPv4/UDP: the
     * ingress mirrors nothing else. Its first read slot's flag byte follows the bitmap
     * (single and multi-key alike); the egress marks the copy as double-read there. */
    state parse_copy {
        pkt.extract(hdr.ethernet);
        pkt.extract(hdr.ipv4);
        pkt.extract(hdr.udp);
        pkt.extract(hdr.mg);
        transition select(hdr.mg.op) {
            NM_OP_READ       : parse_copy_ver;
            NM_OP_MULTI_READ : parse_copy_ver;
            default          : accept;
        }
    }

    /* A copy made on a recirculated pass (a multi-key walk: only MULTI_READ passes are
     * double-read there) starts with the recirculation header, which the copy loses. */
    state parse_copy_of_walk {
        pkt.advance(NM_RECIRC_HEADER_BITS);
        pkt.extract(hdr.ethernet);
        pkt.extract(hdr.ipv4);
        pkt.extract(hdr.udp);
        pkt.extract(hdr.mg);
        transition select(hdr.mg.op) {
            NM_OP_MULTI_READ : copy_walk_read;
            default          : accept;
        }
    }

    state parse_copy_ver {
        pkt.extract(hdr.bitmap);
        pkt.extract(hdr.copy_ver);
        transition accept;
    }

    /* The copy of a walk pass gets the swap the ingress parser gave the original (see
     * NmIngressParser's walk_read): the slot served, the lowest set bit of the bitmap as
     * received, goes to slot 1. Read slots only: only reads are double-read. */
    state copy_walk_read {
        pkt.extract(hdr.bitmap);
        transition select(hdr.bitmap.bitmap) {
            0x02 &&& 0x03 : copy_walk_read_from_2;
            0x04 &&& 0x07 : copy_walk_read_from_3;
            0x08 &&& 0x0F : copy_walk_read_from_4;
            default       : parse_copy_ver_body;
        }
    }

    state parse_copy_ver_body {
        pkt.extract(hdr.copy_ver);
        transition accept;
    }

    state copy_walk_read_from_2 {
        pkt.extract(hdr.copy_slots[0]);
        pkt.extract(hdr.copy_ver);
        pkt.extract(hdr.copy_key);
        pkt.extract(hdr.copy_slots[1]);
        pkt.extract(hdr.copy_slots[2]);
        transition accept;
    }

    state copy_walk_read_from_3 {
        pkt.extract(hdr.copy_slots[1]);
        pkt.extract(hdr.copy_slots[0]);
        pkt.extract(hdr.copy_ver);
        pkt.extract(hdr.copy_key);
        pkt.extract(hdr.copy_slots[2]);
        transition accept;
    }

    state copy_walk_read_from_4 {
        pkt.extract(hdr.copy_slots[2]);
        pkt.extract(hdr.copy_slots[0]);
        pkt.extract(hdr.copy_slots[1]);
        pkt.extract(hdr.copy_ver);
        pkt.extract(hdr.copy_key);
        transition accept;
    }

    /* Normal packets: the egress rewrites addresses only. */
    state parse_ethernet {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            ETHERTYPE_IPV4 : parse_ipv4;
            default        : accept;
        }
    }

    state parse_ipv4 {
        pkt.extract(hdr.ipv4);
        transition select(hdr.ipv4.ihl, hdr.ipv4.protocol) {
            (5, IP_PROTO_UDP) : parse_udp;
            default           : accept;
        }
    }

    state parse_udp {
        pkt.extract(hdr.udp);
        transition select(hdr.udp.dst_port) {
            NM_UDP_PORT_BASE &&& NM_UDP_PORT_MASK : parse_mg;
            default                               : accept;
        }
    }

    state parse_mg {
        pkt.extract(hdr.mg);
        transition accept;
    }

    /* A walk copy is always a NetMigrate multi-key request over IPv4/UDP: the egress
     * deparser of the original emitted exactly these headers. The egress rewrites only
     * addresses; the bitmap and the key slots stay payload (the next ingress pass swaps
     * them). */
    state parse_mirror_e2e {
        pkt.extract(hdr.mirror_e2e);
        pkt.extract(hdr.ethernet);
        pkt.extract(hdr.ipv4);
        pkt.extract(hdr.udp);
        pkt.extract(hdr.mg);
        transition accept;
    }
}

#endif /* _NETMIGRATE_PARSERS_P4_ */
