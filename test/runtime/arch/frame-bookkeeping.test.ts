// The per-frame bookkeeping the TNA, v1model and PSA engines share (runtime/arch/frame-bookkeeping.ts),
// over a real traffic manager and its device ports: admission, the re-entry and copy bounds,
// drops counted once under one reason, the leaving frame's port check, the queue's order.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  AssertionFailed,
  type DropReason,
  type EngineStats,
  FrameBookkeeping,
  failAssertion,
  type QueuedPass,
} from '../../../runtime/arch/frame-bookkeeping.js';
import { CollectingTraceSink, type TraceEvent } from '../../../runtime/trace/trace-sink.js';
import { TrafficManager } from '../../../runtime/traffic-manager.js';

interface Item extends QueuedPass {
  readonly n: number;
}

function rig(bounds: { maxReentries?: number; maxCopies?: number } = {}) {
  const tm = new TrafficManager({ frontPanel: new Set([1, 2, 3, 4]), recirculation: new Set([68]), cpu: 64 });
  const trace = new CollectingTraceSink();
  const out: { port: number; frame: Uint8Array }[] = [];
  const book = new FrameBookkeeping<Item>({
    tm,
    trace,
    output: (port, frame) => out.push({ port, frame }),
    ...bounds,
  });
  return { tm, trace, out, book };
}

const FRAME = Uint8Array.from([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x08, 0x00, 1, 2, 3, 4]);

function dropCount(stats: EngineStats): number {
  return Object.values(stats.drops).reduce((a, b) => a + b, 0);
}

function events(trace: CollectingTraceSink, kind: TraceEvent['event']): TraceEvent[] {
  return trace.events.filter((e) => e.event === kind);
}

describe('per-frame bookkeeping: admission', () => {
  test('a frame on a receiving port becomes a new packet, counted and traced', () => {
    const r = rig();
    assert.equal(r.book.admit(1, FRAME), true);
    assert.equal(r.book.admit(2, FRAME), true);
    assert.equal(r.book.stats.received, 2);
    assert.equal(r.book.current.packetId, 2);
    assert.deepEqual(
      events(r.trace, 'packetIn').map((e) => e.pkt),
      [1, 2],
    );
  });

  test('a disabled port receives nothing: no packet id, no count, no trace', () => {
    const r = rig();
    assert.ok(r.tm.macs.modify(3, { enabled: false }).ok);
    assert.equal(r.book.admit(3, FRAME), false);
    assert.equal(r.book.stats.received, 0);
    assert.equal(r.trace.events.length, 0);
    assert.equal(r.book.admit(1, FRAME), true);
    assert.equal(r.book.current.packetId, 1);
  });

  test('a new frame starts with an empty queue, even when a throw left passes behind', () => {
    const r = rig();
    r.book.admit(1, FRAME);
    r.book.push({ ingress: true, n: 1 });
    r.book.push({ ingress: false, n: 2 });
    r.book.admit(1, FRAME);
    assert.equal(r.book.idle, true);
    assert.equal(r.book.take(), undefined);
  });
});

describe('per-frame bookkeeping: the queue of passes', () => {
  test('passes run in the order they were queued, also when queued while others run', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 3 }), { maxLength: 30 }), (children) => {
        // Each taken pass queues `children[i]` more; the order taken is the order pushed.
        const r = rig();
        r.book.admit(1, FRAME);
        let pushed = 0;
        r.book.push({ ingress: true, n: pushed++ });
        const taken: number[] = [];
        for (let w = r.book.take(); w !== undefined; w = r.book.take()) {
          taken.push(w.n);
          for (let k = 0; k < (children[w.n] ?? 0); k++) r.book.push({ ingress: false, n: pushed++ });
        }
        assert.deepEqual(
          taken,
          Array.from({ length: pushed }, (_, i) => i),
        );
        assert.equal(r.book.idle, true);
      }),
    );
  });

  test('a pass counts itself and carries its copy and length', () => {
    const r = rig();
    r.book.admit(1, FRAME);
    const cur = r.book.enterPass(5, 64);
    assert.equal(cur, r.book.current);
    assert.equal(cur.copyId, 5);
    assert.equal(cur.length, 64);
    assert.equal(r.book.stats.passes, 1);
  });
});

