// A program profile: the roles the NetMigrate controller needs from a switch program (host
// routes, the migration-pair table, the double-read mirror table, the filters, the pair digest…)
// mapped to that program's P4 names. Resolving a profile against a program's p4info (or the
// switch's `switch.info`) turns those names into the program's full names, or lists what is missing.

import { err, ok, type Result } from '../../runtime/result.js';

/** A table action and, per role parameter, the P4 parameter's name. */
export interface ActionRole<P extends string = never> {
  readonly action: string;
  readonly params: Readonly<Record<P, string>>;
}

/** An action with fixed arguments (a default action). */
export interface ActionCall {
  readonly action: string;
  readonly params?: Readonly<Record<string, number>>;
}

/** A table, the action the controller installs in it and, if it must set one, its default. */
export interface TableRole<P extends string = never> {
  readonly table: string;
  readonly action: ActionRole<P>;
  readonly defaultAction?: ActionCall;
}

export type PairDigestField = 'op' | 'srcAddr' | 'srcPort' | 'dstAddr' | 'dstPort' | 'sizeExp' | 'remainExp';

export interface ProgramProfile {
  /** What `--profile` takes. */
  readonly name: string;
  /** The program it describes, for messages. */
  readonly title: string;
  /** /32 route per host (LPM on the IPv4 destination). */
  readonly hostRoute: TableRole<'port'>;
  /** Route to each destination server for redirected requests (LPM on the destination's IPv4). */
  readonly redirectRoute: TableRole<'port'>;
  /** Exact on (source IPv4, source dbPort): the migration parameters, and, if the program has one, a plain shard redirect. */
  readonly migrationPair: {
    readonly table: string;
    readonly migrate: ActionRole<'dstMac' | 'dstAddr' | 'dstPort' | 'sizeExp' | 'remainExp'>;
    /** Absent: the program cannot redirect a shard without its filters (no baselines, see afterTerminate). */
    readonly redirect?: ActionRole<'dstMac' | 'dstAddr' | 'dstPort'>;
    readonly defaultAction?: ActionCall;
  };
  /** The double-read table: keyed on the source shard (IPv4, dbPort) or on the source's IPv4 alone. */
  readonly doubleRead: TableRole<'session'> & { readonly key: 'shard' | 'address' };
  /**
   * The multi-key walk's egress mirror to the recirculation session: the table's default
   * action (no `match`) or an entry with this match.
   */
  readonly walkMirror: TableRole<'session'> & { readonly match?: readonly number[] };
  /**
   * The migration state's registers: the bloom filters (1 bit: group completed), the
   * counting filters (group in flight) and any other (zeroed with them when no migration
   * needs them).
   */
  readonly filters: {
    readonly bloom: readonly string[];
    readonly counting: readonly string[];
    readonly other?: readonly string[];
  };
  readonly pairDigest: { readonly name: string; readonly fields: Readonly<Record<PairDigestField, string>> };
  /**
   * What TERMINATE leaves: `shard-redirect` (p4ts, docs/netmigrate.md §9: pair → redirect action,
   * double read removed, filters cleared), or, for a program with no redirect action,
   * `saturate-filters`: the pair entry stays, every bloom-filter bit is set and every counter
   * zeroed, so the program's own decision sends every group of the shard to the destination,
   * whatever duplicated transitions left in the counters; then the double read is removed.
   */
  readonly afterTerminate: 'shard-redirect' | 'saturate-filters';
  /**
   * The switch applies a repeated GROUP_START/COMPLETE once (p4ts: a per-thread transition-order
   * register). Without it, a run makes the source wait longer before resending one.
   */
  readonly deduplicatesTransitions: boolean;
  /**
   * The program applies a GROUP_START/COMPLETE to each group of the run its count byte names
   * (p4ts: one group per recirculated pass). Without it, sources send runs of one group.
   */
  readonly appliesGroupRuns: boolean;
  /** The program walks multi-key requests one key per pass, bounded (servers answer slot 1). */
  readonly multiKeyWalk: boolean;
  /** Protocol guarantees (docs/netmigrate.md §9) that do not hold with this program, for reports. */
  readonly caveats: readonly string[];
  /**
   * The table of switch ports allowed to send migration control (exact on the ingress port,
   * an action without parameters). Absent: the program accepts it from any port.
   */
  readonly migrationPeers?: { readonly table: string; readonly action: string };
}

