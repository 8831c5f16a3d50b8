import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { CollectingTraceSink } from '../../../runtime/trace/trace-sink.js';
import { ENGINE_FIXTURE } from '../fixtures/engine-fixture-pipeline.js';
import { forward, frame, harness, MAC_A, MAC_B, MAC_C, srcOf, table } from './helpers.js';

describe('TNA unicast and drop', () => {
  test('a packet goes out of the port its table entry chooses, bridged header stripped, payload intact', () => {
    const h = harness();
    forward(h, MAC_B, 2);
    const f = frame(MAC_B, MAC_A, 0x88b5);
    h.engine.receive(1, f);
    assert.equal(h.out.length, 1);
    assert.equal(h.out[0]?.port, 2);
    assert.deepEqual(h.out[0]?.frame, f);
    assert.equal(h.engine.stats.transmitted, 1);
  });

  test('drop_ctl bit 0 drops the packet and counts it', () => {
    const h = harness();
    h.engine.receive(1, frame(MAC_B, MAC_A, 0x88b5));
    assert.equal(h.out.length, 0);
    assert.equal(h.engine.stats.drops.ingress_drop_ctl, 1);
  });

  test('a packet with no egress port decided is dropped and counted', () => {
    const h = harness();
    assert.ok(table(h, 'Ingress.forward').setDefault({ action: 'Ingress.set_mcast', params: [0] }).ok);
    h.engine.receive(1, frame(MAC_B, MAC_A, 0x88b5));
    assert.equal(h.out.length, 0);
    assert.equal(h.engine.stats.drops.no_egress_port, 1);
  });

  test('a unicast port that does not exist counts as no egress port', () => {
    const h = harness();
    forward(h, MAC_B, 9);
    h.engine.receive(1, frame(MAC_B, MAC_A, 0x88b5));
    assert.equal(h.out.length, 0);
    assert.equal(h.engine.stats.drops.no_egress_port, 1);
  });

  test('the register action runs once per pass and counts packets per ingress port', () => {
    const h = harness();
    forward(h, MAC_B, 2);
    for (let i = 0; i < 3; i++) h.engine.receive(1, frame(MAC_B, MAC_A, 0x88b5));
    h.engine.receive(4, frame(MAC_B, MAC_A, 0x88b5));
    const reg = h.state.registerByName.get('Ingress.port_pkts');
    assert.deepEqual(reg?.cpRead(1), { ok: true, value: [3] });
    assert.deepEqual(reg?.cpRead(4), { ok: true, value: [1] });
    assert.equal(h.engine.registerRuleViolations, 0);
  });
});

describe('TNA multicast', () => {
  test('a multicast group makes one copy per node port, each with its egress_rid', () => {
    const h = harness();
    assert.ok(
      h.tm.createMulticastGroup(5, [
        { rid: 7, ports: [2, 3] },
        { rid: 9, ports: [4] },
      ]).ok,
    );
    assert.ok(
      table(h, 'Ingress.forward').add({
        match: [{ kind: 'exact', value: MAC_B }],
        action: 'Ingress.set_mcast',
        params: [5],
      }).ok,
    );
    h.engine.receive(1, frame(MAC_B, MAC_A, 0x88b5));
    const got = h.out
      .map((o) => [o.port, Number((srcOf(o.frame) >> 8n) & 0xffn)])
      .sort((a, b) => (a[0] as number) - (b[0] as number));
    assert.deepEqual(got, [
      [2, 7],
      [3, 7],
      [4, 9],
    ]);
    assert.equal(h.engine.stats.replicated, 3);
  });

  test('a multicast group that does not exist drops the packet', () => {
    const h = harness();
    assert.ok(
      table(h, 'Ingress.forward').add({
        match: [{ kind: 'exact', value: MAC_B }],
        action: 'Ingress.set_mcast',
        params: [77],
      }).ok,
    );
    h.engine.receive(1, frame(MAC_B, MAC_A, 0x88b5));
    assert.equal(h.out.length, 0);
    assert.equal(h.engine.stats.drops.no_multicast_group, 1);
  });
});

