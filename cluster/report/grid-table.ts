// The grid's summary table: one row per point and protocol, each metric as the median of the
// repetitions with their range, the throughput beside a reference row (NetMigrate at the same
// point, or the axis's first point when one protocol runs) saying whether the difference is
// within the repetitions' spread, and each repetition's throughput ranking. Pure: rows of
// strings for markdown, aligned text and CSV.

import { type FilterSize, falsePositiveBound, filterBytes } from '../grid-axes.js';
import { METRIC_KEYS, METRICS, type MetricKey, type Metrics } from '../grid-metrics.js';
import {
  percentOver,
  rankByMedian,
  rankingsPerRepetition,
  rankTiers,
  type Spread,
  separation,
  spreadOf,
  tiersText,
} from '../grid-stats.js';
import { fmtBytes, fmtMs, fmtPercent, fmtRate, fmtSeconds } from './format.js';

/** What the table needs of a grid (cluster/grid.ts writes it as grid.json). */
export interface GridTableInput {
  axis: string;
  points: readonly { label: string; slug: string; filter?: FilterSize }[];
  protocols: readonly string[];
  repeat: number;
  migrationThreads: number;
  samples: readonly {
    slug: string;
    protocol: string;
    repetition: number;
    ok: boolean;
    groupCount: number | null;
    metrics: Metrics;
  }[];
}

export interface GridCell {
  point: string;
  slug: string;
  protocol: string;
  runs: number;
  runsOk: number;
  spreads: Record<MetricKey, Spread>;
  /** Per repetition (index = repetition), the throughput during migration. */
  opsByRepetition: (number | null)[];
  groupCount: number | null;
  filter?: FilterSize;
}

export function gridCells(g: GridTableInput): GridCell[] {
  const cells: GridCell[] = [];
  for (const point of g.points)
    for (const protocol of g.protocols) {
      const runs = g.samples.filter((s) => s.slug === point.slug && s.protocol === protocol);
      if (runs.length === 0) continue; // not run at this point (a smoke grid): no row
      const spreads = {} as Record<MetricKey, Spread>;
      for (const k of METRIC_KEYS) spreads[k] = spreadOf(runs.map((s) => s.metrics[k]));
      const opsByRepetition: (number | null)[] = [];
      for (const s of runs) opsByRepetition[s.repetition] = s.metrics.opsDuring;
      cells.push({
        point: point.label,
        slug: point.slug,
        protocol,
        runs: runs.length,
        runsOk: runs.filter((s) => s.ok).length,
        spreads,
        opsByRepetition: Array.from({ length: g.repeat }, (_, i) => opsByRepetition[i] ?? null),
        groupCount: runs.find((s) => s.groupCount !== null)?.groupCount ?? null,
        ...(point.filter === undefined ? {} : { filter: point.filter }),
      });
    }
  return cells;
}

/** The row a cell's throughput is set against: NetMigrate at its point, or the first point (one protocol). */
export function referenceOf(
  cells: readonly GridCell[],
  cell: GridCell,
  protocols: readonly string[],
): GridCell | undefined {
  if (protocols.length > 1) {
    const ref = protocols.includes('netmigrate') ? 'netmigrate' : protocols[0];
    return cells.find((c) => c.slug === cell.slug && c.protocol === ref);
  }
  return cells.find((c) => c.protocol === cell.protocol);
}

/** "+31.9 % (separate)", "−2.0 % (within spread)", "+5.0 % (1 run)", or "reference". */
export function versusText(cell: GridCell, ref: GridCell | undefined): string {
  if (ref === undefined) return '–';
  if (ref === cell) return 'reference';
  const a = cell.spreads.opsDuring;
  const b = ref.spreads.opsDuring;
  const pct = percentOver(a.median, b.median);
  if (pct === null) return '–';
  const sign = pct > 0 ? '+' : pct < 0 ? '−' : '±';
  const how = separation(a, b);
  const note = how === 'single' ? '1 run' : how;
  return `${sign}${Math.abs(pct).toFixed(1)} % (${note})`;
}

const FORMAT: Record<MetricKey, (v: number | null) => string> = {
  opsDuring: fmtRate,
  opsDuringOverBefore: (v) => (v === null ? '–' : `${v.toFixed(0)} %`),
  p50During: fmtMs,
  p99During: fmtMs,
  batchP50During: fmtMs,
  batchP99During: fmtMs,
  migrationS: fmtSeconds,
  downtimeMs: fmtMs,
  clientExtraPercent: (v) => (v === null ? '–' : fmtPercent(v)),
  serverExtraPercent: (v) => (v === null ? '–' : fmtPercent(v)),
  filterFpPercent: (v) => (v === null ? '–' : fmtPercent(v)),
};

/** "5.9 k [5.7 k–6.1 k]": the median and the repetitions' range (the median alone for one run). */
export function spreadText(s: Spread, fmt: (v: number | null) => string): string {
  if (s.n === 0) return '–';
  if (s.n === 1 || s.min === s.max) return fmt(s.median);
  return `${fmt(s.median)} [${fmt(s.min)}–${fmt(s.max)}]`;
}

const SHORT: Record<MetricKey, string> = {
  opsDuring: 'ops/s during',
  opsDuringOverBefore: 'during/before',
  p50During: 'p50 (ms)',
  p99During: 'p99 (ms)',
  batchP50During: 'batch-200 p50 (ms)',
  batchP99During: 'batch-200 p99 (ms)',
  migrationS: 'migration (s)',
  downtimeMs: 'downtime (ms)',
  clientExtraPercent: 'client extra',
  serverExtraPercent: 'server extra',
  filterFpPercent: 'filter FP (measured)',
};

