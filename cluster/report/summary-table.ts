// The terminal summary of a run (what one would put in a paper: throughput and latency before,
// during and after the migration, migration time, downtime, traffic overhead, the verdict),
// and the side-by-side table of several protocols' runs (paper §6.2's table shape).

import type { RunSummary, Verdict } from '../results.js';
import type { WindowSummary } from '../timeline.js';
import { alignTable, fmtBytes, fmtCount, fmtMs, fmtPercent, fmtRate, fmtSeconds } from './format.js';

const WINDOWS = ['before', 'during', 'after', 'whole'] as const;

export function verdictLine(v: Verdict): string {
  const head = v.ok ? 'OK' : 'FAILED';
  const hist = `${fmtCount(v.readsChecked)} reads and ${fmtCount(v.writesChecked)} writes checked on ${fmtCount(v.keysInHistory)} keys, ${fmtCount(v.violations)} violation(s)`;
  const audit = v.audited
    ? `; destination audit: ${fmtCount(v.keysChecked)} keys, ${fmtCount(v.keysLost)} lost, ${fmtCount(v.keysWrong)} wrong, ` +
      `${(v.keysUnanswered ?? 0) > 0 ? `${fmtCount(v.keysUnanswered)} UNANSWERED, ` : ''}source ${v.sourceStillServing ? 'STILL SERVING' : 'no longer serving'}`
    : '; no destination audit';
  return `${head}: ${hist}${audit}`;
}

export function formatRunSummary(s: RunSummary): string {
  const present = WINDOWS.filter((w) => s.windows[w] !== undefined);
  const get = (w: (typeof WINDOWS)[number]) => s.windows[w] as WindowSummary;
  const row = (name: string, f: (w: WindowSummary) => string) => [name, ...present.map((w) => f(get(w)))];
  const table = alignTable(
    [
      ['', ...present],
      row('span (s)', (w) => `${fmtSeconds(w.startS)}–${fmtSeconds(w.endS)}`),
      row('operations', (w) => fmtCount(w.ops)),
      row('throughput (ops/s)', (w) => fmtRate(w.opsPerSec)),
      row('latency p50 (ms)', (w) => fmtMs(w.latency.p50Ms)),
      row('latency p99 (ms)', (w) => fmtMs(w.latency.p99Ms)),
      row('latency p99.9 (ms)', (w) => fmtMs(w.latency.p999Ms)),
      row('latency max (ms)', (w) => fmtMs(w.latency.maxMs)),
      row('read p99 (ms)', (w) => fmtMs(w.readLatency.p99Ms)),
      row('write p99 (ms)', (w) => fmtMs(w.writeLatency.p99Ms)),
      row('double reads', (w) => fmtCount(w.doubleReads)),
      row('retries', (w) => fmtCount(w.retries)),
      row('timeouts', (w) => fmtCount(w.timeouts)),
    ],
    ['left', 'right', 'right', 'right', 'right'],
  );
  const lines = [
    `${s.label} — ${s.clients.clients} client(s), run ${fmtSeconds(s.runSeconds)} s, started ${s.startedAt}`,
    '',
    table,
    '',
  ];
  const m = s.migration;
  if (m === null) lines.push('migration: none in this run');
  else {
    const state =
      m.failed !== null ? `FAILED (${m.failed})` : m.finished ? 'finished' : 'NOT FINISHED by the end of the run';
    lines.push(
      `migration: ${m.seconds === null ? '–' : `${fmtSeconds(m.seconds)} s`} (${fmtSeconds(m.startS)}–${fmtSeconds(m.endS)} s), ${m.groupsCompleted}/${m.groupCount} groups, ${state}`,
    );
  }
  const gap = s.longestGap;
  const gapDuring = s.longestGapDuringMigration;
  lines.push(
    `longest time with no completed operation: ${gap === null ? '–' : `${fmtMs(gap.ms)} ms at ${fmtSeconds(gap.startS)} s`}` +
      (m === null
        ? ''
        : `; during migration: ${gapDuring === null ? '–' : `${fmtMs(gapDuring.ms)} ms at ${fmtSeconds(gapDuring.startS)} s`}`),
  );
  const t = s.traffic;
  lines.push(
    `traffic: queries ${fmtBytes(t.queryBytes)}; client-side extra ${fmtBytes(t.clientExtraBytes)} (${fmtPercent(t.clientExtraPercent)}); ` +
      `migration ${fmtBytes(t.migrationBytes)}; server-side extra ${fmtBytes(t.serverExtraBytes)} (${fmtPercent(t.serverExtraPercent)}); ` +
      `priority pulls ${fmtBytes(t.pullBytes)} (${fmtCount(t.pulledKeys)} keys)`,
  );
  const f = t.filter;
  if (f !== null && f !== undefined)
    lines.push(
      `switch filters: ${fmtPercent(f.falsePositivePercent)} false positives (${fmtCount(f.idleFalsePositives)} of ${fmtCount(f.idleRequests)} requests for groups not started sent to the destination, ` +
        `${fmtCount(f.completedFalsePositives)} of ${fmtCount(f.completedReads)} reads of migrated groups double-read); ${fmtCount(f.proxiedToSource)} requests proxied to the source`,
    );
  const c = s.clients;
  lines.push(
    `clients: ${fmtCount(c.failures)} failed requests, ${fmtCount(c.doubleReads)} double reads, ${fmtCount(c.retries)} resends, ${fmtCount(c.timeouts)} timeouts, ${fmtCount(c.retryLater)} retry-later`,
  );
  const cpu = cpuLine(s);
  if (cpu !== undefined) lines.push(cpu);
  const memory = memoryLine(s);
  if (memory !== undefined) lines.push(memory);
  const noise = noiseLine(s);
  if (noise !== undefined) lines.push(noise);
  lines.push(`verdict: ${verdictLine(s.verdict)}`);
  return lines.join('\n');
}