describe('TNA mirroring', () => {
  function mirrorAll(h: ReturnType<typeof harness>, session: number): void {
    const r = table(h, 'Ingress.mirror_select').add({
      match: [{ kind: 'ternary', value: 0n, mask: 0n }],
      priority: 1,
      action: 'Ingress.mirror_i2e',
      params: [session],
    });
    assert.ok(r.ok);
  }

  test('an I2E mirror copy carries the mirror header to egress and the original packet out of the session port', () => {
    const h = harness();
    forward(h, MAC_B, 2);
    mirrorAll(h, 10);
    assert.ok(h.tm.addMirrorSession({ id: 10, direction: 'ingress', egressPort: 3, maxLen: 0 }).ok);
    const f = frame(MAC_B, MAC_A, 0x88b5);
    h.engine.receive(1, f);
    const byPort = new Map(h.out.map((o) => [o.port, o.frame]));
    assert.deepEqual(byPort.get(2), f);
    const copy = byPort.get(3);
    assert.ok(copy !== undefined);
    // The egress saw mirror_h.pkt_type = 2 (I2E) and wrote it into the low source byte.
    assert.equal(srcOf(copy) & 0xffn, 2n);
    assert.deepEqual(copy.subarray(12), f.subarray(12));
    assert.equal(h.engine.stats.mirrored, 1);
  });

  test('a mirror session truncates the copy to max_len bytes after the mirror header', () => {
    const h = harness();
    forward(h, MAC_B, 2);
    mirrorAll(h, 10);
    assert.ok(h.tm.addMirrorSession({ id: 10, direction: 'both', egressPort: 3, maxLen: 20 }).ok);
    h.engine.receive(
      1,
      frame(
        MAC_B,
        MAC_A,
        0x88b5,
        Array.from({ length: 50 }, (_, i) => i),
      ),
    );
    const copy = h.out.find((o) => o.port === 3);
    assert.equal(copy?.frame.length, 20);
  });

  test('a dropped packet is still mirrored', () => {
    const h = harness();
    mirrorAll(h, 10);
    assert.ok(h.tm.addMirrorSession({ id: 10, direction: 'ingress', egressPort: 3, maxLen: 0 }).ok);
    h.engine.receive(1, frame(MAC_B, MAC_A, 0x88b5));
    assert.deepEqual(
      h.out.map((o) => o.port),
      [3],
    );
    assert.equal(h.engine.stats.drops.ingress_drop_ctl, 1);
  });

  test('a mirror to a session that does not exist (or of the other direction) makes no copy', () => {
    const h = harness();
    forward(h, MAC_B, 2);
    mirrorAll(h, 11);
    h.engine.receive(1, frame(MAC_B, MAC_A, 0x88b5));
    assert.ok(h.tm.addMirrorSession({ id: 11, direction: 'egress', egressPort: 3, maxLen: 0 }).ok);
    h.engine.receive(1, frame(MAC_B, MAC_A, 0x88b5));
    assert.deepEqual(
      h.out.map((o) => o.port),
      [2, 2],
    );
    assert.equal(h.engine.stats.drops.no_mirror_session, 2);
  });

  test('an E2E mirror to the recirculation port re-enters ingress with ingress_port 68', () => {
    const h = harness();
    forward(h, MAC_B, 2);
    assert.ok(
      table(h, 'Egress.e2e_select').add({
        match: [{ kind: 'ternary', value: 1, mask: 0x1ff }],
        priority: 1,
        action: 'Egress.mirror_e2e',
        params: [20],
      }).ok,
    );
    assert.ok(h.tm.addMirrorSession({ id: 20, direction: 'egress', egressPort: 68, maxLen: 0 }).ok);
    const f = frame(MAC_B, MAC_A, 0x88b5);
    h.engine.receive(1, f);
    assert.equal(h.out.length, 2);
    assert.deepEqual(h.out[0]?.frame, f);
    // The copy went through egress as E2E (pkt_type 3 in the low source byte), then port 68.
    assert.equal(h.out[1]?.port, 2);
    assert.equal(srcOf(h.out[1]?.frame as Uint8Array) & 0xffn, 3n);
    assert.equal(h.engine.stats.recirculated, 1);
    assert.deepEqual(h.state.registerByName.get('Ingress.port_pkts')?.cpRead(68), { ok: true, value: [1] });
  });

  test('recirculation loops stop at the bound, dropped and counted', () => {
    const h = harness({ maxReentries: 4 });
    forward(h, MAC_B, 2);
    assert.ok(
      table(h, 'Egress.e2e_select').add({
        match: [{ kind: 'ternary', value: 0, mask: 0 }],
        priority: 1,
        action: 'Egress.mirror_e2e',
        params: [20],
      }).ok,
    );
    assert.ok(h.tm.addMirrorSession({ id: 20, direction: 'egress', egressPort: 68, maxLen: 0 }).ok);
    h.engine.receive(1, frame(MAC_B, MAC_A, 0x88b5));
    assert.equal(h.out.length, 5);
    assert.equal(h.engine.stats.recirculated, 4);
    assert.equal(h.engine.stats.drops.loop_bound, 1);
    // The next packet has a fresh budget.
    h.engine.receive(1, frame(MAC_B, MAC_A, 0x88b5));
    assert.equal(h.engine.stats.drops.loop_bound, 2);
  });
});

