// A run's results folder (docs/results-format.md): intervals.csv, summary.json, events.json,
// summary.txt, the raw per-client data under clients/, the figures as SVG and report.html.
// A comparison folder holds the side-by-side figures and table of several runs. Folders
// read back into RunViews, so runs made at different times can be compared later.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { err, ok, type Result } from '../../runtime/result.js';
import type { RunResults, RunSummary, RunView } from '../results.js';
import type { ClientRecord } from '../run-record.js';
import type { IntervalRow, Phase } from '../timeline.js';
import { compareBarsSpec, compareLatencySpec, compareThroughputSpec } from './compare-plots.js';
import { INTERVAL_COLUMNS, intervalsToCsv } from './csv.js';
import { type Figure, renderComparisonHtml, renderRunHtml } from './html.js';
import { renderSvg } from './plot-kit.js';
import { latencySpec, throughputSpec } from './run-plots.js';
import { formatComparison, formatRunSummary } from './summary-table.js';

export interface WriteOptions {
  /** Write every operation of every client (clients/client-N.history.jsonl; default true). */
  histories?: boolean;
}

export interface WrittenFolder {
  dir: string;
  /** Paths relative to `dir`. */
  files: string[];
}

function ioError(e: unknown): ReturnType<typeof err<'IO_ERROR'>> {
  return err('IO_ERROR', e instanceof Error ? e.message : String(e));
}

/** JSON with Infinity (an operation that never completed) written as null. */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);
}

function clientJson(c: ClientRecord): string {
  const { history: _history, ...rest } = c.results;
  return toJson({ ...rest, samples: c.samples ?? [] });
}