/**
 * "noise: clients' GC 210 → 95 → 800 ms; frames per datagram out 3.1 → 2.4 → 3.0, in …; UDP
 * drops: machine 0 of 1.2 M received, sockets none": what makes one run slower than the next
 * (docs/reproducing-the-paper.md "Sources of run-to-run spread").
 */
export function noiseLine(s: RunSummary): string | undefined {
  const names = (['before', 'during', 'after'] as const).filter((w) => s.windows[w] !== undefined);
  const series = (
    get: (w: NonNullable<RunSummary['windows']['before']>) => number | null | undefined,
    digits: number,
  ) => {
    const v = names.map((n) => get(s.windows[n] as NonNullable<RunSummary['windows']['before']>));
    return v.every((x) => x === null || x === undefined)
      ? undefined
      : v.map((x) => (x === null || x === undefined ? '–' : x.toFixed(digits))).join(' → ');
  };
  const parts: string[] = [];
  const pressure = s.cpuPressurePercent;
  if (pressure !== undefined && names.some((n) => pressure[n] !== undefined))
    parts.push(
      `some task waiting for a CPU ${names.map((n) => (pressure[n] === undefined ? '–' : (pressure[n] as number).toFixed(0))).join(' → ')} % of the time (machine)`,
    );
  const gc = series((w) => w.gcPauseMs, 0);
  const major = series((w) => w.gcMajorPauseMs, 0);
  if (gc !== undefined) parts.push(`clients' GC pauses ${gc} ms (full collections ${major ?? '–'} ms)`);
  const out = series((w) => w.framesPerDatagramOut, 2);
  const inn = series((w) => w.framesPerDatagramIn, 2);
  if (out !== undefined) parts.push(`frames per datagram at the clients, out ${out}, in ${inn ?? '–'}`);
  for (const [server, row] of Object.entries(s.servers ?? {})) {
    const f = (k: 'gcPauseMs' | 'framesPerDatagramIn' | 'framesPerDatagramOut', digits: number) =>
      names
        .map((n) => {
          const v = row[n]?.[k];
          return v === null || v === undefined ? '–' : v.toFixed(digits);
        })
        .join(' → ');
    parts.push(
      `${server} GC pauses ${f('gcPauseMs', 0)} ms, frames per datagram in ${f('framesPerDatagramIn', 2)}, out ${f('framesPerDatagramOut', 2)}`,
    );
  }
  const u = s.udp;
  if (u?.kernel !== undefined)
    parts.push(
      `UDP receive errors on the machine ${fmtCount(u.kernel.inErrors)} of ${fmtCount(u.kernel.inDatagrams)} datagrams (buffer full ${fmtCount(u.kernel.rcvbufErrors)})`,
    );
  if (u?.socketDrops !== undefined) {
    const dropped = Object.entries(u.socketDrops).filter(([, d]) => d > 0);
    parts.push(
      `run's sockets ${dropped.length === 0 ? 'dropped none' : `dropped ${dropped.map(([n, d]) => `${n} ${fmtCount(d)}`).join(', ')}`}`,
    );
  }
  return parts.length === 0 ? undefined : `noise (${names.join(' → ')}): ${parts.join('; ')}`;
}

