// The example programs compiled and run in process, checked against the behaviour their
// header comments promise: p4/examples/tna-l2l3.p4 (exact, lpm, ternary and range tables,
// const entries with priorities, default actions with arguments, drop_ctl, multicast with
// pruning, indexed and direct counters, checksum verify and update) and
// p4/examples/tna-mirror-recirc.p4 (CRC hashes checked against CRCs computed here, a
// RegisterAction and a paired register with max, resubmit with data, digest, recirculation,
// I2E and E2E mirroring with mirror headers, min).

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { type Crc, createCrc } from '../../../runtime/externs/crc.js';
import { bytesOf, cleanup, ipv4, ipv4Checksum, ipv4Frame, ok, P4, rig, table, udp } from './helpers.js';

after(cleanup);

const ROUTER = 0x0000000000fen;
const H1 = 0x000000000102n;
const H2 = 0x000000000202n;

function l2(dst: bigint, src: bigint): Uint8Array {
  return Uint8Array.from([...bytesOf(dst, 6), ...bytesOf(src, 6), 0x88, 0xb5, 1, 2, 3, 4]);
}

async function l2l3() {
  const r = await rig(P4('examples/tna-l2l3.p4'));
  const dmac = table(r, 'SwitchIngress.dmac');
  ok(dmac.add({ match: [{ kind: 'exact', value: H1 }], action: 'SwitchIngress.l2_forward', params: [1] }));
  ok(dmac.add({ match: [{ kind: 'exact', value: H2 }], action: 'SwitchIngress.l2_forward', params: [2] }));
  ok(dmac.add({ match: [{ kind: 'exact', value: ROUTER }], action: 'SwitchIngress.l3_route', params: [] }));
  const lpm = table(r, 'SwitchIngress.ipv4_lpm');
  ok(
    lpm.add({
      match: [{ kind: 'lpm', value: ipv4('10.0.1.0'), prefixLength: 24 }],
      action: 'SwitchIngress.next_hop',
      params: [1, H1],
    }),
  );
  ok(
    lpm.add({
      match: [{ kind: 'lpm', value: ipv4('10.0.2.0'), prefixLength: 24 }],
      action: 'SwitchIngress.next_hop',
      params: [2, H2],
    }),
  );
  ok(r.tm.createMulticastGroup(1, [{ rid: 0, ports: [1, 2, 3, 4] }]));
  return r;
}

function routed(dstIp: string, proto: number, dstPort: number, srcIp = '10.0.1.2'): Uint8Array {
  return ipv4Frame({
    dst: ROUTER,
    src: H1,
    ipSrc: srcIp,
    ipDst: dstIp,
    proto,
    ttl: 64,
    l4: udp(1234, dstPort, [9, 9]),
  });
}

