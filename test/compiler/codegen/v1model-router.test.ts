// The v1model example router (p4/examples/v1model-router.p4) compiled and run in process,
// driven as its header comment says: MAC learning digests, LPM routing with TTL and checksum
// rewrite, IPv4 options (varbit) in the checksum, a direct counter, const entries, an I2E
// clone truncated by the egress, QinQ termination through recirculation, and the drops.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bytesOf, cleanup, ipv4, ipv4Checksum, ipv4Frame, ok, P4 } from './helpers.js';
import { type V1Rig, v1modelRig } from './v1model-rig.js';

const HOST1 = 0x000000000102n;
const HOST2 = 0x000000000202n;
const ROUTER = 0x0000000000fen;

after(cleanup);

function table(r: V1Rig, name: string) {
  const t = r.state.tableByName.get(name);
  if (t === undefined) throw new Error(`no table ${name}`);
  return t;
}

/** The IPv4 header of an output frame (after `at` bytes of Ethernet and tags), with its checksum checked. */
function ipv4Of(frame: Uint8Array, at = 14): { ttl: number; checksumOk: boolean; ihl: number } {
  const ihl = (frame[at] as number) & 0xf;
  const h = [...frame.subarray(at, at + ihl * 4)];
  return { ttl: h[8] as number, ihl, checksumOk: ipv4Checksum(h) === 0 };
}