/** Process order in the CPU line: the data path first. */
const CPU_ORDER = ['switch', 'kv-source', 'kv-destination', 'clients', 'controller'];

/**
 * "CPU, % of one core, before → during → after: switch 16 → 17 → 15 (switch µs per operation
 * 12 → 21 → 11), kv-source …": where each window's work went, from the sampled CPU.
 */
export function cpuLine(s: RunSummary): string | undefined {
  const cpu = s.cpu;
  if (cpu === undefined) return undefined;
  const names = (['before', 'during', 'after'] as const).filter(
    (w) => cpu[w] !== undefined && s.windows[w] !== undefined,
  );
  if (names.length === 0) return undefined;
  const procs = [...new Set(names.flatMap((w) => Object.keys(cpu[w] ?? {})))].sort(
    (a, b) => rank(a) - rank(b) || a.localeCompare(b),
  );
  const pct = (w: (typeof names)[number], p: string) => {
    const v = cpu[w]?.[p]?.percentOfCore;
    return v === undefined ? '–' : v.toFixed(0);
  };
  const perOp = names.map((w) => {
    const ops = s.windows[w]?.ops ?? 0;
    const sw = cpu[w]?.switch?.cpuS;
    return ops > 0 && sw !== undefined ? ((sw * 1e6) / ops).toFixed(0) : '–';
  });
  const parts = procs.map((p) => {
    const row = `${p} ${names.map((w) => pct(w, p)).join(' → ')}`;
    return p === 'switch' ? `${row} (${perOp.join(' → ')} µs of switch CPU per operation)` : row;
  });
  return `CPU, % of one core, ${names.join(' → ')}: ${parts.join(', ')}`;
}

/** "peak memory (RSS, MB): switch 88, kv-source 989, …": each process's largest moment of the run. */
export function memoryLine(s: RunSummary): string | undefined {
  const peaks = s.peakRssMb;
  if (peaks === undefined || Object.keys(peaks).length === 0) return undefined;
  const names = Object.keys(peaks).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return `peak memory (RSS, MB): ${names.map((n) => `${n} ${fmtCount(peaks[n] as number)}`).join(', ')}`;
}

function rank(name: string): number {
  const i = CPU_ORDER.indexOf(name);
  return i < 0 ? CPU_ORDER.length : i;
}

/** One row per run: the figures the paper compares protocols by (migration window values). */
export function comparisonRows(summaries: readonly RunSummary[]): string[][] {
  const header = [
    'protocol',
    'migration (s)',
    'ops/s before',
    'ops/s during',
    'p50 during (ms)',
    'p99 during (ms)',
    'longest gap (ms)',
    'client extra',
    'server extra',
    'verdict',
  ];
  return [
    header,
    ...summaries.map((s) => {
      const d = s.windows.during;
      return [
        s.label,
        fmtSeconds(s.migration?.seconds),
        fmtRate(s.windows.before?.opsPerSec),
        fmtRate(d?.opsPerSec),
        fmtMs(d?.latency.p50Ms),
        fmtMs(d?.latency.p99Ms),
        fmtMs(s.longestGapDuringMigration?.ms ?? s.longestGap?.ms),
        fmtPercent(s.traffic.clientExtraPercent),
        fmtPercent(s.traffic.serverExtraPercent),
        s.verdict.ok ? 'OK' : 'FAILED',
      ];
    }),
  ];
}

export function formatComparison(summaries: readonly RunSummary[]): string {
  return alignTable(comparisonRows(summaries), ['left']);
}
