/*
 * NetMigrate: packet headers (Ethernet, IPv4, UDP, the NetMigrate header and every
 * op body the switch reads), the headers the switch adds for its own use (bridged
 * metadata, mirror headers, recirculation header) and the per-gress metadata.
 */

#ifndef _NETMIGRATE_HEADERS_P4_
#define _NETMIGRATE_HEADERS_P4_

typedef bit<48> mac_addr_t;
typedef bit<32> ipv4_addr_t;
typedef bit<NM_BF_INDEX_BITS>  nm_bf_index_t;
typedef bit<NM_CBF_INDEX_BITS> nm_cbf_index_t;
typedef bit<NM_THREAD_ID_BITS> nm_thread_id_t;

/* ---- On the wire ---- */

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

/* Common NetMigrate header, 11 bytes. */
header nm_hdr_h {
    bit<8>  op;
    bit<64> seq;        /* client's sequence number, echoed in replies */
    bit<16> db_port;    /* which shard on the addressed server */
}

/* INIT / TERMINATE body (14 bytes): the migration pair and the dictionary shape. */
header nm_pair_h {
    ipv4_addr_t src_addr;
    bit<16>     src_port;
    ipv4_addr_t dst_addr;
    bit<16>     dst_port;
    bit<8>      size_exp;    /* the source dictionary has 2^size_exp buckets */
    bit<8>      remain_exp;  /* 2^remain_exp buckets per group */
}

/* GROUP_START / GROUP_COMPLETE body (6 bytes). The thread and count bytes are p4ts'
 * additions (docs/netmigrate.md §9): the switch remembers, per migration thread, the next
 * transition it may apply, skips repeats of earlier ones and drops ones that arrive too
 * early; a packet covers a run of `group_count` consecutive groups, applied one per pass
 * (docs/migration-protocols.md "Runs of groups"). */
header nm_group_h {
    bit<32>        group_id;
    nm_thread_id_t thread_id;
    bit<8>         group_count;  /* groups group_id .. group_id + count - 1, one per pass */
}

/* Bitmap of key slots still to serve (bit i = slot i + 1). */
header nm_bitmap_h {
    bit<8> bitmap;
}

/* Flag byte of a read slot (0x04: double-read, set by the switch). */
header nm_ver_h {
    bit<8> ver;
}

header nm_key_h {
    bit<32> key;
}

/* A read slot of MULTI_READ: ver then key. */
header nm_ver_key_h {
    bit<8>  ver;
    bit<32> key;
}

/* A 64-byte value; only the ingress parser of a multi-key walk pass moves values. */
header nm_value_h {
    bit<128> w0;
    bit<128> w1;
    bit<128> w2;
    bit<128> w3;
}

/* ---- Switch-internal ---- */

/* Ingress -> egress on every normal packet: the routing decision. */
header nm_bridged_h {
    nm_pkt_type_t pkt_type;     /* NM_PKT_NORMAL */
    bit<1>        walk;         /* mirror to recirculation for the next key */
    bit<1>        redirect;     /* rewrite to the destination shard */
    bit<1>        group_walk;   /* recirculate: the group run has passes left */
    bit<5>        _pad;
    bit<8>        walk_pass;    /* recirculations so far (0 on the client's packet) */
    mac_addr_t    dst_mac;
    ipv4_addr_t   dst_addr;
    bit<16>       dst_port;
}

/* In front of a double-read copy: where the copy must go, and the pass it was made on
 * (not 0: a recirculated walk pass, whose copy starts with the recirculation header). */
header nm_mirror_i2e_h {
    nm_pkt_type_t pkt_type;     /* NM_PKT_MIRROR_I2E */
    bit<8>        walk_pass;
    mac_addr_t    dst_mac;
    ipv4_addr_t   dst_addr;
    bit<16>       dst_port;
}

/* In front of a walk copy: the addresses the client used (the original may have been
 * redirected before it was copied) and the pass number of the copy. */
