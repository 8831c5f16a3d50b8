import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { METRIC_KEYS, type Metrics } from '../../../cluster/grid-metrics.js';
import { spreadOf } from '../../../cluster/grid-stats.js';
import { type GridReport, writeGridReport } from '../../../cluster/report/grid-report.js';
import { gridCsv, gridTableRows, rankingLines, spreadText } from '../../../cluster/report/grid-table.js';

const dir = mkdtempSync(join(tmpdir(), 'p4ts-grid-table-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function metrics(ops: number): Metrics {
  const m = Object.fromEntries(METRIC_KEYS.map((k) => [k, 1])) as Metrics;
  return { ...m, opsDuring: ops, filterFpPercent: null };
}

/** Two points, three protocols, three repetitions with the given throughputs. */
function grid(ops: Record<string, Record<string, number[]>>): GridReport {
  const points = Object.keys(ops);
  const protocols = Object.keys(ops[points[0] as string] as object);
  return {
    axis: 'capacity',
    points: points.map((p) => ({ label: p, slug: p })),
    protocols,
    repeat: 3,
    migrationThreads: 4,
    baseSeed: 7,
    samples: points.flatMap((point) =>
      protocols.flatMap((protocol) =>
        (ops[point]?.[protocol] ?? []).map((v, repetition) => ({
          point,
          slug: point,
          protocol,
          repetition,
          seed: 7 + repetition,
          out: join(dir, point, protocol),
          ok: !(point === 'p40' && protocol === 'fulva' && repetition === 2),
          groupCount: 16,
          metrics: metrics(v),
        })),
      ),
    ),
  };
}

const g = grid({
  p100: { netmigrate: [100, 110, 120], source: [115, 125, 130], fulva: [50, 60, 55] },
  p40: { netmigrate: [90, 95, 100], source: [40, 45, 42], fulva: [60, 96, 70] },
});

describe('the grid summary table', () => {
  it('gives each cell as median [lowest–highest]', () => {
    assert.equal(
      spreadText(spreadOf([3000, 1000, 2000]), (v) => String(v)),
      '2000 [1000–3000]',
    );
    assert.equal(
      spreadText(spreadOf([5]), (v) => String(v)),
      '5',
    );
    assert.equal(
      spreadText(spreadOf([]), (v) => String(v)),
      '–',
    );
  });

  it('says when a difference from NetMigrate is within the repetitions’ spread and when it is not', () => {
    const rows = gridTableRows(g);
    const row = (point: string, protocol: string) => rows.find((r) => r[0] === point && r[1] === protocol) ?? [];
    assert.equal(row('p100', 'netmigrate')[4], 'reference');
    assert.equal(row('p100', 'source')[4], '+13.6 % (within-spread)');
    assert.equal(row('p100', 'fulva')[4], '−50.0 % (separate)');
    assert.equal(row('p40', 'fulva')[4], '−26.3 % (within-spread)');
    assert.equal(row('p40', 'fulva')[2], '2/3');
  });

  it('a protocol not run at a point (a smoke grid) has no row there', () => {
    const smoke = grid({ p100: { netmigrate: [100], source: [] }, p40: { netmigrate: [], source: [40] } });
    const rows = gridTableRows(smoke)
      .slice(1)
      .map((r) => `${r[0]} ${r[1]}`);
    assert.deepEqual(rows, ['p100 netmigrate', 'p40 source']);
  });

  it('ranks every repetition and says whether they agree', () => {
    const r = rankingLines(g);
    assert.equal(r.allAgree, false);
    assert.match(
      r.lines[0] ?? '',
      /^p100: source > netmigrate > fulva by median; .* — every repetition ranks the same$/,
    );
    assert.match(r.lines.find((l) => l.startsWith('p40:')) ?? '', /the repetitions DISAGREE/);
    // Tiers: ranges overlap for source/netmigrate at p100 (115–130 and 100–120), not for fulva.
    assert.match(r.lines[1] ?? '', /^p100, in tiers .*: source ≈ netmigrate > fulva$/);
    assert.match(r.lines.find((l) => l.startsWith('p40, in tiers')) ?? '', /: netmigrate ≈ fulva > source$/);
    const single = rankingLines({ ...g, repeat: 1, samples: g.samples.filter((s) => s.repetition === 0) });
    assert.match(single.lines[0] ?? '', /one repetition: nothing to check the ranking against/);
  });

  it('writes the table, the CSV, the JSON and one plot per metric with values', async () => {
    const w = await writeGridReport(dir, g);
    assert.ok(w.ok);
    const csv = readFileSync(join(dir, 'grid.csv'), 'utf8').trim().split('\n');
    assert.equal(csv.length, 1 + 6);
    assert.match(csv[0] ?? '', /^point,slug,protocol,runs,runs_ok,opsDuring_median,opsDuring_min,opsDuring_max,/);
    assert.match(csv[1] ?? '', /^p100,p100,netmigrate,3,3,110,100,120,/);
    assert.equal(gridCsv(g), readFileSync(join(dir, 'grid.csv'), 'utf8'));
    assert.match(readFileSync(join(dir, 'README.md'), 'utf8'), /\| p40 \| fulva \| 2\/3 \| 70 \[60–96\] \|/);
    assert.match(readFileSync(join(dir, 'ops-during.svg'), 'utf8'), /^<svg/);
    // No run had a filter figure: no plot of it.
    assert.equal(w.ok && w.value.files.includes('filter-fp-percent.svg'), false);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'grid.json'), 'utf8')).samples.length, 18);
  });
});
