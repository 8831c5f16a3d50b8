// The run on one time axis: every client's completed operations (from the histories, whose
// times are absolute) merged and cut into fixed intervals and into the before / during /
// after migration windows, with one latency histogram per cut (counts added across clients),
// per-interval counter deltas from the clients' samples, group progress from the migration
// events, and the longest stretch with no completed operation. Times out are seconds since
// the run began; latencies are milliseconds.

import type * as hdr from 'hdr-histogram-js';
import type { HistoryOp } from '../client/history.js';
import { type LatencyStats, latencyStats, newLatencyHistogram, recordLatencyMs } from './latency-histogram.js';
import { serverNoise } from './process-noise.js';
import type { ClientRecord, CounterSample, MigrationEvent, RunRecord } from './run-record.js';

export type Phase = 'before' | 'during' | 'after';

const KIND_READ = 0;
const KIND_WRITE = 1;
const KIND_DELETE = 2;

/** Every completed operation of the run, sorted by response time (wall-clock ms). */
export interface CompletedOps {
  count: number;
  response: Float64Array;
  latencyMs: Float64Array;
  kind: Uint8Array;
}

/**
 * Flattens the clients' histories from `fromMs` on (the load phase before the run is not
 * part of it). A multi-key read is recorded once per key with the same times; consecutive
 * reads of one client with identical times count as one operation. Writes that never got a
 * response are not completions.
 */
export function collectCompletedOps(clients: readonly ClientRecord[], fromMs = Number.NEGATIVE_INFINITY): CompletedOps {
  const picked: HistoryOp[] = [];
  for (const c of clients) {
    let prev: HistoryOp | undefined;
    for (const op of c.results.history) {
      if (!Number.isFinite(op.response) || op.response < fromMs) continue;
      const repeat =
        prev !== undefined &&
        op.kind === 'read' &&
        prev.kind === 'read' &&
        prev.invoke === op.invoke &&
        prev.response === op.response;
      prev = op;
      if (!repeat) picked.push(op);
    }
  }
  picked.sort((a, b) => a.response - b.response);
  const n = picked.length;
  const out: CompletedOps = {
    count: n,
    response: new Float64Array(n),
    latencyMs: new Float64Array(n),
    kind: new Uint8Array(n),
  };
  picked.forEach((op, i) => {
    out.response[i] = op.response;
    out.latencyMs[i] = op.response - op.invoke;
    out.kind[i] = op.kind === 'read' ? KIND_READ : op.kind === 'write' ? KIND_WRITE : KIND_DELETE;
  });
  return out;
}

export interface MigrationWindow {
  startMs: number;
  /** Absent when the migration neither finished nor failed before the run ended. */
  endMs: number | undefined;
  finished: boolean;
  failed: string | undefined;
  groupCount: number;
}

/** The migration's span from its events: the first start to its finish (or failure), across restarts. */
export function migrationWindow(events: readonly MigrationEvent[]): MigrationWindow | undefined {
  let startMs: number | undefined;
  let endMs: number | undefined;
  let finished = false;
  let failed: string | undefined;
  let groupCount = 0;
  for (const e of events) {
    if (e.kind === 'started') {
      // A migration started again after a failure or a cancel (docs/faults.md): its end is the run's.
      if (failed !== undefined) {
        failed = undefined;
        endMs = undefined;
      }
      startMs = Math.min(startMs ?? e.atMs, e.atMs);
      groupCount = Math.max(groupCount, e.groupCount);
    } else if (e.kind === 'group-started' && startMs === undefined) startMs = e.atMs;
    else if (e.kind === 'finished') {
      endMs = Math.max(endMs ?? e.atMs, e.atMs);
      finished = true;
    } else if (e.kind === 'failed' && failed === undefined) {
      failed = e.reason;
      endMs ??= e.atMs;
    }
  }
  if (startMs === undefined) return undefined;
  return { startMs, endMs, finished, failed, groupCount };
}

export type SampledCounter =
  | 'failures'
  | 'doubleReads'
  | 'resends'
  | 'timeouts'
  | 'retryLater'
  | 'gcPauseMs'
  | 'gcMajorPauseMs'
  | 'framesIn'
  | 'datagramsIn'
  | 'framesOut'
  | 'datagramsOut';
export const SAMPLED_COUNTERS: readonly SampledCounter[] = [
  'failures',
  'doubleReads',
  'resends',
  'timeouts',
  'retryLater',
  'gcPauseMs',
  'gcMajorPauseMs',
  'framesIn',
  'datagramsIn',
  'framesOut',
  'datagramsOut',
];

/** Cumulative counter values read off the clients' samples at any time. */
export class SampledCounters {
  private readonly series: CounterSample[][];

