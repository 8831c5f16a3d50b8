// The packet generator model on its own (runtime/arch/tna-pktgen.ts): the header per trigger
// and generation, timer apps against a clock moved by hand, gaps, port-down latching and masks,
// recirculation patterns, the budget, and bad configurations refused with nothing changed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_APP, PacketGenerator, type PktgenAppConfig } from '../../../runtime/arch/tna-pktgen.js';
import { writePktgenHeader } from '../../../runtime/arch/tna-pktgen-header.js';

interface Made {
  port: number;
  at: number;
  frame: Uint8Array;
}

function rig(generation: 1 | 2 = 1) {
  const clock = { now: 0 };
  const g = new PacketGenerator(generation, () => clock.now);
  const made: Made[] = [];
  const advance = (to: number, budget?: number) => {
    clock.now = to;
    return g.advance((port, frame, at) => made.push({ port, frame, at }), budget);
  };
  return { g, clock, made, advance };
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const ids = (m: Made[]) => m.map((x) => [x.frame[2]! * 256 + x.frame[3]!, x.frame[4]! * 256 + x.frame[5]!]);

function app(over: Partial<PktgenAppConfig>): PktgenAppConfig {
  return { ...DEFAULT_APP, packetLength: 4, enabled: true, ...over };
}

describe('the generator header', () => {
  const h = (f: Parameters<typeof writePktgenHeader>[2]) => {
    const b = new Uint8Array(6);
    writePktgenHeader(b, 0, f);
    return hex(b);
  };
  const base = { generation: 1 as const, pipe: 2, app: 5, batch: 0x1234, packet: 0xabcd, key: 0 };
  test('Tofino 1: pad 3, pipe 2, app 3 bits, then per trigger', () => {
    assert.equal(h({ ...base, trigger: 'timer_one_shot' }), '15001234abcd');
    assert.equal(h({ ...base, trigger: 'port_down', key: 0x1c4 }), '150001c4abcd');
    assert.equal(h({ ...base, trigger: 'recirc_pattern', key: 0xff00abcd }), '1500abcdabcd');
  });
  test('Tofino 2: pad 2, pipe 2, app 4 bits; recirculation carries the batch id', () => {
    assert.equal(h({ ...base, generation: 2, app: 13, trigger: 'timer_periodic' }), '2d001234abcd');
    assert.equal(h({ ...base, generation: 2, app: 13, trigger: 'recirc_pattern', key: 0xabcd }), '2d001234abcd');
  });
});

describe('timer apps', () => {
  test('a one-shot timer triggers once, timerNs after enabling, on the pipe generator port', () => {
    const { g, made, advance } = rig();
    g.writeBuffer(16, Uint8Array.of(1, 2, 3, 4), undefined);
    assert.ok(g.configurePort(128 + 68, { generate: true }).ok);
    assert.ok(g.configure(3, 1, app({ timerNs: 500, bufferOffset: 16, batches: 2, packetsPerBatch: 2 })).ok);
    advance(499);
    assert.equal(made.length, 0);
    advance(500);
    assert.deepEqual(
      made.map((m) => [m.port, m.at, hex(m.frame)]),
      [
        [196, 500, '0b000000000001020304'],
        [196, 500, '0b000000000101020304'],
        [196, 500, '0b000001000001020304'],
        [196, 500, '0b000001000101020304'],
      ],
    );
    advance(1_000_000);
    assert.equal(made.length, 4);
    const r = g.app(3, undefined);
    assert.ok(r.ok);
    assert.deepEqual(r.value.counters, { triggers: 1, batches: 2, packets: 4 });
  });

  test('a periodic timer triggers every period until disabled', () => {
    const { g, made, advance, clock } = rig();
    g.configurePort(68, { generate: true });
    g.configure(0, 0, app({ trigger: 'timer_periodic', timerNs: 100 }));
    advance(450);
    assert.deepEqual(
      made.map((m) => m.at),
      [100, 200, 300, 400],
    );
    clock.now = 460;
    g.configure(0, 0, app({ trigger: 'timer_periodic', timerNs: 100, enabled: false }));
    advance(10_000);
    assert.equal(made.length, 4);
  });

  test('no generator port enabled: no trigger is counted, no packet made', () => {
    const { g, made, advance } = rig();
    g.configure(1, undefined, app({ trigger: 'timer_periodic', timerNs: 1 }));
    assert.equal(advance(1e9), true);
    assert.equal(made.length, 0);
    const r = g.app(1, undefined);
    assert.ok(r.ok && r.value.counters.triggers === 0);
  });

  test('disabling stops an app mid-batch', () => {
    const { g, made, advance, clock } = rig();
    g.configurePort(68, { generate: true });
    g.configure(0, 0, app({ timerNs: 0, packetsPerBatch: 10, ipgNs: 10 }));
    advance(35);
    assert.equal(made.length, 4);
    clock.now = 36;
    g.configure(0, 0, app({ timerNs: 0, packetsPerBatch: 10, ipgNs: 10, enabled: false }));
    advance(1000);
    assert.equal(made.length, 4);
  });

  test('the budget stops a run; the next advance goes on where it stopped', () => {
    const { g, made, advance } = rig();
    g.configurePort(68, { generate: true });
    g.configure(0, 0, app({ packetsPerBatch: 10 }));
    assert.equal(advance(1, 3), false);
    assert.equal(made.length, 3);
    assert.equal(advance(1), true);
    assert.deepEqual(
      ids(made).map(([, p]) => p),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
  });

  test('property: every batch and packet once, in order; time never goes back; stepping does not matter', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<1 | 2>(1, 2),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 30 }),
        (generation, batches, perBatch, ipgNs, ibgNs, steps) => {
          const run = (stepList: number[]) => {
            const r = rig(generation);
            r.g.configurePort(generation === 1 ? 68 : 3, { generate: true });
            r.g.configure(
              1,
              0,
              app({ timerNs: 50, batches, packetsPerBatch: perBatch, ipgNs, ibgNs, channel: generation === 1 ? 0 : 3 }),
            );
            let t = 0;
            for (const s of stepList) {
              t += s;
              r.advance(t);
            }
            r.advance(1e12);
            return r.made;
          };
          const stepped = run(steps);
          const once = run([]);
          assert.deepEqual(
            stepped.map((m) => [m.at, hex(m.frame)]),
            once.map((m) => [m.at, hex(m.frame)]),
          );
          const expected: number[][] = [];
          for (let b = 0; b < batches; b++) for (let p = 0; p < perBatch; p++) expected.push([b, p]);
          assert.deepEqual(ids(once), expected);
          for (let i = 1; i < once.length; i++) assert.ok(once[i]!.at >= once[i - 1]!.at);
          // Packets of a batch are ipg apart; batches at least ibg apart (start to start on Tofino 1).
          for (let b = 0; b < batches; b++)
            for (let p = 1; p < perBatch; p++)
              assert.equal(once[b * perBatch + p]!.at - once[b * perBatch + p - 1]!.at, ipgNs);
          for (let b = 1; b < batches; b++) assert.ok(once[b * perBatch]!.at - once[(b - 1) * perBatch]!.at >= ibgNs);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('port-down apps', () => {
  test('a port triggers once until its state is cleared; its pipe generates', () => {
    const { g, made, advance } = rig();
    g.configurePort(256 + 68, { generate: true });
    g.configure(2, undefined, app({ trigger: 'port_down', packetsPerBatch: 2 }));
    g.setLink(260, false);
    g.setLink(260, true);
    advance(0);
    assert.equal(made.length, 0, 'ports start with their down event seen');
    g.configurePort(260, { clearPortDown: true });
    assert.equal(g.setLink(260, false), true);
    assert.equal(g.setLink(260, false), false, 'already down');
    advance(0);
    assert.deepEqual(
      made.map((m) => [m.port, hex(m.frame.subarray(0, 6))]),
      [
        [324, '120001040000'],
        [324, '120001040001'],
      ],
    );
    g.setLink(260, true);
    g.setLink(260, false);
    advance(0);
    assert.equal(made.length, 2);
  });

  test('Tofino 2: only ports in the app port mask trigger', () => {
    const { g, made, advance } = rig(2);
    g.configurePort(2, { generate: true });
    g.configure(4, 0, app({ trigger: 'port_down', channel: 2, portMaskSelect: 1 }));
    assert.ok(g.setPortMask(1, 1n << 9n, 0).ok);
    for (const p of [8, 9]) {
      g.configurePort(p, { clearPortDown: true });
      g.setLink(p, false);
    }
    advance(0);
    assert.deepEqual(
      made.map((m) => hex(m.frame.subarray(0, 6))),
      ['040000090000'],
    );
  });
});

describe('recirculation-pattern apps', () => {
  test('a matching recirculated packet triggers; Tofino 1 carries the low 24 bits', () => {
    const { g, made, advance } = rig();
    g.configurePort(68, { generate: true, patternMatch: true });
    g.configure(6, 0, app({ trigger: 'recirc_pattern', patternValue: 0xaa000000n, patternMask: 0xff000000n }));
    g.recirculated(68, Uint8Array.of(0xab, 1, 2, 3));
    g.recirculated(68, Uint8Array.of(0xaa, 1, 2, 3, 4));
    advance(0);
    assert.deepEqual(
      made.map((m) => hex(m.frame.subarray(0, 6))),
      ['060102030000'],
    );
  });

  test('no pattern matching on the port: nothing', () => {
    const { g, made, advance } = rig();
    g.configurePort(68, { generate: true });
    g.configure(6, 0, app({ trigger: 'recirc_pattern' }));
    g.recirculated(68, Uint8Array.of(0, 0, 0, 0));
    advance(0);
    assert.equal(made.length, 0);
  });

  test('Tofino 2: the first 16 bytes follow the header as context', () => {
    const { g, made, advance } = rig(2);
    g.configurePort(5, { generate: true, patternMatch: true });
    g.configure(1, 0, app({ trigger: 'recirc_pattern', channel: 5, batches: 2 }));
    const trigger = Uint8Array.from({ length: 20 }, (_, i) => i);
    g.recirculated(5, trigger);
    advance(0);
    assert.equal(made.length, 2);
    assert.equal(hex(made[1]!.frame.subarray(0, 22)), `010000010000${hex(trigger.subarray(0, 16))}`);
  });
});

describe('deparser-triggered apps (Tofino 2)', () => {
  test('a matching context triggers the apps of the packet pipe; the context follows the header', () => {
    const { g, made, advance } = rig(2);
    g.configurePort(384 + 7, { generate: true });
    g.configure(9, 3, app({ trigger: 'deparser', channel: 7, patternValue: 0xabn, patternMask: 0xffn }));
    g.deparserTriggered(385, Uint8Array.of(...new Array(15).fill(0), 0xab));
    g.deparserTriggered(385, Uint8Array.of(...new Array(15).fill(0), 0xac));
    g.deparserTriggered(5, Uint8Array.of(...new Array(15).fill(0), 0xab));
    advance(0);
    assert.deepEqual(
      made.map((m) => [m.port, hex(m.frame.subarray(0, 22))]),
      [[391, `390000000000${'00'.repeat(15)}ab`]],
    );
  });

  test('Tofino 1 has none', () => {
    const { g } = rig(1);
    assert.equal(g.configure(1, 0, app({ trigger: 'deparser' })).ok, false);
  });
});

describe('bad configurations are refused and change nothing', () => {
  const bad: [string, Partial<PktgenAppConfig>][] = [
    ['offset off a line', { bufferOffset: 8 }],
    ['past the buffer', { bufferOffset: 16368, packetLength: 32 }],
    ['no batches', { batches: 0 }],
    ['periodic without a period', { trigger: 'timer_periodic', timerNs: 0 }],
    ['Tofino 1 port down with two batches', { trigger: 'port_down', batches: 2 }],
    ['a 5-byte pattern on Tofino 1', { patternValue: 1n << 32n }],
    ['a channel on Tofino 1', { channel: 3 }],
  ];
  for (const [name, over] of bad)
    test(name, () => {
      const { g } = rig();
      const before = g.app(2, 1);
      const r = g.configure(2, undefined, app(over));
      assert.equal(r.ok, false);
      assert.deepEqual(g.app(2, 1), before);
    });

  test('ports outside the generator port group', () => {
    const { g } = rig();
    assert.equal(g.configurePort(69, { generate: true }).ok, false);
    assert.equal(g.configurePort(5, { patternMatch: true }).ok, false);
    assert.equal(g.configurePort(600, { clearPortDown: true }).ok, false);
    assert.equal(g.port(69).generate, false);
    assert.equal(g.setPortMask(0, 1n, 0).ok, false, 'port masks are Tofino 2 only');
  });
});