function historyJsonl(c: ClientRecord): string {
  const lines: string[] = [];
  for (const op of c.results.history)
    lines.push(JSON.stringify({ ...op, response: Number.isFinite(op.response) ? op.response : null }));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

export async function writeRunResults(
  dir: string,
  results: RunResults,
  options: WriteOptions = {},
): Promise<Result<WrittenFolder, 'IO_ERROR'>> {
  try {
    await mkdir(join(dir, 'clients'), { recursive: true });
    const files: Record<string, string> = {
      'intervals.csv': intervalsToCsv(results.timeline.intervals),
      'summary.json': toJson(results.summary),
      'events.json': toJson(results.events),
      'summary.txt': `${formatRunSummary(results.summary)}\n`,
    };
    for (const c of results.record.clients) {
      files[`clients/client-${c.clientId}.json`] = clientJson(c);
      if (options.histories ?? true) files[`clients/client-${c.clientId}.history.jsonl`] = historyJsonl(c);
    }
    const figs: (Figure & { file: string })[] = [
      {
        file: 'throughput.svg',
        caption: 'Throughput per interval, window averages and group progress.',
        svg: await renderSvg(throughputSpec(results)),
      },
      {
        file: 'latency.svg',
        caption: 'Median and p99 latency per interval, all clients merged.',
        svg: await renderSvg(latencySpec(results)),
      },
    ];
    for (const f of figs) files[f.file] = f.svg;
    const names = [...Object.keys(files), 'report.html'];
    files['report.html'] = renderRunHtml(
      results.summary,
      figs,
      names.filter((n) => n !== 'report.html'),
    );
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    return ok({ dir, files: names });
  } catch (e) {
    return ioError(e);
  }
}

/** Side-by-side figures, table and page for several runs (paper Fig. 4–6 shape). */
export async function writeComparison(
  dir: string,
  runs: readonly RunView[],
): Promise<Result<WrittenFolder, 'IO_ERROR'>> {
  try {
    await mkdir(dir, { recursive: true });
    const summaries = runs.map((r) => r.summary);
    const figs: (Figure & { file: string })[] = [
      {
        file: 'compare-throughput.svg',
        caption: 'Throughput over time, one panel per protocol.',
        svg: await renderSvg(compareThroughputSpec(runs)),
      },
      {
        file: 'compare-latency.svg',
        caption: 'p50 and p99 latency over time, one panel per protocol.',
        svg: await renderSvg(compareLatencySpec(runs)),
      },
      {
        file: 'compare-bars.svg',
        caption: 'Migration-window averages and migration times.',
        svg: await renderSvg(compareBarsSpec(runs)),
      },
    ];
    const files: Record<string, string> = {
      'comparison.json': toJson(summaries),
      'comparison.txt': `${formatComparison(summaries)}\n`,
    };
    for (const f of figs) files[f.file] = f.svg;
    files['report.html'] = renderComparisonHtml(summaries, figs);
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    return ok({ dir, files: Object.keys(files) });
  } catch (e) {
    return ioError(e);
  }
}

/** Splits one CSV line (quotes as intervalsToCsv writes them). */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Columns of intervals.csv before the noise columns were added. */
const LEGACY_INTERVAL_COLUMNS = 23;

/** intervals.csv back into rows; an error names the first line that does not fit. */
export function parseIntervalsCsv(text: string): Result<IntervalRow[], 'BAD_CSV'> {
  const lines = text.split('\n').filter((l) => l.length > 0);
  const header = parseCsvLine(lines[0] ?? '');
  const all = INTERVAL_COLUMNS.map(([n]) => n);
  // Folders written before the noise columns (client_gc_ms on) stop at groups_completed.
  const expected = header.length === LEGACY_INTERVAL_COLUMNS ? all.slice(0, LEGACY_INTERVAL_COLUMNS) : all;
  if (header.join(',') !== expected.join(','))
    return err('BAD_CSV', `intervals.csv: unexpected header ${lines[0] ?? '(empty)'}`);
  const rows: IntervalRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const cells = parseCsvLine(lines[i] as string);
    if (cells.length !== expected.length)
      return err('BAD_CSV', `intervals.csv line ${i + 1}: ${cells.length} cells, expected ${expected.length}`);
    const num = (k: number) => (cells[k] === '' ? null : Number(cells[k]));
    const n = (k: number) => num(k) ?? 0;
    rows.push({
      index: n(0),
      startS: n(1),
      endS: n(2),
      phase: cells[3] as Phase,
      ops: n(4),
      opsPerSec: n(5),
      reads: n(6),
      writes: n(7),
      deletes: n(8),
      p50Ms: num(9),
      p99Ms: num(10),
      maxMs: num(11),
      readP50Ms: num(12),
      readP99Ms: num(13),
      writeP50Ms: num(14),
      writeP99Ms: num(15),
      failures: num(16),
      doubleReads: num(17),
      retries: num(18),
      timeouts: num(19),
      retryLater: num(20),
      groupsStarted: n(21),
      groupsCompleted: n(22),
      gcPauseMs: num(23),
      framesPerDatagramOut: num(24),
      framesPerDatagramIn: num(25),
      sourceFramesPerDatagramIn: num(26),
    });
  }
  return ok(rows);
}

/** A run folder read back (summary.json and intervals.csv) for comparisons. */
export async function readRunFolder(dir: string): Promise<Result<RunView, 'IO_ERROR' | 'BAD_CSV' | 'BAD_JSON'>> {
  let summaryText: string;
  let csv: string;
  try {
    summaryText = await readFile(join(dir, 'summary.json'), 'utf8');
    csv = await readFile(join(dir, 'intervals.csv'), 'utf8');
  } catch (e) {
    return ioError(e);
  }
  let summary: RunSummary;
  try {
    summary = JSON.parse(summaryText) as RunSummary;
  } catch (e) {
    return err('BAD_JSON', `${join(dir, 'summary.json')}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const rows = parseIntervalsCsv(csv);
  if (!rows.ok) return rows;
  const first = rows.value[0];
  const intervalMs = first === undefined ? 1000 : Math.round((first.endS - first.startS) * 1000);
  const groupProgress = rows.value.map((r) => ({ tS: r.endS, started: r.groupsStarted, completed: r.groupsCompleted }));
  return ok({ summary, timeline: { intervals: rows.value, intervalMs, groupProgress } });
}