  constructor(clients: readonly ClientRecord[]) {
    this.series = clients
      .map((c) => [...(c.samples ?? [])].sort((a, b) => a.atMs - b.atMs))
      .filter((s) => s.length > 0);
  }

  get available(): boolean {
    return this.series.length > 0;
  }

  /** The sum over clients of each one's last sample at or before `t` (0 before its first). */
  at(t: number, name: SampledCounter): number {
    let sum = 0;
    for (const s of this.series) {
      let lo = 0;
      let hi = s.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((s[mid] as CounterSample).atMs <= t) lo = mid + 1;
        else hi = mid;
      }
      if (lo > 0) sum += (s[lo - 1] as CounterSample).counters[name] ?? 0;
    }
    return sum;
  }

  /** Increase of a counter over [from, to], or null without samples. */
  delta(from: number, to: number, name: SampledCounter): number | null {
    return this.available ? this.at(to, name) - this.at(from, name) : null;
  }

  /** Increase of `num` over increase of `den` in [from, to]; null without samples or when `den` did not grow. */
  ratio(from: number, to: number, num: SampledCounter, den: SampledCounter): number | null {
    const d = this.delta(from, to, den);
    const n = this.delta(from, to, num);
    return d === null || n === null || d <= 0 ? null : n / d;
  }
}

export interface IntervalRow {
  index: number;
  startS: number;
  endS: number;
  /** Where the interval's midpoint lies relative to the migration. */
  phase: Phase;
  ops: number;
  reads: number;
  writes: number;
  deletes: number;
  opsPerSec: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  readP50Ms: number | null;
  readP99Ms: number | null;
  writeP50Ms: number | null;
  writeP99Ms: number | null;
  /** Client counter increases in the interval; null when no client sent samples. */
  failures: number | null;
  doubleReads: number | null;
  retries: number | null;
  timeouts: number | null;
  retryLater: number | null;
  /** The clients' GC pause time in the interval, ms summed over clients (null: no samples). */
  gcPauseMs: number | null;
  /**
   * Frames per datagram at the clients' NICs, requests out and replies in: how well batched
   * framing shares datagrams (and system calls) in the interval; null without samples or datagrams.
   */
  framesPerDatagramOut: number | null;
  framesPerDatagramIn: number | null;
  /**
   * Requests per datagram arriving at the source (from its once-a-second reports): 16 when the
   * two clients' windows travel apart, 32 when they share datagrams; null without reports.
   */
  sourceFramesPerDatagramIn: number | null;
  /** Groups started and completed by the end of the interval (cumulative). */
  groupsStarted: number;
  groupsCompleted: number;
}

export interface WindowSummary {
  startS: number;
  endS: number;
  seconds: number;
  ops: number;
  reads: number;
  writes: number;
  opsPerSec: number;
  latency: LatencyStats;
  readLatency: LatencyStats;
  writeLatency: LatencyStats;
  failures: number | null;
  doubleReads: number | null;
  retries: number | null;
  timeouts: number | null;
  /** As in IntervalRow, over the window. */
  gcPauseMs: number | null;
  /** The part of gcPauseMs in full (mark-compact) collections. */
  gcMajorPauseMs: number | null;
  framesPerDatagramOut: number | null;
  framesPerDatagramIn: number | null;
}

export interface Gap {
  startS: number;
  endS: number;
  ms: number;
}

export interface GroupProgressPoint {
  tS: number;
  started: number;
  completed: number;
}

export interface Timeline {
  intervalMs: number;
  /** Run span in seconds. Completions before the start are left out; those after the end count in the last interval. */
  seconds: number;
  migration: MigrationWindow | undefined;
  intervals: IntervalRow[];
  windows: { whole: WindowSummary; before?: WindowSummary; during?: WindowSummary; after?: WindowSummary };
  /** Longest stretch between two consecutive completions (first to last completion). */
  longestGap: Gap | undefined;
  /** The same within the migration, its start and end counting as fence posts. */
  longestGapDuringMigration: Gap | undefined;
  groupProgress: GroupProgressPoint[];
}

/** One histogram trio (all, reads, writes) that a window or interval fills. */
class Cut {
  ops = 0;
  reads = 0;
  writes = 0;
  deletes = 0;
  readonly all = newLatencyHistogram();
  readonly read = newLatencyHistogram();
  readonly write = newLatencyHistogram();

  add(kind: number, latencyMs: number): void {
    this.ops++;
    recordLatencyMs(this.all, latencyMs);
    if (kind === KIND_READ) {
      this.reads++;
      recordLatencyMs(this.read, latencyMs);
    } else {
      if (kind === KIND_WRITE) this.writes++;
      else this.deletes++;
      recordLatencyMs(this.write, latencyMs);
    }
  }

