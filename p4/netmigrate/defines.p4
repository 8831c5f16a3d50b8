/*
 * NetMigrate: sizes, wire constants and the stage-pinning switch. Sizes are macros so
 * that a build picks them with -D; everything else in the program derives from them.
 */

#ifndef _NETMIGRATE_DEFINES_P4_
#define _NETMIGRATE_DEFINES_P4_

/* ---- Filter sizes (docs/netmigrate.md §9) ----
 * A migration has at most 2^NM_GROUP_BITS_MAX groups (servers use group_bits =
 * min(size_exp, 17)). The default filters scale with that count: per filter, 8 BF bits
 * per group (index NM_GROUP_BITS_MAX + 3) and 2 CBF counters per group (index
 * NM_GROUP_BITS_MAX + 1). For 17 group bits that is 4 x 2^20 bits (512 KB) of BF and
 * 4 x 2^18 8-bit counters (1 MB) of CBF: the paper's default sizes, with a BF
 * false-positive bound near 2e-4 once every group has completed.
 * -DNETMIGRATE_ARTIFACT_SIZES: the artifact's committed 2^15 bits and 16 counters per
 * filter (the worst row of the paper's Table 2). Each size can be overridden alone. */
#ifndef NM_GROUP_BITS_MAX
#define NM_GROUP_BITS_MAX 17
#endif

#ifdef NETMIGRATE_ARTIFACT_SIZES
#ifndef NM_BF_INDEX_BITS
#define NM_BF_INDEX_BITS 15
#endif
#ifndef NM_CBF_INDEX_BITS
#define NM_CBF_INDEX_BITS 4
#endif
#else
#ifndef NM_BF_INDEX_BITS
#define NM_BF_INDEX_BITS (NM_GROUP_BITS_MAX + 3)
#endif
#ifndef NM_CBF_INDEX_BITS
#define NM_CBF_INDEX_BITS (NM_GROUP_BITS_MAX + 1)
#endif
#endif

/* The CBF index is the low bits of the BF index (as in the artifact), so it cannot
 * be wider. */
#if NM_CBF_INDEX_BITS > NM_BF_INDEX_BITS
#error NM_CBF_INDEX_BITS must not exceed NM_BF_INDEX_BITS
#endif

#define NM_BF_ENTRIES  (32w1 << NM_BF_INDEX_BITS)
#define NM_CBF_ENTRIES (32w1 << NM_CBF_INDEX_BITS)

/* Migration threads the switch tracks for duplicate group control packets: the width
 * of the thread byte on the wire, so not a build option. */
#define NM_THREAD_ID_BITS 8
#define NM_THREAD_ENTRIES (32w1 << NM_THREAD_ID_BITS)

/* Table sizes. */
#ifndef NM_PAIR_TABLE_SIZE
#define NM_PAIR_TABLE_SIZE 64
#endif
/* Switch ports allowed to send migration control (the servers'). */
#ifndef NM_PEER_TABLE_SIZE
#define NM_PEER_TABLE_SIZE 64
#endif

#ifndef NM_ROUTE_TABLE_SIZE
#define NM_ROUTE_TABLE_SIZE 1024
#endif

/* A multi-key request visits ingress at most this many times (4 key slots); a
 * recirculated copy beyond that is dropped and counted. */
#define NM_WALK_MAX_PASSES 4

/* Tofino 1 pipe 0 recirculation port. */
#ifndef NM_RECIRC_PORT
#define NM_RECIRC_PORT 68
#endif

/* ---- Stage pinning ----
 * -DNETMIGRATE_STAGE_PRAGMAS pins filter i to stage 2 + i (stages 3-6), as a real
 * deployment does to keep the filters out of each other's way. */
#ifdef NETMIGRATE_STAGE_PRAGMAS
#define NM_STAGE(n) @stage(n)
#else
#define NM_STAGE(n)
#endif

/* ---- Wire constants (docs/netmigrate.md §2-§3) ---- */
#define NM_UDP_PORT_BASE 0xBE00
#define NM_UDP_PORT_MASK 0xFF00

const bit<16> ETHERTYPE_IPV4 = 0x0800;
const bit<8>  IP_PROTO_UDP   = 17;