header nm_mirror_e2e_h {
    nm_pkt_type_t pkt_type;     /* NM_PKT_MIRROR_E2E */
    bit<8>        walk_pass;
    mac_addr_t    orig_mac;
    ipv4_addr_t   orig_addr;
    bit<16>       orig_port;
}

/* In front of a walk copy as it leaves for the recirculation port and re-enters ingress. */
header nm_recirc_h {
    nm_pkt_type_t pkt_type;     /* NM_PKT_RECIRC */
    bit<8>        walk_pass;
}

/* ---- Ingress ---- */

struct nm_ingress_headers_t {
    nm_bridged_h bridged;
    nm_recirc_h  recirc;
    ethernet_h   ethernet;
    ipv4_h       ipv4;
    udp_h        udp;
    nm_hdr_h     mg;
    nm_pair_h    pair;
    nm_group_h   group;
    nm_bitmap_h  bitmap;
    nm_ver_h     ver_s1;     /* READ and MULTI_READ only */
    nm_key_h     key_s1;     /* the key the switch routes on */
    /* The other key slots and the values of a recirculated walk pass, parsed in a
     * permuted order (see the ingress parser); not parsed on a client's packet. */
    nm_ver_key_h[3] walk_ver_key;
    nm_key_h[3]     walk_key;
    nm_value_h[4]   walk_value;
}

struct nm_ingress_metadata_t {
    nm_kind_t       kind;
    bit<1>          is_multi;
    nm_filter_op_t  filter_op;

    /* Migration-pair lookup. */
    nm_pair_state_t pair_state;
    mac_addr_t      dst_mac;
    ipv4_addr_t     dst_addr;
    bit<16>         dst_port;
    bit<8>          size_exp;
    bit<8>          remain_exp;

    /* Group id and the filters' namespace. */
    bit<32>         bucket;
    bit<32>         bucket_masked;
    bit<32>         group_id;
    ipv4_addr_t     shard_addr;
    bit<16>         shard_port;

    /* Migration control from a port the controller did not register (dropped). */
    bit<1>          untrusted;

    /* Per-thread order of group control packets: this packet's token, the register's old value. */
    bit<32>         dedup_token;
    bit<32>         dedup_last;

    /* Filter answers. */
    bit<1>          bf_1;
    bit<1>          bf_2;
    bit<1>          bf_3;
    bit<1>          bf_4;
    int<8>          cbf_1;
    int<8>          cbf_2;
    int<8>          cbf_3;
    int<8>          cbf_4;

    /* Decision. */
    nm_route_t      route;
    bit<1>          redirect;
    bit<1>          walk;
    bit<8>          walk_pass;
    bit<1>          group_walk;
    MirrorId_t      i2e_session;
}

/* Sent to the controller on INIT and TERMINATE. */
struct nm_pair_digest_t {
    bit<8>      op;
    ipv4_addr_t src_addr;
    bit<16>     src_port;
    ipv4_addr_t dst_addr;
    bit<16>     dst_port;
    bit<8>      size_exp;
    bit<8>      remain_exp;
}

/* ---- Egress ---- */

struct nm_egress_headers_t {
    nm_bridged_h    bridged;
    nm_mirror_i2e_h mirror_i2e;
    nm_mirror_e2e_h mirror_e2e;
    nm_recirc_h     recirc;
    ethernet_h      ethernet;
    ipv4_h          ipv4;
    udp_h           udp;
    nm_hdr_h        mg;
    nm_bitmap_h     bitmap;
    /* The first read slot's flag byte of a double-read copy. */
    nm_ver_h        copy_ver;
    /* The rest of the key slots of a double-read copy made on a walk pass, parsed in a
     * permuted order (see the egress parser). */
    nm_key_h        copy_key;
    nm_ver_key_h[3] copy_slots;
}

struct nm_egress_metadata_t {
    MirrorId_t  walk_session;
    bit<8>      next_pass;
    mac_addr_t  orig_mac;
    ipv4_addr_t orig_addr;
    bit<16>     orig_port;
}

#endif /* _NETMIGRATE_HEADERS_P4_ */
