import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Impairment, type ImpairmentClock, type ImpairmentConfig } from '../../../runtime/ports/impairment.js';
import { formatImpairment, parseImpairOptions, parseImpairSpec } from '../../../runtime/ports/impairment-spec.js';
import { PortImpairments } from '../../../runtime/ports/port-impairments.js';

/** A clock stepped by hand: timers fire when `advance` passes their due time. */
class ManualClock implements ImpairmentClock {
  t = 0;
  private timers = new Map<number, { due: number; fn: () => void }>();
  private next = 1;
  now = () => this.t;
  setTimer = (fn: () => void, ms: number) => {
    const id = this.next++;
    this.timers.set(id, { due: this.t + ms, fn });
    return id;
  };
  clearTimer = (h: unknown) => {
    this.timers.delete(h as number);
  };
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let first: [number, { due: number; fn: () => void }] | undefined;
      for (const e of this.timers) if (e[1].due <= end && (first === undefined || e[1].due < first[1].due)) first = e;
      if (first === undefined) break;
      this.timers.delete(first[0]);
      this.t = Math.max(this.t, first[1].due);
      first[1].fn();
    }
    this.t = end;
  }
  get pending(): number {
    return this.timers.size;
  }
}

const frame = (i: number, len = 100) => {
  const f = new Uint8Array(len);
  new DataView(f.buffer).setUint32(0, i);
  return f;
};
const idOf = (f: Uint8Array) => new DataView(f.buffer, f.byteOffset).getUint32(0);

/** Sends `n` frames 0.1 ms apart through `cfg`, runs the clock out, returns what came out in order. */
function run(cfg: ImpairmentConfig, seed: number, n: number) {
  const clock = new ManualClock();
  const out: number[] = [];
  const imp = new Impairment(cfg, seed, (f) => out.push(idOf(f)), clock);
  for (let i = 0; i < n; i++) {
    imp.pass(frame(i));
    clock.advance(0.1);
  }
  clock.advance(10_000);
  return { out, counters: { ...imp.counters }, clock };
}

const configArb = fc.record(
  {
    drop: fc.double({ min: 0, max: 1, noNaN: true }),
    dup: fc.double({ min: 0, max: 1, noNaN: true }),
    reorderMs: fc.double({ min: 0, max: 5, noNaN: true }),
    delayMs: fc.double({ min: 0, max: 5, noNaN: true }),
    jitterMs: fc.double({ min: 0, max: 5, noNaN: true }),
    rateBps: fc.integer({ min: 100_000, max: 100_000_000 }),
    flap: fc.record({ upMs: fc.integer({ min: 1, max: 20 }), downMs: fc.integer({ min: 1, max: 20 }) }),
    queueFrames: fc.integer({ min: 1, max: 50 }),
  },
  { requiredKeys: [] },
);

