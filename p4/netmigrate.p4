/*
 * NetMigrate data plane for TNA (Tofino 1), written for p4ts from docs/netmigrate.md §4 and
 * §9. The switch steers every client request for a migrating KV shard to the source,
 * the destination or both, from per-group filters that the migration's group control
 * packets keep up to date.
 *
 * Build: p4ts compile p4/netmigrate.p4 --target tna [-DNETMIGRATE_ARTIFACT_SIZES]
 *        [-DNETMIGRATE_STAGE_PRAGMAS] (sizes and switches: netmigrate/defines.p4).
 *
 * The packet walk
 * ---------------
 * Ingress parser: intrinsic header, port metadata; on the recirculation port a 2-byte
 *   recirculation header (walk pass number); Ethernet, IPv4 (no options), UDP; when
 *   the UDP destination port is 0xBE00/0xFF00, the 11-byte NetMigrate header and, by
 *   op, key slot 1 (READ/MULTI_READ: bitmap, ver, key; WRITE/DELETE/MULTI_*: bitmap,
 *   key), the INIT/TERMINATE body or the GROUP_* body (group id, thread id). On a
 *   recirculated multi-key pass it parses every slot (and value) in a permuted order:
 *   the slot of the key this pass serves lands in slot 1, and the deparser swaps them.
 * Ingress control:
 *   1. A recirculated walk copy past its 4th pass is dropped and counted.
 *   2. IPv4 LPM picks the egress port (no route: drop and count).
 *   3. NetMigrate packets: the UDP checksum is cleared; the op is classified; the
 *      migration pair (exact on IPv4 dst + dbPort) says NONE, MIGRATING (destination
 *      shard, size_exp, remain_exp) or REDIRECT (after TERMINATE).
 *   4. Group id: client requests hash key slot 1 with Redis' CRC-64, keep 32 bits,
 *      mask to size_exp bits and shift right by remain_exp (two const tables); the
 *      filter namespace is the destination shard. GROUP_START/COMPLETE carry the
 *      group id and name their own shard; a per-thread register applies each
 *      thread's transitions once and in order: repeats (retransmissions) skip the
 *      filters, a transition that overtook an earlier one of its thread is dropped.
 *   5. Four filters (CRC-32 variants of {shard IPv4, shard port, group id}): clients
 *      read 4 BF bits and 4 CBF counters; GROUP_START adds 1 to the counters;
 *      GROUP_COMPLETE subtracts 1 and sets the bits. INIT/TERMINATE raise a digest.
 *   6. Decision for client requests of a MIGRATING shard: some counter 0 -> all bits
 *      set ? destination : source; all counters non-zero -> reads are double-read
 *      (I2E mirror to the destination, ver |= 0x04), writes/deletes go to the
 *      destination. A REDIRECT shard always goes to the destination.
 *   7. Multi-key requests: clear the bitmap bit of the key just served; if keys remain,
 *      egress will start a walk copy.
 *   8. The bridged header carries the decision to egress.
 * Ingress deparser: digest, I2E mirror (mirror header in front of the copy), IPv4
 *   checksum, bridged header + packet.
 * Egress parser: the first byte says normal (bridged header), double-read copy (I2E
 *   header) or walk copy (E2E header); it parses no further than the NetMigrate header
 *   (a double-read copy: its bitmap and first flag byte; one made on a walk pass: its
 *   read slots, given the swap the ingress parser gave the original), at most 117 bytes
 *   against Tofino 1's 160 (docs/tofino-resources.md "Parse depth").
 * Egress control: a double-read copy and a redirected original get the destination's
 *   MAC, IPv4 and dbPort (and the copy its double-read flag: an ingress mirror copies
 *   the packet as it arrived); a normal multi-key packet with keys left starts an E2E
 *   mirror to the recirculation session (the client's addresses go in the mirror
 *   header); a walk copy gets those addresses back and a recirculation header with
 *   its pass number, leaves through port 68 and re-enters ingress for the next key.
 * Egress deparser: E2E mirror, IPv4 checksum, packet.
 *
 * Wire change from the artifact (docs/p4-sources.md): GROUP_START / GROUP_COMPLETE
 * carry one more byte after the group id, the migration thread id.
 */

#include <tna.p4>

#include "netmigrate/defines.p4"
#include "netmigrate/headers.p4"
#include "netmigrate/parsers.p4"
#include "netmigrate/filters.p4"
#include "netmigrate/ingress.p4"
#include "netmigrate/egress.p4"
#include "netmigrate/deparsers.p4"

Pipeline(
    NmIngressParser(),
    NmIngress(),
    NmIngressDeparser(),
    NmEgressParser(),
    NmEgress(),
    NmEgressDeparser()) pipe;

Switch(pipe) main;