  reset(): void {
    this.ops = this.reads = this.writes = this.deletes = 0;
    for (const h of [this.all, this.read, this.write] as hdr.Histogram[]) h.reset();
  }
}

export function buildTimeline(
  record: RunRecord,
  ops: CompletedOps = collectCompletedOps(record.clients, record.startedAtMs),
): Timeline {
  const t0 = record.startedAtMs;
  const intervalMs = record.intervalMs ?? 1000;
  const lastResponse = ops.count > 0 ? (ops.response[ops.count - 1] as number) : t0;
  // Stragglers that complete after the run's end count in its last interval and window.
  const tEnd = Math.max(record.endedAtMs, t0);
  const migration = migrationWindow(record.migrationEvents);
  const counters = new SampledCounters(record.clients);
  const s = (t: number) => (t - t0) / 1000;
  const phaseAt = (t: number): Phase =>
    migration === undefined || t < migration.startMs
      ? 'before'
      : migration.endMs === undefined || t < migration.endMs
        ? 'during'
        : 'after';

  // Windows end with the clients' run: a migration that finishes after the clients stopped
  // (a slow one, given the grace period) has no operations to measure past that point, and
  // counting that time would show as an outage and dilute its throughput.
  const spans: Record<Phase, [number, number] | undefined> = {
    before: migration === undefined ? [t0, tEnd] : [t0, Math.min(tEnd, Math.max(t0, migration.startMs))],
    during: migration === undefined ? undefined : [migration.startMs, Math.min(migration.endMs ?? tEnd, tEnd)],
    after: migration?.endMs === undefined || migration.endMs >= tEnd ? undefined : [migration.endMs, tEnd],
  };
  const cuts = { whole: new Cut(), before: new Cut(), during: new Cut(), after: new Cut() };
  const groups = groupCounters(record.migrationEvents);
  const sourceSamples = (record.serverSamples ?? []).filter((x) => x.server === 'kv-source');

  const intervals: IntervalRow[] = [];
  const cut = new Cut();
  let i = 0;
  for (let index = 0, from = t0; from < tEnd || index === 0; index++, from += intervalMs) {
    const to = Math.min(from + intervalMs, tEnd);
    cut.reset();
    const last = to >= tEnd;
    while (i < ops.count && (last || (ops.response[i] as number) < to)) {
      const t = ops.response[i] as number;
      const kind = ops.kind[i] as number;
      const lat = ops.latencyMs[i] as number;
      cut.add(kind, lat);
      cuts.whole.add(kind, lat);
      cuts[phaseAt(t)].add(kind, lat);
      i++;
    }
    const row = intervalRow(index, from, to, cut, s, phaseAt((from + to) / 2), counters, groups);
    row.sourceFramesPerDatagramIn =
      sourceSamples.length < 2 ? null : serverNoise(sourceSamples, from, to).framesPerDatagramIn;
    intervals.push(row);
    if (last) break;
  }

  const windowOf = (c: Cut, span: [number, number]) => windowSummary(c, span, s, counters);
  const windows: Timeline['windows'] = { whole: windowOf(cuts.whole, [t0, tEnd]) };
  for (const p of ['before', 'during', 'after'] as const) {
    const span = spans[p];
    if (span !== undefined && span[1] > span[0]) windows[p] = windowOf(cuts[p], span);
  }

  const longestGap =
    ops.count >= 2 ? longestGapBetween(ops.response, ops.response[0] as number, lastResponse, false) : undefined;
  const during = spans.during;
  // The clients stop issuing after their run's duration; the drain that follows (the last
  // responses, then the results) is no outage.
  const durationS = record.parameters.durationS;
  const issuingEnd = typeof durationS === 'number' ? Math.min(tEnd, t0 + durationS * 1000) : tEnd;
  const gapEnd = during === undefined ? 0 : Math.min(during[1], issuingEnd);
  const longestGapDuringMigration =
    during === undefined || gapEnd <= during[0] ? undefined : longestGapBetween(ops.response, during[0], gapEnd, true);
  const toGap = (g: { from: number; to: number } | undefined): Gap | undefined =>
    g === undefined ? undefined : { startS: s(g.from), endS: s(g.to), ms: g.to - g.from };

  return {
    intervalMs,
    seconds: s(tEnd),
    migration,
    intervals,
    windows,
    longestGap: toGap(longestGap),
    longestGapDuringMigration: toGap(longestGapDuringMigration),
    groupProgress: groups.points.map((p) => ({ tS: s(p.atMs), started: p.started, completed: p.completed })),
  };
}