function boundOf(cell: GridCell, threads: number): number | null {
  if (cell.filter === undefined || cell.groupCount === null) return null;
  return 100 * falsePositiveBound(cell.filter, cell.groupCount, threads);
}

/** Header and rows of the table as strings (markdown and text). */
export function gridTableRows(g: GridTableInput): string[][] {
  const cells = gridCells(g);
  const filters = g.points.some((p) => p.filter !== undefined);
  const versus = g.protocols.length > 1 ? 'vs NetMigrate' : 'vs first point';
  const header = [
    g.axis === 'compare' ? 'runs' : g.axis,
    'protocol',
    'OK',
    SHORT.opsDuring,
    versus,
    ...METRIC_KEYS.filter((k) => k !== 'opsDuring').map((k) => SHORT[k]),
    ...(filters ? ['BF / CBF', 'FP bound'] : []),
  ];
  const rows = cells.map((c) => {
    const bytes = c.filter === undefined ? undefined : filterBytes(c.filter);
    const bound = boundOf(c, g.migrationThreads);
    return [
      c.point,
      c.protocol,
      `${c.runsOk}/${c.runs}`,
      spreadText(c.spreads.opsDuring, FORMAT.opsDuring),
      versusText(c, referenceOf(cells, c, g.protocols)),
      ...METRIC_KEYS.filter((k) => k !== 'opsDuring').map((k) => spreadText(c.spreads[k], FORMAT[k])),
      ...(filters
        ? [
            bytes === undefined ? '–' : `${fmtBytes(bytes.bf)} / ${fmtBytes(bytes.cbf)}`,
            bound === null ? '–' : fmtPercent(bound),
          ]
        : []),
    ];
  });
  return [header, ...rows];
}

export function markdownTable(rows: readonly (readonly string[])[]): string {
  const [head, ...body] = rows;
  if (head === undefined) return '';
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const line = (r: readonly string[]) => `| ${r.map(esc).join(' | ')} |`;
  return [line(head), `|${head.map((_, i) => (i < 2 ? ' --- ' : ' ---: ')).join('|')}|`, ...body.map(line)].join('\n');
}

/**
 * The throughput ranking at each point: by medians, and per repetition, and whether they all
 * agree; then in tiers: protocols whose repetitions' ranges overlap share a tier, as the
 * repetitions cannot order them (the claim a second batch of repetitions can check).
 */
export function rankingLines(g: GridTableInput): { lines: string[]; allAgree: boolean } {
  const cells = gridCells(g);
  const lines: string[] = [];
  let allAgree = true;
  for (const point of g.points) {
    const here = cells.filter((c) => c.slug === point.slug);
    if (here.length < 2) continue;
    const entries = here.map((c) => ({ name: c.protocol, spread: c.spreads.opsDuring }));
    const byMedian = rankByMedian(entries, 'higher');
    const perRep = rankingsPerRepetition(
      Object.fromEntries(here.map((c) => [c.protocol, c.opsByRepetition])),
      'higher',
    );
    if (perRep.length < 2) {
      lines.push(`${point.label}: ${byMedian.join(' > ')} (one repetition: nothing to check the ranking against)`);
      continue;
    }
    const agree = perRep.every((r) => r.join('>') === byMedian.join('>'));
    allAgree &&= agree;
    lines.push(
      `${point.label}: ${byMedian.join(' > ')} by median; per repetition: ${perRep.map((r) => r.join(' > ')).join('; ')} — ${agree ? 'every repetition ranks the same' : 'the repetitions DISAGREE'}`,
    );
    lines.push(
      `${point.label}, in tiers (≈: their repetitions' ranges overlap, so these runs cannot order them): ${tiersText(rankTiers(entries, 'higher'))}`,
    );
  }
  return { lines, allAgree };
}

function csvCell(v: string | number | null): string {
  if (v === null) return '';
  const s = typeof v === 'number' ? String(Number(v.toPrecision(8))) : v;
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV row per point and protocol: every metric's median, min and max, plain numbers. */
export function gridCsv(g: GridTableInput): string {
  const cells = gridCells(g);
  const header = [
    'point',
    'slug',
    'protocol',
    'runs',
    'runs_ok',
    ...METRIC_KEYS.flatMap((k) => [`${k}_median`, `${k}_min`, `${k}_max`]),
    'bf_index_bits',
    'cbf_index_bits',
    'fp_bound_percent',
  ];
  const lines = [header.join(',')];
  for (const c of cells)
    lines.push(
      [
        c.point,
        c.slug,
        c.protocol,
        c.runs,
        c.runsOk,
        ...METRIC_KEYS.flatMap((k) => [c.spreads[k].median, c.spreads[k].min, c.spreads[k].max]),
        c.filter?.bf ?? null,
        c.filter?.cbf ?? null,
        boundOf(c, g.migrationThreads),
      ]
        .map(csvCell)
        .join(','),
    );
  return `${lines.join('\n')}\n`;
}

/** The units of the metrics, for the markdown's legend. */
export function metricLegend(): string[] {
  return METRIC_KEYS.map(
    (k) => `- ${SHORT[k]}: ${METRICS[k].title} (${METRICS[k].unit}; ${METRICS[k].better} is better)`,
  );
}