describe('per-frame bookkeeping: bounds', () => {
  test('a frame never re-enters more often than the bound; each frame starts with the whole budget', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 20 }),
        fc.array(fc.array(fc.boolean(), { maxLength: 30 }), { minLength: 1, maxLength: 4 }),
        (bound, frames) => {
          const r = rig({ maxReentries: bound });
          let expectedDrops = 0;
          for (const requests of frames) {
            r.book.admit(1, FRAME);
            let accepted = 0;
            for (const resubmit of requests) if (resubmit ? r.book.resubmit() : r.book.recirculate(68)) accepted++;
            assert.equal(accepted, Math.min(bound, requests.length));
            expectedDrops += Math.max(0, requests.length - bound);
          }
          assert.equal(
            r.book.stats.resubmitted + r.book.stats.recirculated,
            frames.reduce((a, f) => a + Math.min(bound, f.length), 0),
          );
          assert.equal(r.book.stats.drops.loop_bound, expectedDrops);
          assert.equal(
            events(r.trace, 'resubmit').length + events(r.trace, 'recirculate').length,
            r.book.stats.resubmitted + r.book.stats.recirculated,
          );
        },
      ),
    );
  });

  test('copies stop at the copy bound; each copy of a frame has its own id from 1 up', () => {
    fc.assert(
      fc.property(fc.nat({ max: 12 }), fc.array(fc.boolean(), { maxLength: 30 }), (bound, mirrors) => {
        const r = rig({ maxCopies: bound });
        r.book.admit(1, FRAME);
        const ids: number[] = [];
        for (const mirror of mirrors) {
          const id = mirror ? r.book.mirrorCopy('ingress', 7) : r.book.replica();
          if (id >= 0) ids.push(id);
        }
        const made = Math.min(bound, mirrors.length);
        assert.deepEqual(
          ids,
          Array.from({ length: made }, (_, i) => i + 1),
        );
        assert.equal(r.book.stats.mirrored + r.book.stats.replicated, made);
        assert.equal(r.book.stats.drops.copy_bound, mirrors.length - made);
        assert.equal(events(r.trace, 'mirror').length, r.book.stats.mirrored);
        // The next frame's copies are numbered from 1 again.
        r.book.admit(1, FRAME);
        if (bound > 0) assert.equal(r.book.replica(), 1);
      }),
    );
  });
});

/** One thing a pass may do that can end in a drop. */
type Step =
  | { op: 'drop'; reason: DropReason; detail: string | undefined }
  | { op: 'send'; port: number }
  | { op: 'resubmit' }
  | { op: 'copy' }
  | { op: 'group'; group: number }
  | { op: 'assert' }
  | { op: 'cloneNotMade' };

const REASONS: readonly DropReason[] = [
  'ingress_parser_error',
  'egress_parser_error',
  'ingress_drop_ctl',
  'egress_drop_ctl',
  'no_egress_port',
  'no_mirror_session',
  'no_multicast_group',
  'loop_bound',
  'copy_bound',
  'register_rule',
  'assertion_failed',
  'port_down',
];

const arbStep: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constant('drop' as const),
    reason: fc.constantFrom(...REASONS),
    detail: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
  }),
  fc.record({ op: fc.constant('send' as const), port: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ op: fc.constant('resubmit' as const) }),
  fc.record({ op: fc.constant('copy' as const) }),
  fc.record({ op: fc.constant('group' as const), group: fc.constantFrom(5, 6) }),
  fc.record({ op: fc.constant('assert' as const) }),
  fc.record({ op: fc.constant('cloneNotMade' as const) }),
);

