// A grid's results folder: grid.json (every run's figures), README.md and grid.txt (the summary
// table with medians, spreads and the throughput rankings), grid.csv (plain numbers), and one
// SVG per metric (docs/reproducing-the-paper.md shows how to read them).

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { err, ok, type Result } from '../../runtime/result.js';
import { falsePositiveBound } from '../grid-axes.js';
import { METRIC_KEYS, METRICS } from '../grid-metrics.js';
import { alignTable } from './format.js';
import { gridMetricSpec } from './grid-plots.js';
import {
  type GridTableInput,
  gridCells,
  gridCsv,
  gridTableRows,
  markdownTable,
  metricLegend,
  rankingLines,
} from './grid-table.js';
import { renderSvg } from './plot-kit.js';

/** "seeds 1..3", or "seed 1 in every repetition" for `--same-seed`. */
function seedsText(g: GridReport): string {
  return g.sameSeed === true
    ? `seed ${g.baseSeed} in every repetition`
    : `seeds ${g.baseSeed}..${g.baseSeed + g.repeat - 1}`;
}

export interface GridReport extends GridTableInput {
  baseSeed: number;
  /** Every repetition ran with baseSeed (`--same-seed`). */
  sameSeed?: boolean;
  capacityBaselineOpsPerSec?: number;
  samples: (GridTableInput['samples'][number] & { point: string; seed: number; out: string })[];
}

const AXIS_TITLES: Record<string, string> = {
  'write-ratio': 'write ratio',
  capacity: "source's capacity (share of the baseline)",
  records: 'records loaded',
  'filter-size': 'filter sizes (Bloom filter bits per group, counting filter bytes)',
  compare: 'runs',
};

export function metricFile(key: string): string {
  return `${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}.svg`;
}

/** The text printed at the end of a grid and kept as grid.txt. */
export function gridText(g: GridReport): string {
  const table = alignTable(gridTableRows(g), ['left', 'left']);
  const ranking = rankingLines(g);
  const notes = [
    `${g.repeat} repetition(s) per point, ${seedsText(g)}; cells: median [lowest–highest repetition].`,
    ...(g.capacityBaselineOpsPerSec === undefined
      ? []
      : [
          `capacity baseline: ${g.capacityBaselineOpsPerSec} requests/s (measured once, every protocol capped at a share of it)`,
        ]),
  ];
  return [table, '', ...notes, ...(ranking.lines.length > 0 ? ['', 'throughput ranking:', ...ranking.lines] : [])].join(
    '\n',
  );
}

export function gridMarkdown(g: GridReport): string {
  const ranking = rankingLines(g);
  return [
    `# netmigrate grid: ${g.axis}`,
    '',
    `${g.repeat} repetition(s) per point (${seedsText(g)}). Each cell: the median over the repetitions, in brackets the lowest and highest. "within spread": the two rows' ranges overlap, so the repetitions do not separate them; "separate": they do not overlap.`,
    ...(g.capacityBaselineOpsPerSec === undefined
      ? []
      : [
          '',
          `Capacity baseline: ${g.capacityBaselineOpsPerSec} requests/s, the uncapped source's rate before the migration, measured once and used by every protocol.`,
        ]),
    '',
    markdownTable(gridTableRows(g)),
    '',
    ...(ranking.lines.length > 0
      ? ['## Throughput ranking during migration', '', ...ranking.lines.map((l) => `- ${l}`), '']
      : []),
    '## Columns',
    '',
    ...metricLegend(),
    '',
  ].join('\n');
}

export async function writeGridReport(
  dir: string,
  g: GridReport,
): Promise<Result<{ files: string[]; tableText: string }, 'IO_ERROR'>> {
  try {
    await mkdir(dir, { recursive: true });
    const cells = gridCells(g);
    const files: Record<string, string> = {
      'grid.json': `${JSON.stringify(g, null, 2)}\n`,
      'README.md': gridMarkdown(g),
      'grid.csv': gridCsv(g),
    };
    const tableText = gridText(g);
    files['grid.txt'] = `${tableText}\n`;
    const bound: Record<string, number | null> = {};
    for (const c of cells)
      if (c.filter !== undefined && c.groupCount !== null)
        bound[c.point] = 100 * falsePositiveBound(c.filter, c.groupCount, g.migrationThreads);
    for (const key of METRIC_KEYS) {
      if (cells.every((c) => c.spreads[key].n === 0)) continue;
      const spec = gridMetricSpec({
        axisTitle: AXIS_TITLES[g.axis] ?? g.axis,
        pointLabels: g.points.map((p) => p.label),
        protocols: g.protocols,
        cells,
        metric: METRICS[key],
        ...(key === 'filterFpPercent' && Object.keys(bound).length > 0 ? { bound } : {}),
      });
      files[metricFile(key)] = await renderSvg(spec);
    }
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    return ok({ files: Object.keys(files), tableText });
  } catch (e) {
    return err('IO_ERROR', `cannot write the grid's results to ${dir}: ${(e as Error).message}`);
  }
}
