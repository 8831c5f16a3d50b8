// Tofino 2 (T2NA, our p4/include/t2na.p4) on the TNA engine: the program's own metadata
// layout decides the bytes in front of each parser, and counters built with
// true_egress_accounting count what the egress deparser sends (docs/tna-semantics.md).

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { bytesOf, cleanup, ok, ROOT, rig, table } from './helpers.js';

after(cleanup);

const PROGRAM = `${ROOT}/test/compiler/codegen/p4/t2na-accounting.p4`;
const SRC = 0x113355779900n;

/** Ethernet (type 0x88b5) + the 20-byte tag + `payload` bytes. */
function tagged(payload: number): Uint8Array {
  const eth = [...bytesOf(0x001122334455n, 6), ...bytesOf(SRC, 6), 0x88, 0xb5];
  const tag = Array.from({ length: 20 }, (_, i) => i + 1);
  return Uint8Array.from([...eth, ...tag, ...Array.from({ length: payload }, () => 0x44)]);
}

async function t2rig() {
  const r = await rig(PROGRAM, { target: 'tofino2' });
  ok(table(r, 'Eg.by_src').add({ match: [{ kind: 'exact', value: SRC }], action: 'Eg.strip', params: [] }));
  return r;
}

describe('Tofino 2 programs (t2na.p4)', () => {
  // Rule (docs/tna-semantics.md, "Tofino 2"): 24 bytes of port metadata follow the ingress
  // intrinsic header, and the egress intrinsic header is 28 bytes; neither reaches the wire.
  test('the frame goes out whole after the Tofino 2 intrinsic headers, pkt_length and egress_port read right', async () => {
    const r = await t2rig();
    const frame = tagged(30);
    r.engine.receive(2, frame);
    assert.equal(r.out.length, 1);
    const o = r.out[0] as { port: number; frame: Uint8Array };
    assert.equal(o.port, 3);
    assert.equal(o.frame.length, frame.length - 20);
    // dst = egress_port (16 bits) then pkt_length (32 bits): port 3, length 64.
    assert.deepEqual([...o.frame.subarray(0, 6)], [0, 3, 0, 0, 0, frame.length]);
    assert.deepEqual(
      [...o.frame.subarray(14)],
      Array.from({ length: 30 }, () => 0x44),
    );
  });

  // Rule (docs/tna-semantics.md, "Byte counts"): counts include the 4-byte CRC; a counter with
  // true_egress_accounting counts the bytes the egress deparser sends, the others the packet
  // as it entered egress.
  test('true egress accounting counts the frame as sent, other counters as received', async () => {
    const r = await t2rig();
    const frame = tagged(30);
    r.engine.receive(2, frame);
    r.engine.receive(2, frame);
    const read = (n: string) => ok(r.state.counterByName.get(n)?.read(0) ?? { ok: false, message: n });
    assert.deepEqual(ok(r.state.counterByName.get('Ig.rx')?.read(2) ?? { ok: false, message: 'rx' }), {
      packets: 2,
      bytes: 2 * (frame.length + 4),
    });
    assert.deepEqual(read('Eg.as_received'), { packets: 2, bytes: 2 * (frame.length + 4) });
    assert.deepEqual(read('Eg.as_sent'), { packets: 2, bytes: 2 * (frame.length - 20 + 4) });
    const direct = r.state.directByName.get('Eg.direct_sent');
    assert.ok(direct !== undefined);
    const cells = (direct.snapshot() as { cells: [number, { packets: number; bytes: number }][] }).cells;
    assert.deepEqual(
      cells.map(([, v]) => v),
      [{ packets: 2, bytes: 2 * (frame.length - 20 + 4) }],
    );
  });
});
