// The results of one run, as reports show them: the timeline (intervals, windows, gaps,
// group progress), the traffic the migration cost (server-side bytes and client-side extra
// bytes, also as % of query traffic: paper Table 4), the client counters, and the correctness
// verdict (the linearizability check of the merged histories plus the destination audit).

import { type CheckResult, checkHistory, formatViolation } from '../client/check.js';
import type { ClientCounters } from '../client/driver.js';
import type { HistoryOp } from '../client/history.js';
import type { MigrationCounters } from '../kvserver/migration/common/progress.js';
import { cpuInWindow, cpuPressurePercent, groupClients, type ProcessCpu } from './cpu-usage.js';
import { type ServerNoise, serversNoise } from './process-noise.js';
import { type MigrationEvent, type ParameterValue, type RunRecord, runLabel } from './run-record.js';
import { buildTimeline, type Gap, type Timeline } from './timeline.js';

export interface TrafficSummary {
  /** Client frame bytes of first sends and first replies: the traffic without migration. */
  queryBytes: number;
  /** Double-read second replies, re-asks, resends and piggybacked metadata, client-side. */
  clientExtraBytes: number;
  clientExtraPercent: number;
  /** All migration frames between the servers (scan data, control, retransmissions). */
  migrationBytes: number;
  /** Bytes sent more than once between servers: late writes forwarded, dirty re-sends. */
  serverExtraBytes: number;
  serverExtraPercent: number;
  /** Priority pulls (requests, replies, data); reported apart, as the paper does. */
  pullBytes: number;
  pulledKeys: number;
  lateWrites: number;
  dirtyResent: number;
  pairsMigrated: number;
  migrationRetransmits: number;
  /**
   * The switch filters' measured false positives (NetMigrate only; null for protocols the
   * filters do not steer): requests sent to the destination (redirected or double-read) for
   * groups that were not in flight or not migrated, over all requests for such groups.
   */
  filter: FilterFigure | null;
}

export interface FilterFigure {
  /** Requests for groups not started that reached the destination anyway, and all requests for such groups. */
  idleFalsePositives: number;
  idleRequests: number;
  /** Reads of completed groups that were double-read, and all reads of completed groups at the destination. */
  completedFalsePositives: number;
  completedReads: number;
  /** Both kinds together, in percent. */
  falsePositivePercent: number;
  /** Requests the destination sent on to the source (writes, plain reads of groups not started). */
  proxiedToSource: number;
}

export function filterFigure(m: Partial<MigrationCounters>): FilterFigure | null {
  const fpIdle = m.filterFpIdle ?? 0;
  const fpDone = m.filterFpCompleted ?? 0;
  const idle = fpIdle + (m.filterTnIdle ?? 0);
  const done = fpDone + (m.filterTnCompleted ?? 0);
  if (idle + done === 0) return null;
  return {
    idleFalsePositives: fpIdle,
    idleRequests: idle,
    completedFalsePositives: fpDone,
    completedReads: done,
    falsePositivePercent: percentOf(fpIdle + fpDone, idle + done),
    proxiedToSource: m.proxiedToSource ?? 0,
  };
}

export interface ClientTotals {
  clients: number;
  completedOps: number;
  failures: number;
  doubleReads: number;
  retries: number;
  timeouts: number;
  retryLater: number;
  staleReplies: number;
}

export interface Verdict {
  /** True when no check found a problem (and the audit, if any, found none). */
  ok: boolean;
  readsChecked: number;
  writesChecked: number;
  keysInHistory: number;
  violations: number;
  /** The first violations, one line each. */
  violationSamples: string[];
  audited: boolean;
  keysChecked: number | null;
  keysLost: number | null;
  keysWrong: number | null;
  /** Keys the destination audit got no answer for (they fail the verdict: nothing was verified). */
  keysUnanswered: number | null;
  sourceStillServing: boolean | null;
}

export interface MigrationSummary {
  startS: number;
  endS: number | null;
  seconds: number | null;
  finished: boolean;
  failed: string | null;
  groupCount: number;
  groupsStarted: number;
  groupsCompleted: number;
}

export interface RunSummary {
  protocol: string;
  label: string;
  parameters: Record<string, ParameterValue>;
  startedAt: string;
  runSeconds: number;
  migration: MigrationSummary | null;
  windows: Timeline['windows'];
  longestGap: Gap | null;
  longestGapDuringMigration: Gap | null;
  traffic: TrafficSummary;
  clients: ClientTotals;
  verdict: Verdict;
  /**
   * Each process's CPU per window (the workload clients as one "clients" entry); absent when
   * the run's CPU was not sampled (no /proc, or a results folder written before it was).
   */
  cpu?: RunCpu;
  /**
   * Each process's peak resident memory in MB over the whole run, audit included (the workload
   * clients as one "clients" entry, their largest); absent when it could not be read.
   */
  peakRssMb?: Record<string, number>;
  /** UDP losses over the run (RunRecord.udp); absent when they could not be read. */
  udp?: RunRecord['udp'];
  /**
   * Per window, the share of time in which some task on the machine waited for a CPU (%,
   * /proc/pressure/cpu): how busy the machine was around the run; absent without PSI.
   */
  cpuPressurePercent?: Partial<Record<'before' | 'during' | 'after', number>>;
  /** The servers' GC pauses and frames per datagram per window (cluster/process-noise.ts); absent when not sampled. */
  servers?: ServerNoise;
  /**
   * The source's window of MIGRATE frames and where its threads' time went, summed over them
   * (ms; docs/scale.md "Where a group's time goes"); absent when no server reported counters.
   */
  migrationWaits?: MigrationWaits;
}

