// The figures a grid keeps of each run (the paper's metrics: throughput, median and tail
// latency during migration, migration time, downtime, client- and server-side extra traffic,
// plus the artifact's 200-request batch latency and the switch filters' false positives),
// read from a finished run's results.

import { batchLatencies } from './batch-latency.js';
import type { Better } from './grid-stats.js';
import type { RunResults } from './results.js';

export const METRIC_KEYS = [
  'opsDuring',
  'opsDuringOverBefore',
  'p50During',
  'p99During',
  'batchP50During',
  'batchP99During',
  'migrationS',
  'downtimeMs',
  'clientExtraPercent',
  'serverExtraPercent',
  'filterFpPercent',
] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

export interface MetricInfo {
  key: MetricKey;
  /** Column and plot title. */
  title: string;
  unit: string;
  better: Better;
  /** A plot file is drawn for it (the filter's false positives only where filters steer). */
  plot: boolean;
}

export const METRICS: Record<MetricKey, MetricInfo> = {
  opsDuring: { key: 'opsDuring', title: 'throughput during migration', unit: 'ops/s', better: 'higher', plot: true },
  opsDuringOverBefore: {
    key: 'opsDuringOverBefore',
    title: 'throughput during migration over the same run’s throughput before it',
    unit: '%',
    better: 'higher',
    plot: true,
  },
  p50During: { key: 'p50During', title: 'p50 latency during migration', unit: 'ms', better: 'lower', plot: true },
  p99During: { key: 'p99During', title: 'p99 latency during migration', unit: 'ms', better: 'lower', plot: true },
  batchP50During: {
    key: 'batchP50During',
    title: 'p50 of 200-request batches during migration (the artifact’s latency)',
    unit: 'ms',
    better: 'lower',
    plot: true,
  },
  batchP99During: {
    key: 'batchP99During',
    title: 'p99 of 200-request batches during migration (the artifact’s latency)',
    unit: 'ms',
    better: 'lower',
    plot: true,
  },
  migrationS: { key: 'migrationS', title: 'migration time', unit: 's', better: 'lower', plot: true },
  downtimeMs: {
    key: 'downtimeMs',
    title: 'downtime (longest time with no completed operation during migration)',
    unit: 'ms',
    better: 'lower',
    plot: true,
  },
  clientExtraPercent: {
    key: 'clientExtraPercent',
    title: 'client-side extra bytes',
    unit: '% of query bytes',
    better: 'lower',
    plot: true,
  },
  serverExtraPercent: {
    key: 'serverExtraPercent',
    title: 'server-side extra bytes',
    unit: '% of query bytes',
    better: 'lower',
    plot: true,
  },
  filterFpPercent: {
    key: 'filterFpPercent',
    title: 'switch filters’ measured false positives',
    unit: '%',
    better: 'lower',
    plot: true,
  },
};

export type Metrics = Record<MetricKey, number | null>;

export function runMetrics(r: RunResults): Metrics {
  const s = r.summary;
  const d = s.windows.during;
  const before = s.windows.before;
  const t0 = r.record.startedAtMs;
  const m = s.migration;
  const batches =
    m === null
      ? null
      : batchLatencies(
          r.record.clients.map((c) => c.results.history),
          t0 + m.startS * 1000,
          t0 + (m.endS ?? s.runSeconds) * 1000,
        );
  return {
    opsDuring: d?.opsPerSec ?? null,
    // A shared machine's speed drifts between runs; the run's own before-window cancels that.
    opsDuringOverBefore:
      d === undefined || !(before !== undefined && before.opsPerSec > 0)
        ? null
        : (100 * d.opsPerSec) / before.opsPerSec,
    p50During: d?.latency.p50Ms ?? null,
    p99During: d?.latency.p99Ms ?? null,
    batchP50During: batches?.p50Ms ?? null,
    batchP99During: batches?.p99Ms ?? null,
    migrationS: m?.seconds ?? null,
    downtimeMs: m === null ? null : (s.longestGapDuringMigration?.ms ?? null),
    clientExtraPercent: s.traffic.clientExtraPercent,
    serverExtraPercent: s.traffic.serverExtraPercent,
    filterFpPercent: s.traffic.filter?.falsePositivePercent ?? null,
  };
}
