// The switch programs the NetMigrate controller knows, as profiles (profile.ts): p4ts's own
// p4/netmigrate.p4 (docs/p4-sources.md §2, "Control-plane surface") and the NetMigrate
// artifact's kv_migration.p4, whose names are those its own controller uses (BF Runtime names).
// Plus the mirror-session plan and the digest's op codes, which both programs share.

import type { ProgramProfile } from './profile.js';

/** Op codes the pair digest carries (docs/wire-format.md). */
export const DIGEST_OP_INIT = 0x10;
export const DIGEST_OP_TERMINATE = 0x14;

/** The E2E session of the multi-key walk (to the recirculation port); both programs use 1. */
export const WALK_SESSION = 1;
/** I2E double-read sessions are numbered from here (Tofino session ids are 10 bits). */
export const FIRST_DOUBLE_READ_SESSION = 2;
export const MAX_MIRROR_SESSION = 1023;

/** p4/netmigrate.p4: every docs/netmigrate.md §9 fix. */
export const P4TS_PROFILE: ProgramProfile = {
  name: 'p4ts',
  title: "p4ts's p4/netmigrate.p4",
  hostRoute: {
    table: 'NmIngress.ipv4_route',
    action: { action: 'NmIngress.set_egress_port', params: { port: 'port' } },
  },
  redirectRoute: {
    table: 'NmIngress.redirect_route',
    action: { action: 'NmIngress.redirect_to_destination', params: { port: 'port' } },
  },
  migrationPair: {
    table: 'NmIngress.migration_pair',
    migrate: {
      action: 'NmIngress.set_migration_pair',
      params: {
        dstMac: 'dst_mac',
        dstAddr: 'dst_addr',
        dstPort: 'dst_port',
        sizeExp: 'size_exp',
        remainExp: 'remain_exp',
      },
    },
    redirect: {
      action: 'NmIngress.set_shard_redirect',
      params: { dstMac: 'dst_mac', dstAddr: 'dst_addr', dstPort: 'dst_port' },
    },
  },
  doubleRead: {
    table: 'NmIngress.mirror_fwd',
    key: 'shard',
    action: { action: 'NmIngress.set_double_read', params: { session: 'session' } },
  },
  walkMirror: {
    table: 'NmEgress.walk_mirror',
    action: { action: 'NmEgress.start_walk_copy', params: { session: 'session' } },
  },
  filters: {
    bloom: [1, 2, 3, 4].map((i) => `NmIngress.filter_${i}.bloom_filter`),
    counting: [1, 2, 3, 4].map((i) => `NmIngress.filter_${i}.counting_filter`),
    other: ['NmIngress.group_next_transition'],
  },
  pairDigest: {
    name: 'NmIngressDeparser.pair_digest',
    fields: {
      op: 'op',
      srcAddr: 'src_addr',
      srcPort: 'src_port',
      dstAddr: 'dst_addr',
      dstPort: 'dst_port',
      sizeExp: 'size_exp',
      remainExp: 'remain_exp',
    },
  },
  afterTerminate: 'shard-redirect',
  deduplicatesTransitions: true,
  appliesGroupRuns: true,
  multiKeyWalk: true,
  caveats: [],
  migrationPeers: { table: 'NmIngress.migration_peers', action: 'NmIngress.migration_peer' },
};

/**
 * The artifact's tna_kv_migration/migration/kv_migration.p4, unchanged, programmed the way
 * its controller (kv_controller.py, routing.py, kv_migration.py) does: same tables, actions,
 * defaults and sessions. On TERMINATE that controller only removes the double read; ours also
 * saturates the filters, the program's only way to send a whole shard to the destination.
 */
