import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  fnvHash64,
  keyRecord,
  makeValue,
  Prng,
  recordKey,
  ScrambledZipfian,
  SkewedLatest,
  UniformChooser,
  valueTag,
  workloadByName,
  writeTag,
  YCSB_WORKLOADS,
  YcsbWorkload,
  ZipfianGenerator,
  zeta,
} from '../../client/workload/index.js';

function histogram(n: number, draws: number, next: () => number): number[] {
  const h = new Array<number>(n).fill(0);
  for (let i = 0; i < draws; i++) {
    const k = next();
    h[k] = (h[k] ?? 0) + 1;
  }
  return h;
}

describe('seeded PRNG', () => {
  it('the same seed gives the same sequence, another seed another one', () => {
    const a = new Prng(7);
    const b = new Prng(7);
    const c = new Prng(8);
    const sa = Array.from({ length: 10 }, () => a.nextU32());
    assert.deepEqual(
      sa,
      Array.from({ length: 10 }, () => b.nextU32()),
    );
    assert.notDeepEqual(
      sa,
      Array.from({ length: 10 }, () => c.nextU32()),
    );
  });

  it('doubles are in [0, 1) with mean near 1/2', () => {
    const r = new Prng(1);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = r.nextDouble();
      assert.ok(x >= 0 && x < 1);
      sum += x;
    }
    assert.ok(Math.abs(sum / 100_000 - 0.5) < 0.01);
  });
});

describe('record keys', () => {
  it('the key of a record is a bijection: keyRecord inverts recordKey on all 32-bit records', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (r) => {
        assert.equal(keyRecord(recordKey(r)), r);
      }),
      { numRuns: 5000 },
    );
  });

  it('the first million records have a million distinct keys', () => {
    const seen = new Set<number>();
    for (let r = 0; r < 1_000_000; r++) seen.add(recordKey(r));
    assert.equal(seen.size, 1_000_000);
  });

  it('a value names its writer and sequence, and a value of another key is not taken for one of this key', () => {
    const v = makeValue(64, 3, 2 ** 40 + 5, 0xabcdef01);
    assert.equal(valueTag(v, 0xabcdef01), writeTag(3, 2 ** 40 + 5));
    assert.ok(valueTag(v, 0xabcdef02).startsWith('?'));
    assert.ok(valueTag(new Uint8Array(64).fill(0xff), 1).startsWith('?'));
    assert.notDeepEqual(makeValue(64, 3, 6, 1), makeValue(64, 3, 7, 1));
  });
});

