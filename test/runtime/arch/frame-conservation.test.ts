// One rule every engine keeps through the shared bookkeeping (runtime/arch/frame-bookkeeping.ts),
// checked on whole engines with random traffic and random disabled ports: a frame a port
// refuses is not counted at all; every frame admitted (with no copies made) ends exactly once,
// either out of a port or dropped under one reason, and the trace says the same.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { EngineStats } from '../../../runtime/arch/frame-bookkeeping.js';
import { CollectingTraceSink, type TraceEvent } from '../../../runtime/trace/trace-sink.js';
import type { TrafficManager } from '../../../runtime/traffic-manager.js';
import { cleanup, ROOT } from '../../compiler/codegen/helpers.js';
import { type V1Rig, v1modelRig } from '../../compiler/codegen/v1model-rig.js';
import { forward, frame, harness, MAC_A, MAC_B, MAC_C } from './helpers.js';

after(cleanup);

interface Engine {
  readonly stats: EngineStats;
  readonly tm: TrafficManager;
  receive(port: number, frame: Uint8Array): void;
}

const drops = (s: EngineStats) => Object.values(s.drops).reduce((a, b) => a + b, 0);
const count = (events: readonly TraceEvent[], kind: TraceEvent['event']) =>
  events.filter((e) => e.event === kind).length;

/** Sends `frames` with `disabled` ports turned off and checks that every admitted frame ended once. */
function checkConservation(
  engine: Engine,
  trace: CollectingTraceSink,
  disabled: readonly number[],
  frames: readonly { port: number; bytes: Uint8Array }[],
): void {
  const ports = [...new Set(disabled)];
  for (const p of ports) assert.ok(engine.tm.macs.modify(p, { enabled: false }).ok);
  try {
    const s = engine.stats;
    const before = { received: s.received, transmitted: s.transmitted, drops: drops(s), events: trace.events.length };
    let admitted = 0;
    for (const f of frames) {
      engine.receive(f.port, f.bytes);
      if (!ports.includes(f.port)) admitted++;
    }
    assert.equal(s.received - before.received, admitted);
    const ended = s.transmitted - before.transmitted + drops(s) - before.drops;
    assert.equal(ended, admitted, 'each admitted frame leaves once or is dropped once');
    const events = trace.events.slice(before.events);
    assert.equal(count(events, 'packetIn'), admitted);
    assert.equal(count(events, 'packetOut'), s.transmitted - before.transmitted);
    assert.equal(count(events, 'drop'), drops(s) - before.drops);
  } finally {
    for (const p of ports) assert.ok(engine.tm.macs.modify(p, { enabled: true }).ok);
  }
}

describe('every admitted frame ends exactly once', () => {
  test('TNA: forwarded, unknown (no egress port) and disabled ports', () => {
    const trace = new CollectingTraceSink();
    const h = harness({ trace });
    forward(h, MAC_B, 2);
    forward(h, MAC_C, 3);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }),
        fc.array(fc.record({ port: fc.integer({ min: 1, max: 4 }), dst: fc.constantFrom(MAC_A, MAC_B, MAC_C) }), {
          maxLength: 12,
        }),
        (disabled, sends) =>
          checkConservation(
            h.engine,
            trace,
            disabled,
            sends.map((x) => ({ port: x.port, bytes: frame(x.dst, MAC_A, 0x0800) })),
          ),
      ),
    );
  });

  describe('v1model', () => {
    let r: V1Rig;
    let trace: CollectingTraceSink;
    before(async () => {
      trace = new CollectingTraceSink();
      r = await v1modelRig(`${ROOT}/test/compiler/codegen/p4/v1model-basics.p4`, { trace });
    });

    test('forwarded, mark_to_drop, parser errors, failed asserts and disabled ports', () => {
      // hdr.h.a 0xff: the parser rejects; b 1 → port 3, 2 → mark_to_drop, 3 → port 1, 6 → assert(a == 0x42).
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 }),
          fc.array(
            fc.record({
              port: fc.integer({ min: 0, max: 5 }),
              a: fc.constantFrom(0x00, 0x42, 0xff),
              b: fc.constantFrom(1, 2, 3, 6),
            }),
            { maxLength: 12 },
          ),
          (disabled, sends) =>
            checkConservation(
              r.engine,
              trace,
              disabled,
              sends.map((x) => ({ port: x.port, bytes: Uint8Array.from([x.a, x.b, 0, 0, 0, 0, 0, 0, 0xaa]) })),
            ),
        ),
      );
      assert.ok(r.engine.stats.drops.assertion_failed > 0, 'the traffic reached a failed assert');
      assert.ok(r.engine.stats.drops.port_down > 0, 'the traffic reached a port that does not send');
    });
  });
});
