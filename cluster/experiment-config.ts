// What one experiment run is: the protocol, the workload, sizes, times and where the results
// go. `netmigrate run` builds it from options, `netmigrate compare` reuses it per protocol,
// tests build it directly. Validation returns messages (the CLI turns them into exit code 2).

import { existsSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import type { Framing } from '../wire/framing.js';
import type { ProgramProfile } from './controller/profile.js';
import { PROFILE_NAMES, profileByName } from './controller/profiles.js';
import { type FaultSpec, faultProblems, formatFault } from './faults/fault-spec.js';
import { controlAddressProblem } from './faults/migration-control.js';
import { impairProblems } from './impairments.js';
import type { ParameterValue } from './run-record.js';

export const PROTOCOL_CHOICES = ['netmigrate', 'source', 'rocksteady', 'fulva'] as const;
export type ProtocolChoice = (typeof PROTOCOL_CHOICES)[number];

export const WORKLOAD_CHOICES = ['a', 'b', 'c', 'd', 'e', 'f', 'm', 'w0', 'w5', 'w10', 'w20', 'w30'] as const;
export const CAPACITY_CHOICES = [100, 70, 40] as const;

/** The agents' and clients' name for each protocol (kvserver/migration/protocols.ts). */
export function agentProtocol(p: ProtocolChoice): 'netmigrate' | 'source-based' | 'rocksteady' | 'fulva' {
  return p === 'source' ? 'source-based' : p;
}

export interface ExperimentConfig {
  protocol: ProtocolChoice;
  /** YCSB letter (a..f) or w<write percent>. */
  workload: string;
  records: number;
  /**
   * How the records reach the source: `preload`, the source stores them itself from the
   * workload's generator (docs/scale.md); `switch`, a loader client writes each through the switch.
   */
  load: 'preload' | 'switch';
  /** Length of the measured run phase, seconds. */
  durationS: number;
  /** When the migration starts, seconds into the run phase. */
  migrateAtS: number;
  /**
   * The clients run this long before the measured run begins (t = 0): fresh processes spend
   * their first seconds compiling their hot code (idle, second 0 of a run went at 41-76 % of
   * seconds 3-4), and without it the "before" window and a grid's capacity baseline measured
   * that ramp (docs/reproducing-the-paper.md "Sources of run-to-run spread").
   */
  warmupS: number;
  clients: number;
  /** The source's service cap, % of its measured peak (100 = uncapped). */
  capacity: number;
  /** Its peak requests/s (default: the server measures itself). */
  capacityBaseline?: number;
  /** All clients together, ops/s (open loop); absent = closed loop. */
  rate?: number;
  /** Requests in flight per client. */
  window: number;
  /** Migration rate cap, pairs/s (absent = uncapped). */
  migrationRate?: number;
  /** Migration threads at the source, or 'auto' (sized from groups and keys, docs/scale.md). */
  migrationThreads: number | 'auto';
  /** MIGRATE frames in flight at the source (absent: 'auto', sized from the socket buffers; docs/scale.md). */
  migrationWindow?: number;
  /** Upper bound of a migration's group bits (the servers take min(size_exp, this)). */
  maxGroupBits: number;
  /** The servers' tables start with 2^N buckets (absent: Redis's 4, grown to the key count). */
  tableSizeExp?: number;
  valueBytes: number;
  /**
   * How every host NIC and switch port packs frames into datagrams (wire/framing.ts). 'batched'
   * (the default) costs hosts and switch about half the CPU per operation of 'single'.
   */
  framing: Framing;
  seed: number;
  /** The results folder (and logs/ inside it). */
  out: string;
  /** The P4 program the switch runs (default p4/netmigrate.p4), compiled when its build is missing or stale. */
  program?: string;
  /** The controller's profile for it (cluster/controller/profiles.ts), or `auto`: the one it fits. */
  profile: string;
  /** The switch build folder (default build/<program name>). */
  buildDir?: string;
  /** Compile with the artifact's filter sizes (-DNETMIGRATE_ARTIFACT_SIZES). */
  artifactSizes: boolean;
  /** Each filter's index bits (-DNM_BF_INDEX_BITS / -DNM_CBF_INDEX_BITS; the filter-size grid). */
  filterBits?: { bf: number; cbf: number };
  /** Give up waiting for the migration this long after the clients finished, seconds. */
  finishGraceS: number;
  /** Check every key at the destination after the run (in its store after a preload, else read back through the switch). */
  audit: boolean;
  /** Progress display: auto (terminal line / periodic lines / nothing under node --test). */
  progress: 'auto' | 'tty' | 'lines' | 'silent';
  /** Network impairments in the switch's ports (`TARGETS:key=value,...`, docs/faults.md). */
  impair?: string[];
  /** Set the impairments when the migration starts and clear them when it ends (default: the whole run). */
  impairDuringMigration?: boolean;
  /** Child processes' pino level (stderr, into logs/). */
  logLevel: 'silent' | 'error' | 'warn' | 'info' | 'debug';
  /** Process faults and migration control actions to inject (docs/faults.md); absent = none. */
  faults?: FaultSpec[];
  /** Do not start the migration at --migrate-at: someone starts it (netmigrate migrate, docs/faults.md). */
  manualMigration?: boolean;
  /** Listen for migrate/status/cancel on this control address (a loopback host:port or a socket path). */
  controlSocket?: string;
}

/**
 * `npm start`: YCSB-B, 100 000 keys, migration 5 s into a 30 s run; about two minutes on 2
 * cores, most of it loading and auditing through the switch (~3-4 k frames/s each way).
 */
export const DEFAULT_CONFIG: ExperimentConfig = {
  protocol: 'netmigrate',
  workload: 'b',
  records: 200_000,
  load: 'preload',
  durationS: 30,
  migrateAtS: 5,
  warmupS: 2,
  clients: 2,
  capacity: 100,
  window: 16,
  migrationThreads: 'auto',
  // 2^12 at the default 200,000 keys; more from a million keys on, as many as keep a group at
  // 32 keys or more, up to the paper's 2^17 (defaultMaxGroupBits below).
  maxGroupBits: 12,
  valueBytes: 64,
  framing: 'batched',
  seed: 1,
  out: join('results', 'latest'),
  artifactSizes: false,
  profile: 'auto',
  finishGraceS: 60,
  audit: true,
  progress: 'auto',
  logLevel: 'warn',
};

/** --max-group-bits when not given on small filters (docs/running-experiments.md). */
export const SMALL_FILTERS_MAX_GROUP_BITS = 12;

/** From this many records on, the default takes more than 2^12 groups (docs/scale.md). */
export const PAPER_GROUP_BITS_FROM_RECORDS = 1_000_000;

/**
 * The fewest keys a group holds by default. Every group costs the switch two passes (its START
 * and its COMPLETE) whatever it holds; measured on the idle machine that is about 22 µs of
 * migration time a group, against about 7 µs a key, so at 32 keys a group the groups cost at
 * most 2^12's time plus about 10 % (the issue's bound is 20 %; docs/scale.md "Migration time
 * against group bits" has the runs).
 */
export const MIN_DEFAULT_KEYS_PER_GROUP = 32;

/**
 * Group bits when --max-group-bits is not given. 12 on small filters (the artifact's sizes or
 * profile, or a program of the user's), where 2^17 groups fill the bloom filters. On our
 * program: 12 below a million records; from there on as many bits as keep a group at
 * MIN_DEFAULT_KEYS_PER_GROUP keys or more, up to the paper's 17 (14 at 1M keys, 16 at 2M,
 * 17 from 4,194,304). At 1M keys, idle, 2^17 groups cost 1.4x the migration time of 2^12 and
 * 2^14 1.05x; at 2,097,152 keys 2^17 cost 1.00x.
 */
export function defaultMaxGroupBits(o: {
  artifactSizes: boolean;
  profile: string;
  programGiven: boolean;
  records: number;
}): number {
  const small = o.artifactSizes || o.profile === 'artifact' || o.programGiven;
  if (small || o.records < PAPER_GROUP_BITS_FROM_RECORDS) return SMALL_FILTERS_MAX_GROUP_BITS;
  const bits = Math.floor(Math.log2(o.records / MIN_DEFAULT_KEYS_PER_GROUP));
  return Math.min(17, Math.max(SMALL_FILTERS_MAX_GROUP_BITS, bits));
}

/** The client's workload name: "b" → "B", "w5" stays. */
export function clientWorkloadName(w: string): string {
  return /^[a-fm]$/i.test(w) ? w.toUpperCase() : w.toLowerCase();
}

export function validateConfig(c: ExperimentConfig): string[] {
  const errors: string[] = [];
  const int = (name: string, v: number, min: number, max = Number.MAX_SAFE_INTEGER) => {
    if (!Number.isInteger(v) || v < min || v > max)
      errors.push(`--${name}: expected an integer in ${min}..${max}, got ${v}`);
  };
  if (!(PROTOCOL_CHOICES as readonly string[]).includes(c.protocol))
    errors.push(`--protocol: expected one of ${PROTOCOL_CHOICES.join(', ')}, got ${c.protocol}`);
  if (!(WORKLOAD_CHOICES as readonly string[]).includes(c.workload.toLowerCase()))
    errors.push(`--workload: expected one of ${WORKLOAD_CHOICES.join(', ')}, got ${c.workload}`);
  int('records', c.records, 1, 0xffffff);
  if (c.load !== 'preload' && c.load !== 'switch') errors.push(`--load: expected preload or switch, got ${c.load}`);
  int('clients', c.clients, 1, 64);
  errors.push(...faultProblems(c.faults ?? [], c.clients, c.durationS));
  const control = c.controlSocket === undefined ? undefined : controlAddressProblem(c.controlSocket);
  if (control !== undefined) errors.push(control);
  int('window', c.window, 1, 1024);
  if (c.migrationThreads !== 'auto') int('migration-threads', c.migrationThreads, 1, 255);
  if (c.migrationWindow !== undefined) int('migration-window', c.migrationWindow, 1, 4096);
  int('max-group-bits', c.maxGroupBits, 0, 17);
  if (c.tableSizeExp !== undefined) int('table-size-exp', c.tableSizeExp, 0, 30);
  int('value-bytes', c.valueBytes, 16, 1024);
  int('seed', c.seed, 0);
  if (c.framing !== 'single' && c.framing !== 'batched')
    errors.push(`--framing: expected single or batched, got ${String(c.framing)}`);
  if (!(c.warmupS >= 0) || !Number.isFinite(c.warmupS))
    errors.push(`--warmup: expected seconds >= 0, got ${c.warmupS}`);
  if (!(c.durationS > 0)) errors.push(`--duration: expected seconds > 0, got ${c.durationS}`);
  if (!(c.migrateAtS >= 0) || c.migrateAtS >= c.durationS)
    errors.push(`--migrate-at: expected 0 <= T < --duration (${c.durationS}), got ${c.migrateAtS}`);
  if (!(CAPACITY_CHOICES as readonly number[]).includes(c.capacity))
    errors.push(`--capacity: expected one of ${CAPACITY_CHOICES.join(', ')}, got ${c.capacity}`);
  if (c.capacityBaseline !== undefined && !(c.capacityBaseline > 0))
    errors.push(`--capacity-baseline: expected requests/s > 0, got ${c.capacityBaseline}`);
  if (c.rate !== undefined && !(c.rate > 0)) errors.push(`--rate: expected ops/s > 0, got ${c.rate}`);
  if (c.migrationRate !== undefined && !(c.migrationRate > 0))
    errors.push(`--migration-rate: expected pairs/s > 0, got ${c.migrationRate}`);
  if (!(c.finishGraceS >= 0)) errors.push(`--finish-grace: expected seconds >= 0, got ${c.finishGraceS}`);
  if (c.out.trim() === '') errors.push('--out: expected a folder');
  if (c.program !== undefined && !existsSync(c.program)) errors.push(`--program: no file ${c.program}`);
  if (c.program !== undefined && c.artifactSizes)
    errors.push('--artifact-sizes: a define of p4/netmigrate.p4, not of --program programs');
  if (c.filterBits !== undefined) {
    int('filter-bits (BF)', c.filterBits.bf, 1, 24);
    int('filter-bits (CBF)', c.filterBits.cbf, 0, c.filterBits.bf);
    if (c.program !== undefined || c.artifactSizes)
      errors.push('filter sizes: defines of p4/netmigrate.p4 without --artifact-sizes, not of --program programs');
  }
  if (c.profile !== 'auto' && !PROFILE_NAMES.includes(c.profile))
    errors.push(`--profile: expected auto or one of ${PROFILE_NAMES.join(', ')}, got ${c.profile}`);
  const profile = profileByName(c.profile);
  if (profile !== undefined) errors.push(...profileProblems(profile, c));
  errors.push(...impairProblems(c.impair ?? []));
  if (c.impairDuringMigration === true && (c.impair ?? []).length === 0)
    errors.push('--impair-during-migration: give the impairments with --impair');
  return errors;
}

/** What this run asks of the switch program that the profile's program cannot do. */
export function profileProblems(p: ProgramProfile, c: Pick<ExperimentConfig, 'protocol' | 'workload'>): string[] {
  const errors: string[] = [];
  if (c.protocol !== 'netmigrate' && p.migrationPair.redirect === undefined)
    errors.push(
      `--protocol ${c.protocol}: the baselines switch the route with a shard redirect, which ${p.title} (profile ${p.name}) does not have`,
    );
  if (c.workload.toLowerCase() === 'm' && !p.multiKeyWalk)
    errors.push(`--workload m: ${p.title} (profile ${p.name}) has no bounded multi-key walk`);
  return errors;
}

export function resolveOut(c: ExperimentConfig): string {
  return isAbsolute(c.out) ? c.out : resolve(process.cwd(), c.out);
}

/** The parameters a report shows for this run. */
export function reportParameters(c: ExperimentConfig): Record<string, ParameterValue> {
  return {
    protocol: c.protocol,
    workload: clientWorkloadName(c.workload),
    records: c.records,
    load: c.load,
    durationS: c.durationS,
    migrateAtS: c.migrateAtS,
    warmupS: c.warmupS,
    clients: c.clients,
    capacityPercent: c.capacity,
    capacityBaselineOpsPerSec: c.capacityBaseline ?? null,
    rateOpsPerSec: c.rate ?? null,
    window: c.window,
    migrationRatePairsPerSec: c.migrationRate ?? null,
    migrationThreads: c.migrationThreads,
    ...(c.migrationWindow === undefined ? {} : { migrationWindow: c.migrationWindow }),
    maxGroupBits: c.maxGroupBits,
    tableSizeExp: c.tableSizeExp ?? null,
    valueBytes: c.valueBytes,
    framing: c.framing,
    program: c.program === undefined ? 'netmigrate.p4' : basename(c.program),
    profile: c.profile,
    filterSizes:
      c.program !== undefined
        ? 'program'
        : c.filterBits !== undefined
          ? `bf${c.filterBits.bf}-cbf${c.filterBits.cbf}`
          : c.artifactSizes
            ? 'artifact'
            : 'default',
    seed: c.seed,
    ...((c.impair ?? []).length === 0
      ? {}
      : { impair: (c.impair ?? []).join(' '), impairDuringMigration: c.impairDuringMigration === true }),
    ...(c.faults === undefined || c.faults.length === 0 ? {} : { faults: c.faults.map(formatFault).join(' ') }),
  };
}