describe('zipfian generator', () => {
  it('items are drawn with probability near 1/(i+1)^0.99 / zeta(n): exactly for the two hottest, within 10% per range after', () => {
    // Gray et al.'s generator is exact for items 0 and 1 and a continuous approximation beyond.
    const n = 100;
    const z = new ZipfianGenerator(n);
    const rng = new Prng(42);
    const draws = 400_000;
    const h = histogram(n, draws, () => z.next(rng));
    const zn = zeta(0, n, 0.99);
    const expected = (a: number, b: number) => {
      let s = 0;
      for (let i = a; i < b; i++) s += draws / (i + 1) ** 0.99 / zn;
      return s;
    };
    const got = (a: number, b: number) => h.slice(a, b).reduce((x, y) => x + y, 0);
    for (const [a, b, tolerance] of [
      [0, 1, 0.02],
      [1, 2, 0.03],
      [2, 10, 0.1],
      [10, 50, 0.1],
      [50, 100, 0.1],
    ] as const) {
      const err = Math.abs(got(a, b) - expected(a, b)) / expected(a, b);
      assert.ok(err < tolerance, `items [${a}, ${b}): ${got(a, b)} drawn, ${expected(a, b).toFixed(0)} expected`);
    }
  });

  it('stays within [base, base + items) and grows incrementally like a fresh generator', () => {
    const z = new ZipfianGenerator(10, 0.99, 100);
    const rng = new Prng(1);
    for (let i = 0; i < 10_000; i++) {
      const x = z.next(rng);
      assert.ok(x >= 100 && x < 110);
    }
    const grown = new ZipfianGenerator(10);
    grown.grow(1000);
    const fresh = new ZipfianGenerator(1000);
    const r1 = new Prng(5);
    const r2 = new Prng(5);
    for (let i = 0; i < 1000; i++) assert.equal(grown.next(r1), fresh.next(r2));
  });

  it('FNV-1a 64 of 0 is the hash of eight zero bytes', () => {
    // FNV-1a over 8 zero bytes: h = (h ^ 0) * prime, eight times, from the offset basis.
    let h = 0xcbf29ce484222325n;
    for (let i = 0; i < 8; i++) h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
    const s = BigInt.asIntN(64, h);
    assert.equal(fnvHash64(0), s < 0n ? -s : s);
  });

  it('the scrambled zipfian is skewed (a few items dominate) but its hot items are scattered', () => {
    const n = 10_000;
    const z = new ScrambledZipfian(n);
    const rng = new Prng(3);
    const draws = 200_000;
    const h = histogram(n, draws, () => z.next(rng));
    const sorted = [...h].sort((a, b) => b - a);
    const top10 = sorted.slice(0, 10).reduce((a, b) => a + b, 0);
    assert.ok(top10 / draws > 0.1, `top 10 items took ${(top10 / draws).toFixed(3)} of draws`);
    const hottest = h.indexOf(sorted[0] as number);
    const secondHottest = h.indexOf(sorted[1] as number);
    assert.ok(Math.abs(hottest - secondHottest) > 1, 'the two hottest items are not neighbours');
    assert.ok(h.every((c) => c >= 0) && h.reduce((a, b) => a + b, 0) === draws);
  });

  it('uniform draws are flat (chi-square within bounds)', () => {
    const n = 50;
    const u = new UniformChooser(n);
    const rng = new Prng(9);
    const draws = 100_000;
    const h = histogram(n, draws, () => u.next(rng));
    const e = draws / n;
    const chi = h.reduce((acc, c) => acc + (c - e) ** 2 / e, 0);
    assert.ok(chi < 100, `chi-square ${chi.toFixed(1)} with 49 degrees of freedom`);
  });

  it('"latest" favours the newest records', () => {
    let count = 1000;
    const l = new SkewedLatest(() => count);
    const rng = new Prng(2);
    const h = histogram(1000, 50_000, () => l.next(rng));
    assert.ok((h[999] as number) > (h[0] as number) * 20);
    count = 2000;
    let sawNew = false;
    for (let i = 0; i < 1000; i++) if (l.next(rng) >= 1000) sawNew = true;
    assert.ok(sawNew, 'records added after construction are drawn');
  });
});

