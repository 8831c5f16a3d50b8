/*
 * p4ts: Tofino 2 device facts for TNA programs: the widths of port, queue, mirror,
 * digest and replication identifiers, and the size of per-port metadata.
 * Included by tna.p4 when __TARGET_TOFINO__ is 2 (TNA on a Tofino 2 part); compatible with the
 * public tofino2_specs.p4.
 */

#ifndef _TOFINO2_P4_SPECS_
#define _TOFINO2_P4_SPECS_

#include <core.p4>

/* Widths are macros as well as typedefs: programs size padding with them. */
#define PORT_ID_WIDTH                  9
@noWarn("unused")
typedef bit<PORT_ID_WIDTH>             PortId_t;

#define MULTICAST_GROUP_ID_WIDTH       16
@noWarn("unused")
typedef bit<MULTICAST_GROUP_ID_WIDTH>  MulticastGroupId_t;

#define QUEUE_ID_WIDTH                 7
@noWarn("unused")
typedef bit<QUEUE_ID_WIDTH>            QueueId_t;

#define MIRROR_TYPE_WIDTH              4
@noWarn("unused")
typedef bit<MIRROR_TYPE_WIDTH>         MirrorType_t;

#define MIRROR_ID_WIDTH                8
@noWarn("unused")
typedef bit<MIRROR_ID_WIDTH>           MirrorId_t;

#define RESUBMIT_TYPE_WIDTH            3
@noWarn("unused")
typedef bit<RESUBMIT_TYPE_WIDTH>       ResubmitType_t;

#define DIGEST_TYPE_WIDTH              3
@noWarn("unused")
typedef bit<DIGEST_TYPE_WIDTH>         DigestType_t;

#define REPLICATION_ID_WIDTH           16
@noWarn("unused")
typedef bit<REPLICATION_ID_WIDTH>      ReplicationId_t;

#define L1_EXCLUSION_ID_WIDTH          16
@noWarn("unused")
typedef bit<L1_EXCLUSION_ID_WIDTH>     L1ExclusionId_t;

#define L2_EXCLUSION_ID_WIDTH          9
@noWarn("unused")
typedef bit<L2_EXCLUSION_ID_WIDTH>     L2ExclusionId_t;

/* Older programs still name the mirror type CloneId_t. */
@noWarn("unused")
typedef MirrorType_t CloneId_t;

@noWarn("unused")
typedef error ParserError_t;

/* Bits of per-port metadata that follow the ingress intrinsic header. */
@noWarn("unused")
const bit<32> PORT_METADATA_SIZE = 32w192;

/* A device port number is pipe (2 bits) then local port (7 bits). */
#define DEVPORT_PIPE_MASK   0x180
#define DEVPORT_PIPE(port)  (port)[8:7]
#define DEVPORT_PORT_MASK   0x7f
#define DEVPORT_PORT(port)  (port)[6:0]

#endif /* _TOFINO2_P4_SPECS_ */