function intervalRow(
  index: number,
  from: number,
  to: number,
  cut: Cut,
  s: (t: number) => number,
  phase: Phase,
  counters: SampledCounters,
  groups: GroupCounters,
): IntervalRow {
  const all = latencyStats(cut.all);
  const read = latencyStats(cut.read);
  const write = latencyStats(cut.write);
  const g = groups.at(to);
  return {
    index,
    startS: s(from),
    endS: s(to),
    phase,
    ops: cut.ops,
    reads: cut.reads,
    writes: cut.writes,
    deletes: cut.deletes,
    opsPerSec: to > from ? (cut.ops * 1000) / (to - from) : 0,
    p50Ms: all.p50Ms,
    p99Ms: all.p99Ms,
    maxMs: all.maxMs,
    readP50Ms: read.p50Ms,
    readP99Ms: read.p99Ms,
    writeP50Ms: write.p50Ms,
    writeP99Ms: write.p99Ms,
    failures: counters.delta(from, to, 'failures'),
    doubleReads: counters.delta(from, to, 'doubleReads'),
    retries: counters.delta(from, to, 'resends'),
    timeouts: counters.delta(from, to, 'timeouts'),
    retryLater: counters.delta(from, to, 'retryLater'),
    gcPauseMs: counters.delta(from, to, 'gcPauseMs'),
    framesPerDatagramOut: counters.ratio(from, to, 'framesOut', 'datagramsOut'),
    framesPerDatagramIn: counters.ratio(from, to, 'framesIn', 'datagramsIn'),
    sourceFramesPerDatagramIn: null,
    groupsStarted: g.started,
    groupsCompleted: g.completed,
  };
}

function windowSummary(
  c: Cut,
  [from, to]: [number, number],
  s: (t: number) => number,
  counters: SampledCounters,
): WindowSummary {
  const seconds = (to - from) / 1000;
  return {
    startS: s(from),
    endS: s(to),
    seconds,
    ops: c.ops,
    reads: c.reads,
    writes: c.writes + c.deletes,
    opsPerSec: seconds > 0 ? c.ops / seconds : 0,
    latency: latencyStats(c.all),
    readLatency: latencyStats(c.read),
    writeLatency: latencyStats(c.write),
    failures: counters.delta(from, to, 'failures'),
    doubleReads: counters.delta(from, to, 'doubleReads'),
    retries: counters.delta(from, to, 'resends'),
    timeouts: counters.delta(from, to, 'timeouts'),
    gcPauseMs: counters.delta(from, to, 'gcPauseMs'),
    gcMajorPauseMs: counters.delta(from, to, 'gcMajorPauseMs'),
    framesPerDatagramOut: counters.ratio(from, to, 'framesOut', 'datagramsOut'),
    framesPerDatagramIn: counters.ratio(from, to, 'framesIn', 'datagramsIn'),
  };
}

/**
 * The longest stretch in [from, to] with no completion in `sorted`. With `fenced`, `from`
 * and `to` count as completions (an outage that starts with the window is measured from it).
 */
export function longestGapBetween(
  sorted: Float64Array,
  from: number,
  to: number,
  fenced: boolean,
): { from: number; to: number } | undefined {
  let prev: number | undefined = fenced ? from : undefined;
  let best: { from: number; to: number } | undefined;
  const consider = (a: number, b: number) => {
    if (best === undefined || b - a > best.to - best.from) best = { from: a, to: b };
  };
  for (const t of sorted) {
    if (t < from) continue;
    if (t > to) break;
    if (prev !== undefined) consider(prev, t);
    prev = t;
  }
  if (fenced && prev !== undefined) consider(prev, to);
  return best;
}

interface GroupCounters {
  points: { atMs: number; started: number; completed: number }[];
  at(t: number): { started: number; completed: number };
}

/** Cumulative distinct groups started and completed, stepping at each event. */
function groupCounters(events: readonly MigrationEvent[]): GroupCounters {
  const sorted = events.filter((e) => e.kind === 'group-started' || e.kind === 'group-completed');
  sorted.sort((a, b) => a.atMs - b.atMs);
  const started = new Set<number>();
  const completed = new Set<number>();
  const points: GroupCounters['points'] = [];
  for (const e of sorted) {
    if (e.kind === 'group-started') started.add(e.group);
    else if (e.kind === 'group-completed') completed.add(e.group);
    const p = { atMs: e.atMs, started: started.size, completed: completed.size };
    const last = points[points.length - 1];
    if (last !== undefined && last.atMs === p.atMs) points[points.length - 1] = p;
    else points.push(p);
  }
  return {
    points,
    at(t) {
      let lo = 0;
      let hi = points.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((points[mid] as { atMs: number }).atMs <= t) lo = mid + 1;
        else hi = mid;
      }
      const p = points[lo - 1];
      return p === undefined ? { started: 0, completed: 0 } : { started: p.started, completed: p.completed };
    },
  };
}