describe('impairment', () => {
  test('counts add up: delivered = seen - lost + duplicated, nothing left held', () => {
    fc.assert(
      fc.property(
        configArb,
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 0, max: 300 }),
        (cfg, seed, n) => {
          const { out, counters: c, clock } = run(cfg, seed, n);
          assert.equal(c.seen, n);
          assert.equal(c.delivered, out.length);
          assert.equal(c.queued, 0);
          assert.equal(c.delivered, c.seen - c.dropped - c.flapDropped - c.queueDropped + c.duplicated);
          assert.ok(c.delayed <= c.delivered + c.queueDropped);
          assert.equal(clock.pending, 0, 'no timer left behind');
          // Every frame that came out went in, at most twice.
          const times = new Map<number, number>();
          for (const id of out) times.set(id, (times.get(id) ?? 0) + 1);
          for (const [id, k] of times) assert.ok(id < n && k <= 2);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('the same seed makes the same decisions; another seed makes others', () => {
    fc.assert(
      fc.property(configArb, fc.integer({ min: 0, max: 2 ** 32 - 1 }), (cfg, seed) => {
        const a = run(cfg, seed, 200);
        const b = run(cfg, seed, 200);
        assert.deepEqual(a.out, b.out);
        assert.deepEqual(a.counters, b.counters);
      }),
      { numRuns: 100 },
    );
    const a = run({ drop: 0.5 }, 1, 200);
    const b = run({ drop: 0.5 }, 2, 200);
    assert.notDeepEqual(a.out, b.out);
  });

  test('a drop rate loses about that share, and only frames it counts', () => {
    const { out, counters } = run({ drop: 0.1 }, 7, 10_000);
    assert.equal(out.length, 10_000 - counters.dropped);
    assert.ok(counters.dropped > 800 && counters.dropped < 1200, `dropped ${counters.dropped}`);
  });

  test('duplicates follow their original; without reordering the order is kept', () => {
    const { out, counters } = run({ dup: 0.2, delayMs: 1, jitterMs: 2 }, 3, 1000);
    assert.equal(out.length, 1000 + counters.duplicated);
    for (let i = 1; i < out.length; i++) assert.ok((out[i] as number) >= (out[i - 1] as number), 'in order');
    assert.ok(counters.duplicated > 100);
  });

  test('a reorder window swaps frames, none is lost', () => {
    const { out } = run({ reorderMs: 2 }, 5, 500);
    assert.equal(out.length, 500);
    assert.deepEqual(
      [...out].sort((x, y) => x - y),
      [...Array(500).keys()],
    );
    assert.ok(
      out.some((v, i) => i > 0 && v < (out[i - 1] as number)),
      'some frame overtook another',
    );
  });

  test('a fixed delay holds each frame that long', () => {
    const clock = new ManualClock();
    const got: number[] = [];
    const imp = new Impairment({ delayMs: 5 }, 1, () => got.push(clock.t), clock);
    imp.pass(frame(0));
    clock.advance(4.9);
    assert.equal(got.length, 0);
    clock.advance(0.2);
    assert.equal(got.length, 1);
    assert.ok((got[0] as number) >= 5);
  });

  test('a bandwidth cap spaces frames by their serialization time and drops past the queue', () => {
    const clock = new ManualClock();
    const got: number[] = [];
    // 1000-byte frames at 8 Mbit/s: 1 ms each.
    const imp = new Impairment({ rateBps: 8_000_000, queueFrames: 5 }, 1, () => got.push(clock.t), clock);
    for (let i = 0; i < 10; i++) imp.pass(frame(i, 1000));
    assert.equal(imp.counters.queueDropped, 5);
    clock.advance(100);
    assert.deepEqual(
      got.map((t) => Math.round(t)),
      [1, 2, 3, 4, 5],
    );
  });

  test('a flapping link drops everything while down and counts each outage', () => {
    const clock = new ManualClock();
    let delivered = 0;
    const imp = new Impairment({ flap: { upMs: 10, downMs: 5 } }, 1, () => delivered++, clock);
    for (let i = 0; i < 45; i++) {
      imp.pass(frame(i));
      clock.advance(1);
    }
    // 45 ms = three 15 ms cycles: 10 up, 5 down each.
    assert.equal(delivered, 30);
    assert.equal(imp.counters.flapDropped, 15);
    assert.equal(imp.counters.linkDowns, 3);
  });

  test('replacing an impairment hands on what it held; the log keeps both', () => {
    const clock = new ManualClock();
    const sent: number[] = [];
    const set = new PortImpairments(
      () => {},
      (_p, f) => sent.push(idOf(f)),
      clock,
    );
    set.set([1], 'out', { delayMs: 50 });
    set.outbound[1]?.pass(frame(1));
    set.outbound[1]?.pass(frame(2));
    set.set([1], 'out', { drop: 1 });
    assert.deepEqual(sent, [1, 2]);
    set.outbound[1]?.pass(frame(3));
    const log = set.log();
    assert.equal(log.length, 2);
    assert.equal(log[0]?.counters.delivered, 2);
    assert.ok(log[0]?.clearedAtMs !== undefined);
    assert.equal(log[1]?.counters.dropped, 1);
    assert.deepEqual(set.countersOf(1)?.out?.seen, 3);
    set.set([1], 'both', undefined);
    assert.equal(set.outbound[1], undefined);
    set.close();
  });
});

describe('impairment spec', () => {
  test('every key, units and targets', () => {
    const r = parseImpairSpec(
      '1+source:drop=0.01,dup=0.5%,reorder=2ms,delay=500us,jitter=1,rate=10mbit,flap=200ms/1s,queue=64,dir=out,seed=9',
    );
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.deepEqual(r.value.targets, ['1', 'source']);
    assert.equal(r.value.direction, 'out');
    assert.equal(r.value.seed, 9);
    assert.deepEqual(r.value.config, {
      drop: 0.01,
      dup: 0.005,
      reorderMs: 2,
      delayMs: 0.5,
      jitterMs: 1,
      rateBps: 10_000_000,
      flap: { upMs: 200, downMs: 1000 },
      queueFrames: 64,
    });
    assert.equal(
      formatImpairment(r.value.config),
      'drop=0.01,dup=0.005,reorder=2ms,delay=500us,jitter=1ms,rate=10000kbit,flap=200ms/1000ms,queue=64',
    );
    const again = parseImpairOptions(formatImpairment(r.value.config));
    assert.ok(again.ok);
    assert.deepEqual(again.value.config, r.value.config);
  });

  test('bad specs are refused with the reason', () => {
    for (const [text, why] of [
      ['drop=0.1', /TARGETS/],
      ['all:', /no impairment/],
      ['all:drop=2', /probability/],
      ['all:drop=-0.1', /probability/],
      ['all:dup=x', /probability/],
      ['all:delay=5min', /duration/],
      ['all:rate=10', /bandwidth/],
      ['all:flap=10ms', /UP\/DOWN/],
      ['all:flap=0/10ms', /above 0/],
      ['all:dir=sideways', /in \(host/],
      ['all:loss=0.1', /unknown impairment/],
      ['all:drop=0.1,drop=0.2', /twice/],
      ['all:drop', /key=value/],
      ['a b:drop=0.1', /target/],
      ['all:queue=0', /integer/],
    ] as const) {
      const r = parseImpairSpec(text);
      assert.equal(r.ok, false, text);
      if (!r.ok) assert.match(r.message, why, text);
    }
  });
});