describe('tna-l2l3 compiled', () => {
  test('an exact match on the destination MAC forwards the frame unchanged', async () => {
    const r = await l2l3();
    const f = l2(H2, H1);
    r.engine.receive(1, f);
    assert.deepEqual(r.out, [{ port: 2, frame: f }]);
  });

  test('the default action with an argument, flood(1), replicates to every port but the ingress one', async () => {
    const r = await l2l3();
    r.engine.receive(1, l2(0x0000000009aan, H1));
    assert.deepEqual(r.out.map((o) => o.port).sort(), [2, 3, 4]);
  });

  test('a routed packet takes the longest prefix: new MACs, TTL - 1, a correct checksum', async () => {
    const r = await l2l3();
    r.engine.receive(1, routed('10.0.2.5', 17, 53));
    assert.equal(r.out.length, 1);
    const f = r.out[0]?.frame as Uint8Array;
    assert.equal(r.out[0]?.port, 2);
    assert.deepEqual([...f.subarray(0, 12)], [...bytesOf(H2, 6), ...bytesOf(ROUTER, 6)]);
    assert.equal(f[22], 63);
    assert.equal(ipv4Checksum([...f.subarray(14, 34)]), 0);
  });

  test('a corrupted IPv4 checksum fails Checksum.verify in the parser and the packet is dropped', async () => {
    const r = await l2l3();
    const f = routed('10.0.2.5', 17, 53);
    f[24] = (f[24] as number) ^ 0xff;
    r.engine.receive(1, f);
    assert.equal(r.out.length, 0);
    assert.equal(r.engine.stats.drops.ingress_drop_ctl, 1);
  });

  test('no route: the lpm default action drop() drops', async () => {
    const r = await l2l3();
    r.engine.receive(1, routed('192.168.0.1', 17, 53));
    assert.equal(r.out.length, 0);
  });

  test('initial ACL entries with priorities: TCP to 23 and TCP to 8000..8080 from 10.0.1.0/24 are denied, UDP to 8000 passes', async () => {
    const r = await l2l3();
    r.engine.receive(1, routed('10.0.2.5', 6, 23));
    r.engine.receive(1, routed('10.0.2.5', 6, 8040));
    assert.equal(r.out.length, 0);
    r.engine.receive(1, routed('10.0.2.5', 17, 8000));
    r.engine.receive(1, routed('10.0.2.5', 6, 8040, '10.0.9.9'));
    assert.equal(r.out.length, 2);
    const hits = r.state.directByName.get('SwitchIngress.acl_hits');
    assert.ok(hits !== undefined);
    const total = (hits.snapshot().cells as [number, { packets: number }][]).reduce((s, [, v]) => s + v.packets, 0);
    assert.equal(total, 4);
  });

  test('the indexed counter port_rx counts packets and bytes per ingress port', async () => {
    const r = await l2l3();
    r.engine.receive(3, l2(H2, H1));
    r.engine.receive(3, l2(H2, H1));
    const c = r.state.counterByName.get('SwitchIngress.port_rx');
    // Rule (docs/tna-semantics.md, "Byte counts"): a byte count includes each frame's 4-byte CRC: 2 × (18 + 4).
    assert.deepEqual(ok(c?.read(3) ?? { ok: false, message: 'no counter' }), { packets: 2, bytes: 44 });
  });
});

// ---- tna-mirror-recirc ------------------------------------------------------------------------

const crc = (width: number, poly: number, ref: boolean, init: number, xorout: number): Crc =>
  ok(createCrc({ width, poly, refin: ref, refout: ref, init, xorout }));
const CRC16_ARC = crc(16, 0x8005, true, 0, 0);
const CRC32 = crc(32, 0x04c11db7, true, 0xffffffff, 0xffffffff);
const CCITT_FALSE = crc(16, 0x1021, false, 0xffff, 0);

async function mirrorRecirc() {
  const r = await rig(P4('examples/tna-mirror-recirc.p4'));
  const fwd = table(r, 'SwitchIngress.forward');
  for (const [a, p] of [
    ['10.0.0.1', 1],
    ['10.0.0.2', 2],
    ['10.0.0.3', 3],
  ] as const)
    ok(fwd.add({ match: [{ kind: 'exact', value: ipv4(a) }], action: 'SwitchIngress.send', params: [p] }));
  return r;
}

function flowPacket(src: string, dst: string, len = 4): Uint8Array {
  return ipv4Frame({
    dst: H1,
    src: H2,
    ipSrc: src,
    ipDst: dst,
    proto: 17,
    ttl: 100,
    l4: udp(5000, 6000, new Array(len).fill(7)),
  });
}