/* Every op of the protocol; the switch tests only some of them. */
const bit<8> NM_OP_READ           = 0x01;
const bit<8> NM_OP_WRITE          = 0x02;
const bit<8> NM_OP_DELETE         = 0x03;
@noWarn("unused")
const bit<8> NM_OP_READ_REPLY     = 0x04;
@noWarn("unused")
const bit<8> NM_OP_WRITE_REPLY    = 0x05;
@noWarn("unused")
const bit<8> NM_OP_DELETE_REPLY   = 0x06;
const bit<8> NM_OP_MULTI_READ     = 0x07;
const bit<8> NM_OP_MULTI_WRITE    = 0x08;
const bit<8> NM_OP_MULTI_DELETE   = 0x09;
const bit<8> NM_OP_INIT           = 0x10;
@noWarn("unused")
const bit<8> NM_OP_INIT_REPLY     = 0x11;
@noWarn("unused")
const bit<8> NM_OP_MIGRATE        = 0x12;
@noWarn("unused")
const bit<8> NM_OP_MIGRATE_REPLY  = 0x13;
const bit<8> NM_OP_TERMINATE      = 0x14;
@noWarn("unused")
const bit<8> NM_OP_TERMINATE_REPLY = 0x15;
const bit<8> NM_OP_GROUP_START    = 0x16;
@noWarn("unused")
const bit<8> NM_OP_GROUP_START_REPLY = 0x17;
const bit<8> NM_OP_GROUP_COMPLETE = 0x18;
@noWarn("unused")
const bit<8> NM_OP_GROUP_COMPLETE_REPLY = 0x19;

/* The switch sets this flag in a read's ver byte when it double-reads it. */
const bit<8> NM_VER_DOUBLE_READ = 0x04;

/* ---- Switch-internal constants ---- */

/* First byte of what the egress parser sees after the intrinsic header. */
typedef bit<8> nm_pkt_type_t;
const nm_pkt_type_t NM_PKT_NORMAL     = 1;
const nm_pkt_type_t NM_PKT_MIRROR_I2E = 2;
const nm_pkt_type_t NM_PKT_MIRROR_E2E = 3;
const nm_pkt_type_t NM_PKT_RECIRC     = 4;

/* The recirculation header's size, which a double-read copy of a walk pass skips. */
#define NM_RECIRC_HEADER_BITS 16

const MirrorType_t NM_MIRROR_TYPE_I2E = 1;
const MirrorType_t NM_MIRROR_TYPE_E2E = 2;
const DigestType_t NM_DIGEST_PAIR     = 1;

/* What a packet is to the switch logic. */
typedef bit<3> nm_kind_t;
const nm_kind_t NM_KIND_OTHER  = 0;   /* replies, MIGRATE, anything else: routed only */
const nm_kind_t NM_KIND_READ   = 1;   /* READ, MULTI_READ */
const nm_kind_t NM_KIND_WRITE  = 2;   /* WRITE, DELETE, MULTI_WRITE, MULTI_DELETE */
const nm_kind_t NM_KIND_GROUP  = 3;   /* GROUP_START, GROUP_COMPLETE */
const nm_kind_t NM_KIND_PAIR   = 4;   /* INIT, TERMINATE: digest to the controller */

/* Which register actions the four filters run. */
typedef bit<2> nm_filter_op_t;
const nm_filter_op_t NM_FILTER_NONE     = 0;
const nm_filter_op_t NM_FILTER_READ     = 1;
const nm_filter_op_t NM_FILTER_START    = 2;   /* CBF += 1 */
const nm_filter_op_t NM_FILTER_COMPLETE = 3;   /* CBF -= 1, BF := 1 */

/* What the migration-pair table said about the addressed shard. */
typedef bit<2> nm_pair_state_t;
const nm_pair_state_t NM_PAIR_NONE      = 0;  /* no migration: route normally */
const nm_pair_state_t NM_PAIR_MIGRATING = 1;  /* consult the filters */
const nm_pair_state_t NM_PAIR_REDIRECT  = 2;  /* migration finished: always redirect */

/* Where a client request goes. */
typedef bit<2> nm_route_t;
const nm_route_t NM_ROUTE_SOURCE      = 0;
const nm_route_t NM_ROUTE_DESTINATION = 1;
const nm_route_t NM_ROUTE_DOUBLE_READ = 2;

#endif /* _NETMIGRATE_DEFINES_P4_ */