describe('TNA resubmit and digest', () => {
  test('a resubmitted packet re-enters once with its resubmit header in place of port metadata', () => {
    const h = harness();
    forward(h, MAC_B, 2);
    h.engine.receive(1, frame(MAC_B, MAC_A, 0x88b6));
    assert.equal(h.out.length, 1);
    // The second pass copied the resubmit tag 0xAB into src_addr[23:16].
    assert.equal((srcOf(h.out[0]?.frame as Uint8Array) >> 16n) & 0xffn, 0xabn);
    assert.equal(h.engine.stats.resubmitted, 1);
    assert.deepEqual(h.state.registerByName.get('Ingress.port_pkts')?.cpRead(1), { ok: true, value: [2] });
  });

  test('a digest reaches the control plane with the fields packed', () => {
    const h = harness();
    forward(h, MAC_B, 2);
    h.engine.receive(3, frame(MAC_B, MAC_C, 0x88b7));
    assert.equal(h.digests.length, 1);
    assert.deepEqual(h.digests[0]?.values, [MAC_C, 3]);
    assert.equal(h.digests[0]?.digest, 'IgDeparser.learn');
    assert.equal(h.out.length, 1);
  });
});

describe('TNA parser errors', () => {
  test('a select with no matching case drops the packet and counts it (the program does not read parser_err)', () => {
    const h = harness();
    forward(h, MAC_B, 2);
    h.engine.receive(1, frame(MAC_B, MAC_A, 0x1234));
    assert.equal(h.out.length, 0);
    assert.equal(h.engine.stats.drops.ingress_parser_error, 1);
  });

  test('a truncated IPv4 header is PacketTooShort: dropped and counted', () => {
    const h = harness();
    forward(h, MAC_B, 2);
    h.engine.receive(1, frame(MAC_B, MAC_A, 0x0800, [0x45, 0, 0, 20]));
    h.engine.receive(1, Uint8Array.from([1, 2, 3]));
    h.engine.receive(1, new Uint8Array(0));
    assert.equal(h.out.length, 0);
    assert.equal(h.engine.stats.drops.ingress_parser_error, 3);
  });

  test('a program that reads parser_err gets the packet with the error flag set instead of a drop', () => {
    const h = harness({
      module: { ...ENGINE_FIXTURE, create: (s) => ({ ...ENGINE_FIXTURE.create(s), ingressReadsParserErr: true }) },
    });
    forward(h, MAC_B, 2);
    const f = frame(MAC_B, MAC_A, 0x1234);
    h.engine.receive(1, f);
    assert.equal(h.engine.stats.drops.ingress_parser_error, 0);
    assert.equal(h.engine.blocks.ig_intr_md_from_prsr.parser_err, 0x0001);
    assert.deepEqual(h.out[0]?.frame, f);
  });

  test('a whole IPv4 header parses and is emitted back unchanged', () => {
    const h = harness();
    forward(h, MAC_B, 2);
    const ip = [0x45, 0, 0, 28, 0, 1, 0x40, 0, 64, 17, 0xab, 0xcd, 10, 0, 0, 1, 10, 0, 0, 2, 9, 9, 9, 9, 9, 9, 9, 9];
    const f = frame(MAC_B, MAC_A, 0x0800, ip);
    h.engine.receive(1, f);
    assert.deepEqual(h.out[0]?.frame, f);
  });
});