export const ARTIFACT_PROFILE: ProgramProfile = {
  name: 'artifact',
  title: "the NetMigrate artifact's kv_migration.p4",
  hostRoute: {
    table: 'KVMigrationIngress.ingress_routing.ipv4_routing',
    action: { action: 'KVMigrationIngress.ingress_routing.set_egress', params: { port: 'egress_spec' } },
    // Its default, ndrop, does not drop (drop_ctl[0:0] = 0): a packet with no route has no
    // egress port, which the emulator drops.
    defaultAction: { action: 'KVMigrationIngress.ingress_routing.ndrop' },
  },
  redirectRoute: {
    table: 'KVMigrationIngress.ingress_routing.mg_redirect_to_destination',
    action: { action: 'KVMigrationIngress.ingress_routing.redirect_to_destination', params: { port: 'egress_spec' } },
    defaultAction: { action: 'KVMigrationIngress.ingress_routing.no_update_dst_header_back' },
  },
  migrationPair: {
    table: 'KVMigrationIngress.mg_migration_pair_lookup',
    migrate: {
      action: 'KVMigrationIngress.read_mg_dst_addr',
      params: {
        dstMac: 'eth_dstAddr',
        dstAddr: 'ip_dstAddr',
        dstPort: 'db_dstPort',
        sizeExp: 'size_exp',
        remainExp: 'remain_exp',
      },
    },
    defaultAction: { action: 'KVMigrationIngress.set_default_dst_addr' },
  },
  doubleRead: {
    table: 'KVMigrationIngress.ingress_routing.mg_mirror_fwd',
    key: 'address',
    action: { action: 'KVMigrationIngress.ingress_routing.set_mirror_fwd', params: { session: 'ing_ses' } },
  },
  walkMirror: {
    table: 'KVMigrationEgress.mg_recirculate_and_E2E_mirror',
    match: [1],
    action: { action: 'KVMigrationEgress.set_recirculate_and_E2E_mirror', params: { session: 'egr_ses' } },
    defaultAction: { action: 'KVMigrationEgress.nop' },
  },
  filters: {
    bloom: [1, 2, 3, 4].map((i) => `KVMigrationIngress.mg_bloom_filter_reg_${i}`),
    counting: [1, 2, 3, 4].map((i) => `KVMigrationIngress.mg_counting_bloom_filter_reg_${i}`),
  },
  pairDigest: {
    name: 'KVMigrationIngressDeparser.digest_migration_pair',
    fields: {
      op: 'op',
      srcAddr: 'srcAddr',
      srcPort: 'srcPort',
      dstAddr: 'dstAddr',
      dstPort: 'dstPort',
      sizeExp: 'dict_size_exp',
      remainExp: 'dict_remain_exp',
    },
  },
  afterTerminate: 'saturate-filters',
  deduplicatesTransitions: false,
  appliesGroupRuns: false,
  multiKeyWalk: false,
  caveats: [
    'duplicate group transitions: a retransmitted GROUP_START or GROUP_COMPLETE that reaches the switch twice is applied twice (there is no per-thread transition-order register). A doubled START leaves its counters above 0 (later groups on those cells look in flight: double reads, writes to the destination); a doubled COMPLETE leaves a counter at -1, which can cancel the +1 of another group in flight on that cell, so that group looks idle and its requests go back to the source mid-migration (a stale read is possible). The controller repairs the filters at TERMINATE (below), not during the migration',
    'filter sizes: BF 4 x 2^15 bits and CBF 4 x 16 counters are compiled in (the worst row of the paper’s Table 2, a false-positive bound near 93% at its 2^17 groups); with 4 groups in flight about (4/16)^4 of the other groups look in flight (double reads, writes sent early to the destination), and the bloom filters fill as groups complete, so --max-group-bits above ~13 makes many not-started groups look migrated (priority pulls)',
    'after TERMINATE there is no shard-redirect action: the pair entry stays and the controller sets every bloom-filter bit and zeroes every counter, so the whole shard goes to the destination; the filters cannot be cleared for a second migration through the same switch (restart the switch between migrations, as the artifact says)',
    'no shard-redirect action: the baselines (source, rocksteady, fulva) cannot run on this program',
    "no runs of groups: the program reads only a transition's group id, so the source sends one GROUP_START and one GROUP_COMPLETE per group (--group-run 1); at 2^17 groups the migration pays two control round trips per group, where p4ts' program applies a run of up to 32 groups per transition",
    'multi-key requests: the walk keeps MULTI_WRITE values in slot 1 and, for a shard that is not migrating, recirculates forever (no pass bound); workload m is refused',
    'double reads are keyed on the source IPv4 alone: one source cannot migrate two shards to two destinations at once',
    'migration control (INIT, TERMINATE, GROUP_*, MIGRATE) is accepted from any switch port: a host that forges a TERMINATE or GROUP_COMPLETE can end a migration early or open a filter (no trusted-port table)',
  ],
};

export const PROFILES: readonly ProgramProfile[] = [P4TS_PROFILE, ARTIFACT_PROFILE];

export const PROFILE_NAMES = PROFILES.map((p) => p.name);

export function profileByName(name: string): ProgramProfile | undefined {
  return PROFILES.find((p) => p.name === name);
}
