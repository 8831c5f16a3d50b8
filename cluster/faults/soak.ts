// `netmigrate soak`: small live runs one after another, each with random process faults,
// migration control actions and (in most runs) network impairments in the switch's ports
// drawn from a seed, until the time is up or a run breaks a
// promise (docs/faults.md "Soak"): then it stops and prints the seed and the `netmigrate run`
// line that replays that run. Not part of npm test: it runs for minutes.

import { join } from 'node:path';
import type { ExperimentConfig, ProtocolChoice } from '../experiment-config.js';
import { type ExperimentOutcome, runExperiment } from '../orchestrator.js';
import { type FaultKind, type FaultSpec, formatFault } from './fault-spec.js';

/** A small deterministic generator (mulberry32): the same seed draws the same runs. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SoakRun {
  /** The run's own seed (its workload seed too): `netmigrate soak --seed` of a one-run soak replays it. */
  seed: number;
  overrides: Partial<ExperimentConfig>;
  faults: FaultSpec[];
  /** Network impairments of the run (`--impair`, docs/faults.md), none when empty. */
  impair: string[];
  /** Set the impairments only while the migration runs (`--impair-during-migration`). */
  impairDuringMigration: boolean;
}

/**
 * A network impairment a soak run may draw: loss, duplication and reordering on every port,
 * within what the protocol is promised to survive (docs/faults.md), or nothing (a third of
 * the runs, so process faults are also seen alone).
 */
function drawImpairment(rand: () => number): string[] {
  if (rand() < 1 / 3) return [];
  const parts = [
    `drop=${(Math.round(rand() * 20) / 1000).toString()}`,
    `dup=${(Math.round(rand() * 10) / 1000).toString()}`,
  ];
  if (rand() < 0.5) parts.push(`reorder=${1 + Math.floor(rand() * 3)}ms`);
  return [`all:${parts.join(',')}`];
}

/**
 * Faults a soak draws: every one whose promise is "nothing acknowledged is lost". A killed
 * source stops the run by design and a killed destination loses what it alone acknowledged,
 * so the destination is drawn only with a read-only workload.
 */
const SOAK_KINDS: readonly FaultKind[] = ['controller', 'switch', 'client', 'cancel', 'destination'];

/** The run a soak makes from `seed`. */
export function planSoakRun(seed: number): SoakRun {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const durationS = 7 + Math.floor(rand() * 4);
  const migrateAtS = 1;
  const count = 1 + Math.floor(rand() * 2);
  const faults: FaultSpec[] = [];
  let readOnly = false;
  for (let i = 0; i < count; i++) {
    const kind = pick(SOAK_KINDS);
    if (kind === 'destination') readOnly = true;
    faults.push({
      kind,
      atS: Math.round((migrateAtS + 0.3 + rand() * 3) * 10) / 10,
      downS: kind === 'cancel' ? 0.5 : Math.round(rand() * 10) / 10,
      // Only a rollback starts the migration again; a cancel sometimes leaves the shard at the source.
      againS:
        kind === 'cancel' || kind === 'switch' || kind === 'destination'
          ? kind === 'cancel' && rand() < 0.3
            ? undefined
            : Math.round(rand() * 10) / 10
          : undefined,
      client: 0,
    });
  }
  faults.sort((a, b) => a.atS - b.atS);
  const protocol: ProtocolChoice = 'netmigrate';
  // Drawn after everything else, so adding impairments left the process faults of a seed as they were.
  const impair = drawImpairment(rand);
  const impairDuringMigration = impair.length > 0 && rand() < 0.5;
  return {
    seed,
    faults,
    impair,
    impairDuringMigration,
    overrides: {
      protocol,
      workload: readOnly ? 'c' : pick(['b', 'w10', 'w20', 'a']),
      // A killed destination is a fault only while the migration runs: keep it long (7.5 s).
      records: readOnly ? 3000 : pick([1000, 2000, 3000]),
      durationS,
      migrateAtS,
      clients: 1 + Math.floor(rand() * 2),
      maxGroupBits: pick([3, 4, 5]),
      migrationRate: readOnly ? 400 : pick([400, 800, 1500]),
      seed,
    },
  };
}

/** The `netmigrate run` line that replays a soak run. */
export function replayCommand(r: SoakRun): string {
  const o = r.overrides;
  return [
    'netmigrate run',
    `--protocol ${o.protocol}`,
    `--workload ${o.workload}`,
    `--records ${o.records}`,
    `--duration ${o.durationS}`,
    `--migrate-at ${o.migrateAtS}`,
    `--clients ${o.clients}`,
    `--max-group-bits ${o.maxGroupBits}`,
    `--migration-rate ${o.migrationRate}`,
    `--seed ${o.seed}`,
    ...r.faults.map((f) => `--fault ${formatFault(f)}`),
    ...r.impair.map((spec) => `--impair ${spec}`),
    ...(r.impairDuringMigration ? ['--impair-during-migration'] : []),
  ].join(' ');
}

export interface SoakOptions {
  minutes: number;
  seed: number;
  base: ExperimentConfig;
  log: (line: string) => void;
}

export interface SoakOutcome {
  runs: number;
  /** The run that broke a promise, with why; undefined when every run was clean. */
  failed: { run: SoakRun; reason: string; out: string } | undefined;
}

function problemOf(o: ExperimentOutcome): string | undefined {
  const s = o.results.summary;
  if (!s.verdict.ok)
    return `verdict: ${s.verdict.violations} violation(s), ${s.verdict.keysLost ?? 0} keys lost, ${s.verdict.keysWrong ?? 0} wrong`;
  if (s.migration?.finished !== true && !o.shardAtSource) return 'the migration did not finish';
  const f = o.faults.find((r) => r.error !== undefined);
  return f === undefined ? undefined : `fault ${f.fault}: ${f.error}`;
}

export async function runSoak(o: SoakOptions): Promise<SoakOutcome> {
  const endAt = Date.now() + o.minutes * 60_000;
  const next = seededRandom(o.seed);
  let runs = 0;
  // The first run uses the seed itself, so `--seed S --minutes 0` replays exactly the run printed as S.
  let seed = o.seed;
  do {
    const run = planSoakRun(seed);
    const out = join(o.base.out, `soak-${seed}`);
    const impairing =
      run.impair.length === 0
        ? ''
        : ` impair ${run.impair.join(' ')}${run.impairDuringMigration ? ' (during the migration)' : ''}`;
    o.log(`soak run ${runs + 1} (seed ${seed}): ${run.faults.map(formatFault).join(' ')}${impairing}`);
    const r = await runExperiment({
      ...o.base,
      ...run.overrides,
      faults: run.faults,
      impair: run.impair,
      impairDuringMigration: run.impairDuringMigration,
      out,
    });
    runs++;
    const reason = r.ok ? problemOf(r.value) : `${r.code}: ${r.message}`;
    if (reason !== undefined) return { runs, failed: { run, reason, out } };
    if (r.ok) {
      const v = r.value.results.summary.verdict;
      o.log(
        `  ok: ${v.readsChecked} reads checked, ${v.keysChecked} keys audited, ${r.value.shardAtSource ? 'the shard stayed at the source' : 'migration finished'}`,
      );
      for (const f of r.value.faults) o.log(`  ${f.fault}: ${f.actions.join('; ')}`);
    }
    seed = Math.floor(next() * 2 ** 31);
  } while (Date.now() < endAt);
  return { runs, failed: undefined };
}