describe('v1model example router', () => {
  let r: V1Rig;
  before(async () => {
    r = await v1modelRig(P4('examples/v1model-router.p4'));
    ok(
      table(r, 'RouterIngress.smac').add({ action: 'NoAction', params: [], match: [{ kind: 'exact', value: HOST1 }] }),
    );
    const lpm = table(r, 'RouterIngress.ipv4_lpm');
    ok(
      lpm.add({
        action: 'RouterIngress.set_nhop',
        params: [ipv4('10.0.1.2'), 1],
        match: [{ kind: 'lpm', value: ipv4('10.0.1.0'), prefixLength: 24 }],
      }),
    );
    ok(
      lpm.add({
        action: 'RouterIngress.set_nhop',
        params: [ipv4('10.0.2.2'), 2],
        match: [{ kind: 'lpm', value: ipv4('10.0.2.0'), prefixLength: 24 }],
      }),
    );
    const fwd = table(r, 'RouterIngress.forward');
    ok(
      fwd.add({
        action: 'RouterIngress.set_dmac',
        params: [HOST1],
        match: [{ kind: 'exact', value: ipv4('10.0.1.2') }],
      }),
    );
    ok(
      fwd.add({
        action: 'RouterIngress.set_dmac',
        params: [HOST2],
        match: [{ kind: 'exact', value: ipv4('10.0.2.2') }],
      }),
    );
    ok(
      table(r, 'RouterIngress.qinq_terminate').add({
        action: 'RouterIngress.pop_outer_tag',
        params: [],
        match: [{ kind: 'exact', value: 100 }],
      }),
    );
    ok(
      table(r, 'RouterIngress.clone_ports').add({
        action: 'RouterIngress.clone_to',
        params: [5],
        match: [{ kind: 'exact', value: 3 }],
      }),
    );
    ok(r.tm.addMirrorSession({ id: 5, direction: 'both', egressPort: 4, maxLen: 0 }));
  });

  const packet = (o: { src?: bigint; ttl?: number; l4?: number[] } = {}) =>
    ipv4Frame({
      dst: ROUTER,
      src: o.src ?? HOST1,
      ipSrc: '10.0.1.2',
      ipDst: '10.0.2.9',
      proto: 17,
      ttl: o.ttl ?? 64,
      l4: o.l4 ?? [1, 2, 3, 4],
    });

  test('a routed packet leaves on the next hop’s port with new MACs, TTL - 1 and a correct checksum', () => {
    const out = r.send(1, packet());
    assert.equal(out.length, 1);
    const f = out[0]?.frame as Uint8Array;
    assert.equal(out[0]?.port, 2);
    assert.deepEqual([...f.subarray(0, 12)], [...bytesOf(HOST2, 6), ...bytesOf(ROUTER, 6)]);
    assert.deepEqual(ipv4Of(f), { ttl: 63, ihl: 5, checksumOk: true });
    assert.equal(r.digests.length, 0);
  });

  test('an unknown source MAC is forwarded and raises one learning digest', () => {
    const out = r.send(1, packet({ src: 0x0000000000aan }));
    assert.equal(out.length, 1);
    assert.deepEqual(
      r.digests.splice(0).map((d) => d.values),
      [[0xaan, 1]],
    );
  });

  test('the route’s direct counter counts its hits', () => {
    const hits = r.state.directByName.get('RouterIngress.route_hits');
    assert.equal(hits?.kind, 'counter');
    const total = hits?.kind === 'counter' ? hits.snapshot().cells.reduce((n, [, c]) => n + c.packets, 0) : 0;
    assert.equal(total, 2);
  });

  test('a bad IPv4 checksum is dropped (checksum_error), and so is TTL 1', () => {
    const bad = packet();
    bad[24] = (bad[24] as number) ^ 0xff;
    assert.deepEqual(r.send(1, bad), []);
    assert.deepEqual(r.send(1, packet({ ttl: 1 })), []);
  });

  test('IPv4 options (a varbit) are kept and covered by the recomputed checksum', () => {
    const base = packet();
    const ip = [...base.subarray(14, 34)];
    ip[0] = 0x47; // IHL 7: 8 bytes of options
    ip[3] = (ip[3] as number) + 8;
    ip[10] = 0;
    ip[11] = 0;
    const withOptions = [...ip, 1, 1, 1, 1, 1, 1, 1, 0];
    const ck = ipv4Checksum(withOptions);
    withOptions[10] = ck >> 8;
    withOptions[11] = ck & 0xff;
    const frame = [...base.subarray(0, 14), ...withOptions, 9, 9];
    const out = r.send(1, frame);
    assert.equal(out.length, 1);
    const f = out[0]?.frame as Uint8Array;
    assert.deepEqual(ipv4Of(f), { ttl: 63, ihl: 7, checksumOk: true });
    assert.deepEqual([...f.subarray(34, 44)], [1, 1, 1, 1, 1, 1, 1, 0, 9, 9]);
  });

  test('packets from port 3 are routed and cloned to port 4, the clone cut to 64 bytes by the egress', () => {
    const out = r.send(3, packet({ l4: Array.from({ length: 80 }, (_, i) => i) }));
    assert.deepEqual(
      out.map((o) => [o.port, o.frame.length]),
      [
        [4, 64],
        [2, 14 + 20 + 80],
      ],
    );
  });

  test('QinQ: the S-tag is popped, the packet recirculates once and leaves with the C-tag', () => {
    const inner = packet();
    // Ethernet (0x88a8), S-tag (VID 100, then 0x8100), C-tag (VID 7, then 0x0800), IPv4.
    const frame = [
      ...inner.subarray(0, 12),
      0x88,
      0xa8,
      0x00,
      100,
      0x81,
      0x00,
      0x00,
      7,
      0x08,
      0x00,
      ...inner.subarray(14),
    ];
    const before = r.engine.stats.recirculated;
    const out = r.send(1, frame);
    assert.equal(r.engine.stats.recirculated, before + 1);
    assert.equal(out.length, 1);
    const f = out[0]?.frame as Uint8Array;
    assert.deepEqual([...f.subarray(12, 18)], [0x81, 0x00, 0x00, 7, 0x08, 0x00]);
    assert.deepEqual(ipv4Of(f, 18), { ttl: 63, ihl: 5, checksumOk: true });
    // The recirculated pass records the popped VID at its ingress_port, which bmv2 resets to 0.
    assert.deepEqual(r.state.registerByName.get('RouterIngress.last_vid')?.cpRead(0), { ok: true, value: [100] });
  });

  test('three VLAN tags overflow the stack: a parser error, and the program drops it', () => {
    const inner = packet();
    const tag = (next: number) => [0x00, 5, next >> 8, next & 0xff];
    const frame = [
      ...inner.subarray(0, 12),
      0x81,
      0x00,
      ...tag(0x8100),
      ...tag(0x8100),
      ...tag(0x0800),
      ...inner.subarray(14),
    ];
    assert.deepEqual(r.send(1, frame), []);
  });
});