export interface MigrationWaits {
  window: number;
  startWaitMs: number;
  scanMs: number;
  migrateWaitMs: number;
  completeWaitMs: number;
  rateWaitMs: number;
}

/** The source's waits and window from the servers' counters (only the source counts them). */
export function migrationWaitsOf(parts: readonly Partial<MigrationCounters>[]): MigrationWaits | undefined {
  if (parts.length === 0) return undefined;
  const m = sumMigrationCounters(parts);
  return {
    window: m.migrateWindow ?? 0,
    startWaitMs: m.startWaitMs ?? 0,
    scanMs: m.scanMs ?? 0,
    migrateWaitMs: m.migrateWaitMs ?? 0,
    completeWaitMs: m.completeWaitMs ?? 0,
    rateWaitMs: m.rateWaitMs ?? 0,
  };
}

/** Per window, per process (switch, kv-source, kv-destination, controller, clients, …). */
export type RunCpu = Partial<Record<'before' | 'during' | 'after', Record<string, ProcessCpu>>>;

export interface RunResults {
  summary: RunSummary;
  timeline: Timeline;
  /** Events with their time since the run began (seconds). */
  events: (MigrationEvent & { tS: number })[];
  record: RunRecord;
}

/** What figures and tables need of a run: RunResults has it, and so does a results folder read back. */
export interface RunView {
  summary: RunSummary;
  timeline: Pick<Timeline, 'intervals' | 'intervalMs' | 'groupProgress'>;
}

export interface SummarizeOptions {
  /** A check already made (the orchestrator may check while writing results). */
  check?: CheckResult;
  /** Violations to keep as text in the summary (default 20). */
  violationSamples?: number;
}

export function summarizeRun(record: RunRecord, options: SummarizeOptions = {}): RunResults {
  const timeline = buildTimeline(record);
  const traffic = trafficSummary(record);
  const clients = clientTotals(record);
  const verdict = verdictOf(record, options);
  const m = timeline.migration;
  const lastGroups = timeline.groupProgress[timeline.groupProgress.length - 1];
  const t0 = record.startedAtMs;
  const summary: RunSummary = {
    protocol: record.protocol,
    label: runLabel(record),
    parameters: record.parameters,
    startedAt: new Date(t0).toISOString(),
    runSeconds: timeline.seconds,
    migration:
      m === undefined
        ? null
        : {
            startS: (m.startMs - t0) / 1000,
            endS: m.endMs === undefined ? null : (m.endMs - t0) / 1000,
            seconds: m.endMs === undefined ? null : (m.endMs - m.startMs) / 1000,
            finished: m.finished,
            failed: m.failed ?? null,
            groupCount: m.groupCount,
            groupsStarted: lastGroups?.started ?? 0,
            groupsCompleted: lastGroups?.completed ?? 0,
          },
    windows: timeline.windows,
    longestGap: timeline.longestGap ?? null,
    longestGapDuringMigration: timeline.longestGapDuringMigration ?? null,
    traffic,
    clients,
    verdict,
  };
  const cpu = runCpu(record, timeline);
  if (cpu !== undefined) summary.cpu = cpu;
  const pressure = runCpuPressure(record, timeline);
  if (pressure !== undefined) summary.cpuPressurePercent = pressure;
  const peaks = record.peakRssMb;
  if (peaks !== undefined) summary.peakRssMb = groupClientPeaks(peaks);
  if (record.udp !== undefined) summary.udp = record.udp;
  const waits = migrationWaitsOf(record.migrationCounters);
  if (waits !== undefined) summary.migrationWaits = waits;
  if (record.serverSamples !== undefined && record.serverSamples.length > 0) {
    const spans: Parameters<typeof serversNoise>[1] = {};
    for (const w of ['before', 'during', 'after'] as const) {
      const win = timeline.windows[w];
      if (win !== undefined) spans[w] = { startMs: t0 + win.startS * 1000, endMs: t0 + win.endS * 1000 };
    }
    summary.servers = serversNoise(record.serverSamples, spans);
  }
  const events = [...record.migrationEvents]
    .sort((a, b) => a.atMs - b.atMs)
    .map((e) => ({ ...e, tS: (e.atMs - t0) / 1000 }));
  return { summary, timeline, events, record };
}