/** The part of a program's p4info the profile is resolved against. */
export interface ProgramSurface {
  readonly program: string;
  readonly tables: readonly { name: string; keys: readonly string[]; actions: readonly string[] }[];
  /** Action parameters, when known (p4info.json has them, `switch.info` does not). */
  readonly actionParams?: ReadonlyMap<string, readonly string[]>;
  readonly registers: readonly { name: string; size: number }[];
  readonly digests: readonly { name: string; fields: readonly string[] }[];
}

interface NamedList {
  readonly name: string;
}

/** From p4info.json (runtime/p4info.ts shape; only names are read). */
export function surfaceFromP4Info(p4info: unknown): ProgramSurface {
  const p = (p4info ?? {}) as {
    program?: string;
    tables?: { name: string; keys?: NamedList[]; actions?: NamedList[] }[];
    actions?: { name: string; params?: NamedList[] }[];
    registers?: (NamedList & { size?: number })[];
    digests?: { name: string; fields?: NamedList[] }[];
  };
  return {
    program: p.program ?? '',
    tables: (p.tables ?? []).map((t) => ({
      name: t.name,
      keys: (t.keys ?? []).map((k) => k.name),
      actions: (t.actions ?? []).map((a) => a.name),
    })),
    actionParams: new Map((p.actions ?? []).map((a) => [a.name, (a.params ?? []).map((x) => x.name)])),
    registers: (p.registers ?? []).map((r) => ({ name: r.name, size: r.size ?? 0 })),
    digests: (p.digests ?? []).map((d) => ({ name: d.name, fields: (d.fields ?? []).map((f) => f.name) })),
  };
}

/** From the switch's `switch.info` answer (tables with keys and action names, registers, digests). */
export function surfaceFromSwitchInfo(info: unknown): ProgramSurface {
  const i = (info ?? {}) as {
    program?: string;
    tables?: { name: string; keys?: NamedList[]; actions?: string[] }[];
    registers?: (NamedList & { size?: number })[];
    digests?: { name: string; fields?: NamedList[] }[];
  };
  return {
    program: i.program ?? '',
    tables: (i.tables ?? []).map((t) => ({
      name: t.name,
      keys: (t.keys ?? []).map((k) => k.name),
      actions: t.actions ?? [],
    })),
    registers: (i.registers ?? []).map((r) => ({ name: r.name, size: r.size ?? 0 })),
    digests: (i.digests ?? []).map((d) => ({ name: d.name, fields: (d.fields ?? []).map((f) => f.name) })),
  };
}

/**
 * The program's name for `wanted`: the same name, else the one name ending in the longest
 * dot-separated tail of `wanted` that only one name has. So a profile written with the BF
 * Runtime names of bf-p4c ("Ingress.routing.ipv4_routing") finds the table whatever prefix
 * the compiler put before the control instance's path.
 */
export function matchName(wanted: string, names: readonly string[]): string | undefined {
  if (names.includes(wanted)) return wanted;
  const parts = wanted.split('.');
  for (let i = 1; i < parts.length; i++) {
    const tail = parts.slice(i).join('.');
    const hits = names.filter((n) => n === tail || n.endsWith(`.${tail}`));
    if (hits.length === 1) return hits[0];
    if (hits.length > 1) return undefined;
  }
  return undefined;
}

/** A table the controller writes to, with the program's full names. */
export interface ResolvedTable {
  readonly name: string;
  /** The program's key field names, in key order (table.dump reports matches by them). */
  readonly keys: readonly string[];
}

export interface ResolvedAction<P extends string = never> {
  readonly name: string;
  readonly params: Readonly<Record<P, string>>;
}