describe('YCSB workloads', () => {
  it('operation mixes follow the workload proportions', () => {
    const cases: [keyof typeof YCSB_WORKLOADS, Record<string, number>][] = [
      ['A', { read: 0.5, update: 0.5 }],
      ['B', { read: 0.95, update: 0.05 }],
      ['C', { read: 1 }],
      ['D', { read: 0.95, insert: 0.05 }],
      ['E', { scan: 0.95, insert: 0.05 }],
      ['F', { read: 0.5, rmw: 0.5 }],
    ];
    for (const [name, mix] of cases) {
      const w = new YcsbWorkload({ spec: YCSB_WORKLOADS[name], recordCount: 1000, seed: 1 });
      const counts: Record<string, number> = {};
      const n = 20_000;
      for (let i = 0; i < n; i++) {
        const op = w.nextOperation();
        counts[op.kind] = (counts[op.kind] ?? 0) + 1;
        if (op.kind !== 'insert') assert.ok(op.record >= 0 && op.record < 1000, `${name}: record ${op.record}`);
        if (op.kind === 'scan') assert.ok(op.length >= 1 && op.length <= 4);
      }
      assert.deepEqual(Object.keys(counts).sort(), Object.keys(mix).sort(), name);
      for (const [kind, p] of Object.entries(mix))
        assert.ok(Math.abs((counts[kind] as number) / n - p) < 0.02, `${name} ${kind}`);
    }
  });

  it('write-ratio workloads w0..w30 and the names A-F resolve', () => {
    for (const pct of [0, 5, 10, 20, 30]) {
      const spec = workloadByName(`w${pct}`);
      assert.equal(spec?.updateProportion, pct / 100);
      assert.equal(spec?.requestDistribution, 'zipfian');
    }
    assert.equal(workloadByName('b')?.name, 'B');
    assert.equal(workloadByName('nope'), undefined);
  });

  it('workload M is half scans, half multi-key updates, each of 1 to 4 consecutive records', () => {
    const spec = workloadByName('m');
    assert.equal(spec?.name, 'M');
    const w = new YcsbWorkload({ spec: spec as NonNullable<typeof spec>, recordCount: 1000, seed: 2 });
    const kinds = new Map<string, number>();
    const lengths = new Set<number>();
    for (let i = 0; i < 4000; i++) {
      const op = w.nextOperation();
      kinds.set(op.kind, (kinds.get(op.kind) ?? 0) + 1);
      if (op.kind === 'scan' || op.kind === 'multiUpdate') lengths.add(op.length);
    }
    assert.deepEqual([...kinds.keys()].sort(), ['multiUpdate', 'scan']);
    assert.ok(Math.abs((kinds.get('scan') ?? 0) / 4000 - 0.5) < 0.05);
    assert.deepEqual([...lengths].sort(), [1, 2, 3, 4]);
  });

  it('inserts take fresh records from insertStart, and "latest" reads them once acknowledged', () => {
    const w = new YcsbWorkload({ spec: YCSB_WORKLOADS.D, recordCount: 100, seed: 4, insertStart: 5000 });
    const inserted: number[] = [];
    for (let i = 0; i < 4000 && inserted.length < 50; i++) {
      const op = w.nextOperation();
      if (op.kind === 'insert') {
        assert.equal(op.record, 5000 + inserted.length);
        inserted.push(op.record);
        w.acknowledgeInsert(op.record);
      }
    }
    let readNew = 0;
    for (let i = 0; i < 2000; i++) {
      const op = w.nextOperation();
      if (op.kind === 'read') {
        assert.ok(op.record < 100 || (op.record >= 5000 && op.record < 5000 + inserted.length), `record ${op.record}`);
        if (op.record >= 5000) readNew++;
      }
    }
    assert.ok(readNew > 100, `${readNew} reads of inserted records`);
  });

  it('the same seed gives the same operations', () => {
    const a = new YcsbWorkload({ spec: YCSB_WORKLOADS.A, recordCount: 1000, seed: 11 });
    const b = new YcsbWorkload({ spec: YCSB_WORKLOADS.A, recordCount: 1000, seed: 11 });
    for (let i = 0; i < 100; i++) assert.deepEqual(a.nextOperation(), b.nextOperation());
  });
});

describe('client command-line options', () => {
  it('text options become client options', async () => {
    const { parseClientArgs } = await import('../../client/cli-options.js');
    const r = parseClientArgs({
      clientId: '3',
      mac: '02:00:00:00:01:03',
      ip: '10.0.1.3',
      switch: '127.0.0.1:9001',
      serverMac: '02:00:00:00:00:10',
      serverIp: '10.0.0.16',
      dbPort: '6380',
      workload: 'w20',
      records: '1000',
      durationMs: '5000',
      rate: '2000',
      load: false,
    });
    assert.ok(r.ok, r.ok ? '' : r.errors.join('; '));
    assert.equal(r.value.clientId, 3);
    assert.deepEqual(r.value.server, { mac: 0x020000000010, ip: 0x0a000010, dbPort: 6380 });
    assert.equal(r.value.load, false);
    assert.deepEqual(r.value.run, { operations: undefined, durationMs: 5000, targetOpsPerSec: 2000, window: 16 });
  });

  it('every bad option is reported, none throws', async () => {
    const { parseClientArgs } = await import('../../client/cli-options.js');
    const r = parseClientArgs({
      mac: 'x',
      ip: 'y',
      serverMac: 'z',
      serverIp: '1.2.3',
      dbPort: '-1',
      workload: 'G',
      records: 'many',
    });
    assert.ok(!r.ok);
    assert.equal(r.errors.length, 7);
  });
});