describe('TNA tracing', () => {
  test('every step of a recirculated mirror copy is traced with packet and copy ids', () => {
    const sink = new CollectingTraceSink();
    const h = harness({ trace: sink });
    forward(h, MAC_B, 2);
    assert.ok(
      table(h, 'Egress.e2e_select').add({
        match: [{ kind: 'ternary', value: 1, mask: 0x1ff }],
        priority: 1,
        action: 'Egress.mirror_e2e',
        params: [20],
      }).ok,
    );
    assert.ok(h.tm.addMirrorSession({ id: 20, direction: 'egress', egressPort: 68, maxLen: 0 }).ok);
    h.engine.receive(1, frame(MAC_B, MAC_A, 0x88b5));
    const kinds = sink.events.map((e) => e.event);
    assert.equal(kinds[0], 'packetIn');
    for (const k of [
      'parserState',
      'extract',
      'tableHit',
      'tableMiss',
      'registerRead',
      'registerWrite',
      'mirror',
      'recirculate',
      'packetOut',
    ])
      assert.ok(kinds.includes(k as never), `trace has ${k}`);
    const mirror = sink.events.find((e) => e.event === 'mirror');
    assert.ok(mirror !== undefined && mirror.event === 'mirror');
    assert.equal(mirror.newCopy, 1);
    assert.ok(sink.events.every((e) => e.pkt === 1));
    const outs = sink.events.filter((e) => e.event === 'packetOut').map((e) => e.copy);
    assert.deepEqual(outs, [0, 1]);
  });

  test('a drop is traced with its reason', () => {
    const sink = new CollectingTraceSink();
    const h = harness({ trace: sink });
    h.engine.receive(1, frame(MAC_B, MAC_A, 0x1234));
    const drop = sink.events.find((e) => e.event === 'drop');
    assert.ok(drop !== undefined && drop.event === 'drop');
    assert.match(drop.reason, /ingress_parser_error: NoMatch/);
  });
});

describe('TNA robustness', () => {
  test('random frames never throw and every frame is either sent or dropped with a reason', () => {
    const h = harness();
    forward(h, MAC_B, 2);
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 80 }),
        fc.constantFrom(0x0800, 0x88b5, 0x88b6, 0x88b7, 0x1234),
        (tail, type) => {
          const before = { ...h.engine.stats, drops: { ...h.engine.stats.drops } };
          const f = tail.length > 20 ? frame(MAC_B, MAC_A, type, [...tail]) : tail;
          h.engine.receive(1, f);
          const sent = h.engine.stats.transmitted - before.transmitted;
          const dropped =
            Object.values(h.engine.stats.drops).reduce((a, b) => a + b, 0) -
            Object.values(before.drops).reduce((a, b) => a + b, 0);
          assert.equal(sent + dropped, 1);
        },
      ),
      { numRuns: 500 },
    );
  });
});
