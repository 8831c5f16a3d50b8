// The names the NetMigrate controller uses in p4/netmigrate.p4 (docs/p4-sources.md §2,
// "Control-plane surface"): tables, actions, registers, the digest and the mirror-session
// plan. One place, so a rename in the P4 program is one edit here.

export const TABLES = {
  ipv4Route: 'NmIngress.ipv4_route',
  migrationPair: 'NmIngress.migration_pair',
  redirectRoute: 'NmIngress.redirect_route',
  mirrorFwd: 'NmIngress.mirror_fwd',
  walkMirror: 'NmEgress.walk_mirror',
} as const;

export const ACTIONS = {
  setEgressPort: 'NmIngress.set_egress_port',
  setMigrationPair: 'NmIngress.set_migration_pair',
  setShardRedirect: 'NmIngress.set_shard_redirect',
  redirectToDestination: 'NmIngress.redirect_to_destination',
  setDoubleRead: 'NmIngress.set_double_read',
  startWalkCopy: 'NmEgress.start_walk_copy',
} as const;

/** Every register of the switch's migration state: cleared after the last TERMINATE (§9). */
export const FILTER_REGISTERS: readonly string[] = [
  'NmIngress.group_last_applied',
  ...[1, 2, 3, 4].flatMap((i) => [`NmIngress.filter_${i}.bloom_filter`, `NmIngress.filter_${i}.counting_filter`]),
];

export const PAIR_DIGEST = 'NmIngressDeparser.pair_digest';

/** Op codes the pair digest carries (docs/netmigrate.md §3). */
export const DIGEST_OP_INIT = 0x10;
export const DIGEST_OP_TERMINATE = 0x14;

/** The E2E session of the multi-key walk (to the recirculation port); the P4 default is 1. */
export const WALK_SESSION = 1;
/** I2E double-read sessions are numbered from here (Tofino session ids are 10 bits). */
export const FIRST_DOUBLE_READ_SESSION = 2;
export const MAX_MIRROR_SESSION = 1023;