export interface ResolvedProfile {
  readonly profile: ProgramProfile;
  readonly hostRoute: { table: ResolvedTable; action: ResolvedAction<'port'>; defaultAction?: ActionCall };
  readonly redirectRoute: { table: ResolvedTable; action: ResolvedAction<'port'>; defaultAction?: ActionCall };
  readonly migrationPair: {
    table: ResolvedTable;
    migrate: ResolvedAction<'dstMac' | 'dstAddr' | 'dstPort' | 'sizeExp' | 'remainExp'>;
    redirect?: ResolvedAction<'dstMac' | 'dstAddr' | 'dstPort'>;
    defaultAction?: ActionCall;
  };
  readonly doubleRead: { table: ResolvedTable; action: ResolvedAction<'session'>; key: 'shard' | 'address' };
  readonly walkMirror: {
    table: ResolvedTable;
    action: ResolvedAction<'session'>;
    match?: readonly number[];
    defaultAction?: ActionCall;
  };
  /** Registers with their sizes (cells). */
  readonly filters: {
    bloom: readonly ResolvedRegister[];
    counting: readonly ResolvedRegister[];
    other: readonly ResolvedRegister[];
  };
  readonly pairDigest: { name: string; fields: Readonly<Record<PairDigestField, string>> };
  readonly migrationPeers?: { table: ResolvedTable; action: string };
}

export interface ResolvedRegister {
  readonly name: string;
  readonly size: number;
}

/** Resolves every name of `profile` in the program; the error lists every name it lacks. */
export function resolveProfile(profile: ProgramProfile, s: ProgramSurface): Result<ResolvedProfile, 'MISMATCH'> {
  const missing: string[] = [];
  const tableNames = s.tables.map((t) => t.name);
  const table = (wanted: string, keyCount?: number): (ResolvedTable & { actions: readonly string[] }) | undefined => {
    const name = matchName(wanted, tableNames);
    const t = s.tables.find((x) => x.name === name);
    if (t === undefined) {
      missing.push(`table ${wanted}`);
      return undefined;
    }
    if (keyCount !== undefined && t.keys.length !== keyCount) {
      missing.push(`table ${wanted} with ${keyCount} key field(s) (it has ${t.keys.length})`);
      return undefined;
    }
    return { name: t.name, keys: t.keys, actions: t.actions };
  };
  const action = <P extends string>(
    t: { name: string; actions: readonly string[] } | undefined,
    role: ActionRole<P>,
  ): ResolvedAction<P> | undefined => {
    if (t === undefined) return undefined;
    const name = matchName(role.action, t.actions);
    if (name === undefined) {
      missing.push(`action ${role.action} in table ${t.name}`);
      return undefined;
    }
    const known = s.actionParams?.get(name);
    const absent = Object.values<string>(role.params).filter((p) => known !== undefined && !known.includes(p));
    if (absent.length > 0) {
      missing.push(`parameter(s) ${absent.join(', ')} of action ${name}`);
      return undefined;
    }
    return { name, params: role.params };
  };
  const defaultCall = (t: { actions: readonly string[] } | undefined, call: ActionCall | undefined) => {
    if (t === undefined || call === undefined) return undefined;
    const name = matchName(call.action, t.actions);
    if (name === undefined) missing.push(`default action ${call.action}`);
    return name === undefined ? undefined : { ...call, action: name };
  };
  const withDefault = (d: ActionCall | undefined) => (d === undefined ? {} : { defaultAction: d });
  const strip = (t: ResolvedTable & { actions: readonly string[] }): ResolvedTable => ({ name: t.name, keys: t.keys });

  const hostT = table(profile.hostRoute.table, 1);
  const hostA = action(hostT, profile.hostRoute.action);
  const hostD = defaultCall(hostT, profile.hostRoute.defaultAction);
  const redirT = table(profile.redirectRoute.table, 1);
  const redirA = action(redirT, profile.redirectRoute.action);
  const redirD = defaultCall(redirT, profile.redirectRoute.defaultAction);
  const pairT = table(profile.migrationPair.table, 2);
  const pairM = action(pairT, profile.migrationPair.migrate);
  const pairR =
    profile.migrationPair.redirect === undefined ? undefined : action(pairT, profile.migrationPair.redirect);
  const pairD = defaultCall(pairT, profile.migrationPair.defaultAction);
  const drT = table(profile.doubleRead.table, profile.doubleRead.key === 'shard' ? 2 : 1);
  const drA = action(drT, profile.doubleRead.action);
  const walkT = table(profile.walkMirror.table, profile.walkMirror.match?.length ?? 0);
  const walkA = action(walkT, profile.walkMirror.action);
  const walkD = defaultCall(walkT, profile.walkMirror.defaultAction);
  const peersT = profile.migrationPeers === undefined ? undefined : table(profile.migrationPeers.table, 1);
  const peersA =
    peersT === undefined ? undefined : action(peersT, { action: profile.migrationPeers?.action ?? '', params: {} });
  const registerNames = s.registers.map((r) => r.name);
  const registers = (wanted: readonly string[] | undefined): ResolvedRegister[] =>
    (wanted ?? []).flatMap((r) => {
      const name = matchName(r, registerNames);
      const found = s.registers.find((x) => x.name === name);
      if (found === undefined) missing.push(`register ${r}`);
      return found === undefined ? [] : [found];
    });
  const filters = {
    bloom: registers(profile.filters.bloom),
    counting: registers(profile.filters.counting),
    other: registers(profile.filters.other),
  };
  if (profile.afterTerminate === 'shard-redirect' && profile.migrationPair.redirect === undefined)
    missing.push('shard-redirect action in the profile (afterTerminate is shard-redirect)');
  const digestName = matchName(
    profile.pairDigest.name,
    s.digests.map((d) => d.name),
  );
  const digest = s.digests.find((d) => d.name === digestName);
  if (digest === undefined) missing.push(`digest ${profile.pairDigest.name}`);
  else {
    const absent = Object.values<string>(profile.pairDigest.fields).filter((f) => !digest.fields.includes(f));
    if (absent.length > 0) missing.push(`field(s) ${absent.join(', ')} of digest ${digest.name}`);
  }
  if (
    missing.length > 0 ||
    hostT === undefined ||
    hostA === undefined ||
    redirT === undefined ||
    redirA === undefined ||
    pairT === undefined ||
    pairM === undefined ||
    drT === undefined ||
    drA === undefined ||
    walkT === undefined ||
    walkA === undefined ||
    digest === undefined
  )
    return err(
      'MISMATCH',
      `${s.program || 'the program'} does not fit profile ${profile.name}: no ${missing.join('; no ')}`,
    );
  return ok({
    profile,
    hostRoute: { table: strip(hostT), action: hostA, ...withDefault(hostD) },
    redirectRoute: { table: strip(redirT), action: redirA, ...withDefault(redirD) },
    migrationPair: {
      table: strip(pairT),
      migrate: pairM,
      ...(pairR === undefined ? {} : { redirect: pairR }),
      ...withDefault(pairD),
    },
    doubleRead: { table: strip(drT), action: drA, key: profile.doubleRead.key },
    walkMirror: {
      table: strip(walkT),
      action: walkA,
      ...(profile.walkMirror.match === undefined ? {} : { match: profile.walkMirror.match }),
      ...withDefault(walkD),
    },
    filters,
    pairDigest: { name: digest.name, fields: profile.pairDigest.fields },
    ...(peersT === undefined || peersA === undefined
      ? {}
      : { migrationPeers: { table: strip(peersT), action: peersA.name } }),
  });
}

