// The engine's fast path: the egress pass run in place on what the ingress deparser wrote,
// the outgoing frame deparsed in place in the frame slab, the intrinsic prefixes written byte
// by byte, and global_tstamp made only when read. None of it may be observable.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  EGRESS_PREFIX_BYTES,
  INGRESS_PREFIX_BYTES,
  writeEgressPrefix,
  writeIngressPrefix,
} from '../../../runtime/arch/intrinsic-prefix.js';
import { buildPipelineState } from '../../../runtime/arch/pipeline-state.js';
import { TnaEngine } from '../../../runtime/arch/tna.js';
import { writeBits } from '../../../runtime/bits.js';
import { allocateFrame, claimFrame, slabForWriting, slabWriteOffset } from '../../../runtime/packet.js';
import { TrafficManager } from '../../../runtime/traffic-manager.js';
import { ENGINE_FIXTURE } from '../fixtures/engine-fixture-pipeline.js';
import { forward, frame, harness, MAC_A, MAC_B, table } from './helpers.js';

describe('intrinsic prefixes', () => {
  test('the ingress prefix has the fields of docs/tna.md §3 at their bit offsets', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.integer({ min: 0, max: 511 }),
        fc.integer({ min: 0, max: 2 ** 53 - 1 }),
        fc.option(fc.uint8Array({ minLength: 8, maxLength: 8 }), { nil: undefined }),
        (resubmitted, port, now, meta) => {
          const want = new Uint8Array(INGRESS_PREFIX_BYTES);
          writeBits(want, 0, 1, resubmitted ? 1 : 0);
          writeBits(want, 7, 9, port);
          writeBits(want, 16, 16, Math.floor(now / 2 ** 32) & 0xffff);
          writeBits(want, 32, 32, now >>> 0);
          if (meta !== undefined) want.set(meta, 8);
          const got = new Uint8Array(INGRESS_PREFIX_BYTES).fill(0xa5);
          writeIngressPrefix(got, resubmitted, port, now, meta);
          assert.deepEqual(got, want);
        },
      ),
    );
  });

  test('the egress prefix has the fields of docs/tna.md §3 at their bit offsets, the rest zero', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 511 }),
        fc.integer({ min: 0, max: 2 ** 53 - 1 }),
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 0, max: 1 }),
        fc.integer({ min: 0, max: 100_000 }),
        (port, now, rid, ridFirst, length) => {
          const want = new Uint8Array(EGRESS_PREFIX_BYTES);
          writeBits(want, 7, 9, port);
          writeBits(want, 62, 18, now & 0x3ffff);
          writeBits(want, 152, 16, rid);
          writeBits(want, 175, 1, ridFirst);
          writeBits(want, 200, 16, Math.min(length, 0xffff));
          const got = new Uint8Array(EGRESS_PREFIX_BYTES).fill(0x5a);
          writeEgressPrefix(got, port, now, rid, ridFirst, length);
          assert.deepEqual(got, want);
        },
      ),
    );
  });
});

describe('frames built in place', () => {
  test('a frame the engine handed out is not changed by the packets after it', () => {
    const h = harness();
    forward(h, MAC_B, 2);
    const sent = Array.from({ length: 3000 }, (_, i) => frame(MAC_B, MAC_A, 0x88b5, [i & 0xff, i >> 8, 1, 2, 3]));
    for (const f of sent) h.engine.receive(1, f);
    assert.equal(h.out.length, sent.length);
    h.out.forEach((o, i) => {
      assert.deepEqual(o.frame, sent[i]);
    });
  });

  test('a frame larger than a slab frame goes through whole', () => {
    const h = harness();
    forward(h, MAC_B, 2);
    const payload = Array.from({ length: 9000 }, (_, i) => (i * 7) & 0xff);
    const f = frame(MAC_B, MAC_A, 0x88b5, payload);
    h.engine.receive(1, f);
    assert.deepEqual(h.out[0]?.frame, f);
  });

  test('a slab reservation is never handed out twice: an allocation after it lands past it', () => {
    const view = slabForWriting(64);
    const at = slabWriteOffset();
    const other = allocateFrame(16);
    other.fill(0xee);
    view.fill(42, at, at + 64);
    // Within the reservation: claimable, and the other frame is untouched.
    const f = claimFrame(view, at, 10);
    assert.deepEqual(f, new Uint8Array(10).fill(42));
    assert.deepEqual(other, new Uint8Array(16).fill(0xee));
    // A reservation is claimed once.
    assert.equal(claimFrame(view, at, 10), undefined);
    // Past the reservation once something else was allocated: refused.
    const v2 = slabForWriting(16);
    const at2 = slabWriteOffset();
    allocateFrame(8);
    assert.equal(claimFrame(v2, at2, 100), undefined);
  });

  test('the original leaves before its I2E mirror copy, which comes through the mirror buffer', () => {
    const h = harness();
    forward(h, MAC_B, 2);
    assert.ok(
      table(h, 'Ingress.mirror_select').add({
        match: [{ kind: 'ternary', value: 0n, mask: 0n }],
        priority: 1,
        action: 'Ingress.mirror_i2e',
        params: [10],
      }).ok,
    );
    assert.ok(h.tm.addMirrorSession({ id: 10, direction: 'ingress', egressPort: 3, maxLen: 0 }).ok);
    h.engine.receive(1, frame(MAC_B, MAC_A, 0x88b5));
    // docs/tna-semantics.md, "Mirroring" (bf-p4c's PTF test mirror_constants).
    assert.deepEqual(
      h.out.map((o) => o.port),
      [2, 3],
    );
  });
});

describe('global_tstamp', () => {
  test('reads the time of the ingress pass; a value the program writes lasts until the next pass', () => {
    let now = 5000;
    const s = buildPipelineState(ENGINE_FIXTURE.p4info);
    assert.ok(s.ok);
    const tm = new TrafficManager({ frontPanel: new Set([1, 2]), recirculation: new Set([68]), cpu: 64 });
    const e = new TnaEngine({ module: ENGINE_FIXTURE, state: s.value, tm, output: () => {}, clockNs: () => now });
    const fwd = s.value.tableByName.get('Ingress.forward');
    assert.ok(fwd?.add({ match: [{ kind: 'exact', value: MAC_B }], action: 'Ingress.set_port', params: [2] }).ok);
    e.receive(1, frame(MAC_B, MAC_A, 0x88b5));
    const ig = e.blocks.ig_intr_md_from_prsr;
    const eg = e.blocks.eg_intr_md_from_prsr;
    assert.equal(ig.global_tstamp, 5000n);
    ig.global_tstamp = 77n;
    eg.global_tstamp = 78n;
    assert.equal(ig.global_tstamp, 77n);
    assert.equal(eg.global_tstamp, 78n);
    now = 2 ** 40 + 3;
    e.receive(1, frame(MAC_B, MAC_A, 0x88b5));
    assert.equal(e.stats.transmitted, 2);
    assert.equal(ig.global_tstamp, BigInt(2 ** 40 + 3));
    assert.equal(eg.global_tstamp, BigInt(2 ** 40 + 3));
  });
});