describe('per-frame bookkeeping: drops', () => {
  test('every drop is counted exactly once, under one reason, with one trace event naming it', () => {
    fc.assert(
      fc.property(fc.array(arbStep, { maxLength: 40 }), (steps) => {
        const r = rig({ maxReentries: 2, maxCopies: 3 });
        // Port 4 does not send; multicast group 5 exists, 6 does not.
        assert.ok(r.tm.macs.modify(4, { enabled: false }).ok);
        assert.ok(r.tm.createMulticastGroup(5, [{ rid: 1, ports: [1, 2] }]).ok);
        r.book.admit(1, FRAME);
        let sent = 0;
        for (const s of steps) {
          const before = { ...r.book.stats.drops };
          const traced = events(r.trace, 'drop').length;
          let counted = true;
          switch (s.op) {
            case 'drop':
              r.book.drop('ingress', s.reason, s.detail);
              break;
            case 'send':
              r.book.send(s.port, FRAME);
              if (s.port !== 4) sent++;
              break;
            case 'resubmit':
              r.book.resubmit();
              break;
            case 'copy':
              r.book.replica();
              break;
            case 'group':
              r.book.groupReplicas(s.group);
              break;
            case 'assert':
              assert.equal(r.book.droppedOnAssertion('egress', new AssertionFailed('assert failed at x')), true);
              break;
            case 'cloneNotMade':
              r.book.traceCopyNotMade('ingress', 'clone: no mirror session 9');
              counted = false;
              break;
          }
          const grew = REASONS.filter((k) => r.book.stats.drops[k] !== before[k]);
          const newEvents = events(r.trace, 'drop').slice(traced) as { reason: string }[];
          if (grew.length === 0) {
            // Nothing was dropped: no drop event either, unless a copy that was never made is noted.
            assert.equal(newEvents.length, counted ? 0 : 1);
            continue;
          }
          assert.equal(grew.length, 1);
          const reason = grew[0] as DropReason;
          assert.equal(r.book.stats.drops[reason], before[reason] + 1);
          assert.equal(newEvents.length, 1);
          const text = newEvents[0]?.reason ?? '';
          assert.ok(text === reason || text.startsWith(`${reason}: `), text);
        }
        assert.equal(r.book.stats.transmitted, sent);
        assert.equal(r.out.length, sent);
        assert.equal(
          dropCount(r.book.stats),
          events(r.trace, 'drop').length - steps.filter((s) => s.op === 'cloneNotMade').length,
        );
      }),
    );
  });

  test('a port that does not send drops the frame as port_down; a port that sends passes it on', () => {
    const r = rig();
    assert.ok(r.tm.macs.modify(2, { enabled: false }).ok);
    r.book.admit(1, FRAME);
    r.book.send(2, FRAME);
    assert.equal(r.book.stats.drops.port_down, 1);
    assert.equal(r.out.length, 0);
    r.book.send(3, FRAME);
    assert.deepEqual(
      r.out.map((o) => o.port),
      [3],
    );
    assert.equal(r.book.stats.transmitted, 1);
    assert.deepEqual(
      events(r.trace, 'packetOut').map((e) => (e as { port: number }).port),
      [3],
    );
  });

  test('an assert or assume ends the pass with one drop; any other error is not a drop', () => {
    const r = rig();
    r.book.admit(1, FRAME);
    let thrown: unknown;
    try {
      failAssertion('assume', 'p.p4:3:5');
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown instanceof AssertionFailed);
    assert.equal(r.book.droppedOnAssertion('ingress', thrown), true);
    assert.equal(r.book.droppedOnAssertion('ingress', new Error('pipeline bug')), false);
    assert.equal(r.book.stats.drops.assertion_failed, 1);
    assert.equal(dropCount(r.book.stats), 1);
    assert.equal(
      (events(r.trace, 'drop')[0] as { reason: string }).reason,
      'assertion_failed: assume failed at p.p4:3:5',
    );
  });

  test('a multicast group that does not exist drops the packet; one that exists gives its replicas', () => {
    const r = rig();
    assert.ok(r.tm.createMulticastGroup(5, [{ rid: 9, ports: [1, 3] }]).ok);
    r.book.admit(1, FRAME);
    assert.deepEqual(
      r.book.groupReplicas(5)?.map((x) => [x.port, x.rid]),
      [
        [1, 9],
        [3, 9],
      ],
    );
    assert.equal(r.book.groupReplicas(6), undefined);
    assert.equal(r.book.stats.drops.no_multicast_group, 1);
  });
});