describe('tna-mirror-recirc compiled', () => {
  test('the first packet of a flow is resubmitted once, raises a digest with CRC signatures, and leaves with TTL 63', async () => {
    const r = await mirrorRecirc();
    r.engine.receive(2, flowPacket('10.0.0.2', '10.0.0.1'));
    assert.equal(r.engine.stats.resubmitted, 1);
    assert.equal(r.out.length, 1);
    assert.equal(r.out[0]?.port, 1);
    assert.equal(r.out[0]?.frame[22], 63);
    assert.equal(r.digests.length, 1);
    const fields = Uint8Array.from([
      ...bytesOf(BigInt(ipv4('10.0.0.2')), 4),
      ...bytesOf(BigInt(ipv4('10.0.0.1')), 4),
      17,
      ...bytesOf(5000n, 2),
      ...bytesOf(6000n, 2),
    ]);
    const flowIndex = Number(CRC16_ARC.compute(fields));
    assert.deepEqual(r.digests[0]?.values, [
      ipv4('10.0.0.2'),
      ipv4('10.0.0.1'),
      17,
      5000,
      6000,
      flowIndex,
      Number(CRC32.compute(fields)),
      Number(CCITT_FALSE.compute(fields)),
    ]);
  });

  test('later packets of the flow count in the register and the paired register keeps (count, max length)', async () => {
    const r = await mirrorRecirc();
    r.engine.receive(2, flowPacket('10.0.0.2', '10.0.0.1', 4));
    r.engine.receive(2, flowPacket('10.0.0.2', '10.0.0.1', 40));
    r.engine.receive(2, flowPacket('10.0.0.2', '10.0.0.1', 10));
    assert.equal(r.digests.length, 1);
    const fields = Uint8Array.from([
      ...bytesOf(BigInt(ipv4('10.0.0.2')), 4),
      ...bytesOf(BigInt(ipv4('10.0.0.1')), 4),
      17,
      ...bytesOf(5000n, 2),
      ...bytesOf(6000n, 2),
    ]);
    const flowIndex = Number(CRC16_ARC.compute(fields));
    const packets = r.state.registerByName.get('SwitchIngress.flow_packets');
    assert.deepEqual(ok(packets?.cpRead(flowIndex) ?? { ok: false, message: '' }), [3]);
    const stats = r.state.registerByName.get('SwitchIngress.flow_len_stats');
    assert.deepEqual(ok(stats?.cpRead(flowIndex & 0x3ff) ?? { ok: false, message: '' }), [3, 20 + 8 + 40]);
  });

  test('a recirculated packet makes two passes and leaves with TTL 62', async () => {
    const r = await mirrorRecirc();
    ok(
      table(r, 'SwitchIngress.recirc_targets').add({
        match: [{ kind: 'exact', value: ipv4('10.0.0.3') }],
        action: 'SwitchIngress.recirculate',
        params: [],
      }),
    );
    r.engine.receive(1, flowPacket('10.0.0.1', '10.0.0.3'));
    assert.equal(r.engine.stats.recirculated, 1);
    assert.deepEqual(
      r.out.map((o) => [o.port, o.frame[22]]),
      [[3, 62]],
    );
  });

  test('I2E and E2E mirror copies start with their mirror headers {type, port}', async () => {
    const r = await mirrorRecirc();
    ok(
      table(r, 'SwitchIngress.i2e_sample').add({
        match: [{ kind: 'exact', value: 1 }],
        action: 'SwitchIngress.sample_to',
        params: [10, 0],
      }),
    );
    ok(
      table(r, 'SwitchEgress.e2e_mirror_cfg').add({
        match: [{ kind: 'exact', value: 2 }],
        action: 'SwitchEgress.e2e_to',
        params: [20],
      }),
    );
    ok(r.tm.addMirrorSession({ id: 10, direction: 'ingress', egressPort: 5, maxLen: 0 }));
    ok(r.tm.addMirrorSession({ id: 20, direction: 'egress', egressPort: 5, maxLen: 0 }));
    r.engine.receive(1, flowPacket('10.0.0.1', '10.0.0.2'));
    const copies = r.out.filter((o) => o.port === 5).map((o) => [...o.frame.subarray(0, 3)]);
    assert.deepEqual(copies.sort(), [
      [2, 0, 1],
      [3, 0, 2],
    ]);
    assert.equal(r.out.filter((o) => o.port === 2).length, 1);
  });
});
