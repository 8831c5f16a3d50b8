import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { intervalsToCsv } from '../../../cluster/report/csv.js';
import { alignTable, fmtPercent } from '../../../cluster/report/format.js';
import {
  parseCsvLine,
  parseIntervalsCsv,
  readRunFolder,
  writeComparison,
  writeRunResults,
} from '../../../cluster/report/results-folder.js';
import { formatComparison, formatRunSummary } from '../../../cluster/report/summary-table.js';
import { type RunResults, summarizeRun } from '../../../cluster/results.js';
import type { IntervalRow } from '../../../cluster/timeline.js';
import { type SyntheticShape, syntheticRun } from '../fixtures/synthetic-run.js';

const dir = mkdtempSync(join(tmpdir(), 'p4ts-report-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const shape: SyntheticShape = {
  protocol: 'netmigrate',
  seconds: 12,
  migrationStartS: 3,
  migrationEndS: 8,
  groups: 8,
  clients: 2,
  rate: { before: 300, during: 400, after: 300 },
  medianMs: { before: 0.5, during: 0.4, after: 0.5 },
  outage: { atS: 5, ms: 120 },
};

/** Well-formed XML: every tag closed in order, attributes quoted, one root element. */
function assertWellFormedXml(text: string): void {
  const body = text.replace(/^<\?xml[^>]*\?>\s*/, '');
  const stack: string[] = [];
  let roots = 0;
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<!--[\s\S]*?-->|<|>/g;
  for (let m = tag.exec(body); m !== null; m = tag.exec(body)) {
    if (m[0].startsWith('<!--')) continue;
    assert.ok(m[2] !== undefined, `stray ${m[0]} at ${m.index}: ${body.slice(m.index, m.index + 60)}`);
    if (m[1] === '/') assert.equal(stack.pop(), m[2], `mismatched </${m[2]}> at ${m.index}`);
    else if (m[4] !== '/') {
      if (stack.length === 0) roots++;
      stack.push(m[2]);
    } else if (stack.length === 0) roots++;
  }
  assert.deepEqual(stack, []);
  assert.equal(roots, 1);
}

describe('results folder of one run', () => {
  let results: RunResults;
  let files: string[];
  const out = join(dir, 'run');

  before(async () => {
    results = summarizeRun(syntheticRun(shape));
    const w = await writeRunResults(out, results);
    assert.ok(w.ok, w.ok ? '' : w.message);
    files = w.value.files;
  });

  it('writes every file the format names', () => {
    for (const f of [
      'intervals.csv',
      'summary.json',
      'events.json',
      'summary.txt',
      'throughput.svg',
      'latency.svg',
      'report.html',
    ])
      assert.ok(files.includes(f), f);
    assert.ok(files.includes('clients/client-0.json'));
    assert.ok(files.includes('clients/client-1.history.jsonl'));
  });

  it('intervals.csv parses back to the timeline rows', () => {
    const back = parseIntervalsCsv(readFileSync(join(out, 'intervals.csv'), 'utf8'));
    assert.ok(back.ok, back.ok ? '' : back.message);
    const rows = results.timeline.intervals;
    assert.equal(back.value.length, rows.length);
    for (const [i, row] of rows.entries()) {
      const b: IntervalRow | undefined = back.value[i];
      assert.equal(b?.ops, row.ops);
      assert.equal(b?.phase, row.phase);
      assert.equal(b?.groupsCompleted, row.groupsCompleted);
      assert.equal(b?.doubleReads, row.doubleReads);
      if (row.p99Ms === null) assert.equal(b?.p99Ms, null);
      else assert.ok(Math.abs((b?.p99Ms as number) - row.p99Ms) < 1e-3);
    }
  });

  it('summary.json and events.json are JSON that round-trips the summary and every event', () => {
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    assert.deepEqual(summary, JSON.parse(JSON.stringify(results.summary)));
    const events = JSON.parse(readFileSync(join(out, 'events.json'), 'utf8')) as { kind: string; tS: number }[];
    assert.equal(events.length, results.record.migrationEvents.length);
    assert.equal(events[0]?.kind, 'started');
    assert.equal(events[0]?.tS, 3);
  });

  it('raw client data keeps counters, samples and one history line per operation', () => {
    const c0 = JSON.parse(readFileSync(join(out, 'clients/client-0.json'), 'utf8'));
    assert.equal(c0.clientId, 0);
    assert.ok(Array.isArray(c0.samples) && c0.samples.length > 0);
    assert.equal(c0.history, undefined);
    const lines = readFileSync(join(out, 'clients/client-0.history.jsonl'), 'utf8').trim().split('\n');
    assert.equal(lines.length, results.record.clients[0]?.results.history.length);
    assert.ok(['read', 'write'].includes(JSON.parse(lines[0] as string).kind));
  });

  it('the figures are well-formed SVG with the series they promise', () => {
    const tp = readFileSync(join(out, 'throughput.svg'), 'utf8');
    assertWellFormedXml(tp);
    assert.match(tp, /^<svg/);
    for (const label of [
      'throughput per interval',
      'window average',
      'groups completed',
      'migration',
      'throughput (ops/s)',
      'time since run start (s)',
    ])
      assert.ok(tp.includes(label), label);
    const lat = readFileSync(join(out, 'latency.svg'), 'utf8');
    assertWellFormedXml(lat);
    for (const label of ['>p50<', '>p99<', 'latency (ms, log scale)']) assert.ok(lat.includes(label), label);
    // One line per percentile series; throughput, groups completed and groups in flight.
    assert.equal((lat.match(/class="mark-line role-mark"/g) ?? []).length, 2);
    assert.equal((tp.match(/class="mark-line role-mark"/g) ?? []).length, 3);
  });

  it('report.html is self-contained and holds the summary, the verdict, the figures and the parameters', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.ok(html.includes('NetMigrate: live migration run'));
    assert.ok(html.includes('class="verdict ok"'));
    assert.ok(html.includes('throughput (ops/s)'));
    assert.ok(html.includes('longest time with no completed operation'));
    assert.equal((html.match(/<svg/g) ?? []).length, 2);
    assert.ok(html.includes('<td>workload</td><td>B</td>'));
    assert.ok(!/(src|href)="https?:/.test(html), 'no external resources');
  });

  it('a folder reads back into a view that draws the same figures', async () => {
    const back = await readRunFolder(out);
    assert.ok(back.ok, back.ok ? '' : back.message);
    assert.equal(back.value.summary.label, 'NetMigrate');
    assert.equal(back.value.timeline.intervalMs, 1000);
    assert.equal(back.value.timeline.intervals.length, results.timeline.intervals.length);
  });
});

describe('comparison of protocols', () => {
  it('writes side-by-side figures naming every protocol, and a table with one row each', async () => {
    const runs = (['netmigrate', 'source-based', 'rocksteady', 'fulva'] as const).map((protocol, i) =>
      summarizeRun(syntheticRun({ ...shape, protocol, seed: i + 1, rate: { ...shape.rate, during: 100 + 100 * i } })),
    );
    const w = await writeComparison(join(dir, 'compare'), runs);
    assert.ok(w.ok, w.ok ? '' : w.message);
    for (const f of ['compare-throughput.svg', 'compare-latency.svg', 'compare-bars.svg']) {
      const svg = readFileSync(join(dir, 'compare', f), 'utf8');
      assertWellFormedXml(svg);
      for (const name of ['NetMigrate', 'Source-based', 'Rocksteady', 'Fulva'])
        assert.ok(svg.includes(name), `${f}: ${name}`);
    }
    const table = readFileSync(join(dir, 'compare', 'comparison.txt'), 'utf8')
      .trim()
      .split('\n');
    assert.equal(table.length, 2 + 4);
    assert.match(table[2] as string, /^NetMigrate\s/);
    const html = readFileSync(join(dir, 'compare', 'report.html'), 'utf8');
    assert.equal((html.match(/<svg/g) ?? []).length, 3);
    assert.ok(formatComparison(runs.map((r) => r.summary)).includes('Rocksteady'));
  });
});

describe('text formats', () => {
  it('CSV cells with commas or quotes are quoted and parse back', () => {
    assert.deepEqual(parseCsvLine('a,"b,c","d ""e"""'), ['a', 'b,c', 'd "e"']);
    const csv = intervalsToCsv([]);
    assert.equal(csv.split('\n')[0]?.split(',')[0], 'interval');
  });

  it('a CSV with another header is rejected with a message, not a throw', () => {
    const r = parseIntervalsCsv('time,ops\n1,2\n');
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.message, /unexpected header/);
  });

  it('the terminal table aligns every column (header, rule and rows have the same width)', () => {
    const text = alignTable(
      [
        ['', 'before', 'during'],
        ['throughput (ops/s)', '1.0 k', '12.5 k'],
        ['p99 (ms)', '0.500', '120.0'],
      ],
      ['left'],
    );
    const widths = text.split('\n').map((l) => [...l].length);
    assert.equal(new Set(widths).size, 1, text);
  });

  it('the run summary names windows, units, migration time, gap, traffic and verdict', () => {
    const s = formatRunSummary(summarizeRun(syntheticRun(shape)).summary);
    for (const part of [
      'before',
      'during',
      'after',
      'throughput (ops/s)',
      'latency p99 (ms)',
      'migration: 5.00 s',
      'longest time with no completed operation: 12',
      'client-side extra',
      'verdict: OK',
    ])
      assert.ok(s.includes(part), part);
  });

  it('percentages stay readable down to the paper’s 10⁻⁵ %', () => {
    assert.equal(fmtPercent(0), '0 %');
    assert.equal(fmtPercent(36.94), '36.9 %');
    assert.equal(fmtPercent(0.025), '0.025 %');
    assert.equal(fmtPercent(3.11e-5), '3.11e-5 %');
  });
});