/**
 * The profile for a program: the one named by `forced` (`--profile`), else the first of
 * `profiles` whose names the program has. No match: the error says, per profile, what is missing.
 */
export function selectProfile(
  s: ProgramSurface,
  profiles: readonly ProgramProfile[],
  forced?: string,
): Result<ResolvedProfile, 'UNKNOWN_PROFILE' | 'MISMATCH'> {
  if (forced !== undefined && forced !== 'auto') {
    const p = profiles.find((x) => x.name === forced);
    if (p === undefined)
      return err('UNKNOWN_PROFILE', `no profile ${forced} (known: ${profiles.map((x) => x.name).join(', ')})`);
    return resolveProfile(p, s);
  }
  const reasons: string[] = [];
  for (const p of profiles) {
    const r = resolveProfile(p, s);
    if (r.ok) return r;
    reasons.push(r.message);
  }
  return err('MISMATCH', `no controller profile fits ${s.program || 'the program'}:\n  ${reasons.join('\n  ')}`);
}

/** The action call for `role` with values by role parameter. */
export function callOf<P extends string>(
  a: ResolvedAction<P>,
  values: Readonly<Record<P, unknown>>,
): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [role, p4Name] of Object.entries(a.params) as [P, string][]) params[p4Name] = values[role];
  return params;
}