/** The machine's CPU pressure cut at the windows (undefined when no sample carries it). */
function runCpuPressure(record: RunRecord, timeline: Timeline): RunSummary['cpuPressurePercent'] {
  const samples = record.cpuSamples;
  if (samples === undefined || !samples.some((s) => s.cpuPressureMs !== undefined)) return undefined;
  const out: NonNullable<RunSummary['cpuPressurePercent']> = {};
  for (const name of ['before', 'during', 'after'] as const) {
    const w = timeline.windows[name];
    if (w === undefined) continue;
    const p = cpuPressurePercent(samples, {
      startMs: record.startedAtMs + w.startS * 1000,
      endMs: record.startedAtMs + w.endS * 1000,
    });
    if (p !== undefined) out[name] = p;
  }
  return out;
}

/** The sampled CPU cut at the before/during/after windows. */
function runCpu(record: RunRecord, timeline: Timeline): RunCpu | undefined {
  const samples = record.cpuSamples;
  if (samples === undefined || samples.length === 0) return undefined;
  const out: RunCpu = {};
  for (const name of ['before', 'during', 'after'] as const) {
    const w = timeline.windows[name];
    if (w === undefined) continue;
    const span = { startMs: record.startedAtMs + w.startS * 1000, endMs: record.startedAtMs + w.endS * 1000 };
    out[name] = groupClients(cpuInWindow(samples, span), w.seconds);
  }
  return out;
}

/** The workload clients' peaks (client-0, client-1, …) as one "clients" entry: their largest. */
export function groupClientPeaks(peaks: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, mb] of Object.entries(peaks)) {
    const key = /^client-\d+$/.test(name) ? 'clients' : name;
    out[key] = Math.max(out[key] ?? 0, mb);
  }
  return out;
}

/** Sums the agents' counters field by field. */
export function sumMigrationCounters(parts: readonly Partial<MigrationCounters>[]): Partial<MigrationCounters> {
  const sum: Record<string, number> = {};
  for (const p of parts) for (const [k, v] of Object.entries(p)) if (typeof v === 'number') sum[k] = (sum[k] ?? 0) + v;
  return sum as Partial<MigrationCounters>;
}

export function percentOf(part: number, whole: number): number {
  return whole > 0 ? (100 * part) / whole : 0;
}

export function trafficSummary(record: RunRecord): TrafficSummary {
  let queryBytes = 0;
  let clientExtraBytes = 0;
  for (const c of record.clients) {
    const t = c.results.traffic;
    queryBytes += t.baseBytes;
    clientExtraBytes += t.extraRequestBytes + t.extraReplyBytes + t.metadataBytes;
  }
  const m = sumMigrationCounters(record.migrationCounters);
  const serverExtraBytes = (m.lateWriteBytes ?? 0) + (m.dirtyBytes ?? 0);
  return {
    queryBytes,
    clientExtraBytes,
    clientExtraPercent: percentOf(clientExtraBytes, queryBytes),
    migrationBytes: m.migrationBytes ?? 0,
    serverExtraBytes,
    serverExtraPercent: percentOf(serverExtraBytes, queryBytes),
    pullBytes: m.pullBytes ?? 0,
    pulledKeys: m.pulledKeys ?? 0,
    lateWrites: m.lateWrites ?? 0,
    dirtyResent: m.dirtyResent ?? 0,
    pairsMigrated: m.pairsMigrated ?? 0,
    migrationRetransmits: m.retransmits ?? 0,
    filter: filterFigure(m),
  };
}

function clientTotals(record: RunRecord): ClientTotals {
  const sum = (f: (c: ClientCounters) => number) => record.clients.reduce((a, c) => a + f(c.results.counters), 0);
  return {
    clients: record.clients.length,
    completedOps: record.clients.reduce((a, c) => a + (c.results.run?.ops ?? 0), 0),
    failures: sum((c) => c.failures),
    doubleReads: sum((c) => c.doubleReads),
    retries: sum((c) => c.resends),
    timeouts: sum((c) => c.timeouts),
    retryLater: sum((c) => c.retryLater),
    staleReplies: sum((c) => c.staleReplies),
  };
}

function verdictOf(record: RunRecord, options: SummarizeOptions): Verdict {
  const check = options.check ?? checkHistory(record.clients.flatMap((c): HistoryOp[] => c.results.history));
  const a = record.audit;
  const auditOk =
    a === undefined ||
    (a.keysLost === 0 && a.keysWrong === 0 && (a.keysUnanswered ?? 0) === 0 && !a.sourceStillServing);
  return {
    ok: check.ok && auditOk,
    readsChecked: check.reads,
    writesChecked: check.writes,
    keysInHistory: check.keys,
    violations: check.violations.length,
    violationSamples: check.violations.slice(0, options.violationSamples ?? 20).map(formatViolation),
    audited: a !== undefined,
    keysChecked: a?.keysChecked ?? null,
    keysLost: a?.keysLost ?? null,
    keysWrong: a?.keysWrong ?? null,
    keysUnanswered: a === undefined ? null : (a.keysUnanswered ?? 0),
    sourceStillServing: a?.sourceStillServing ?? null,
  };
}
