// Per-port metadata in generated code (test/compiler/codegen/p4/port-metadata.p4): the
// control plane sets 64 bits per ingress port, by the fields of the program's
// port_metadata_unpack<T> type or as one raw value; the ingress parser reads T from them
// (first field in the most significant bits) and continues after all 64 bits.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { packPortMetadata, unpackPortMetadata } from '../../../runtime/arch/port-metadata.js';
import { type ControlTarget, callMethod } from '../../../runtime/control/methods.js';
import { bytesOf, cleanup, type Rig, ROOT, rig } from './helpers.js';

const PROGRAM = `${ROOT}/test/compiler/codegen/p4/port-metadata.p4`;

after(cleanup);

const FRAME = Uint8Array.from([...bytesOf(0x020000000002n, 6), ...bytesOf(0x020000000001n, 6), 0x88, 0xb5, 9, 9]);

function send(r: Rig, port: number): { eth: number[]; vlan: number; tag: number; zone: number; inPort: number } {
  r.engine.receive(port, FRAME);
  const f = r.out.at(-1)?.frame;
  assert.ok(f !== undefined);
  const b = [...f];
  return {
    eth: b.slice(0, 14),
    vlan: ((b[14] as number) << 8) | (b[15] as number),
    tag: b[16] as number,
    zone: ((b[17] as number) << 16) | ((b[18] as number) << 8) | (b[19] as number),
    inPort: ((b[20] as number) << 8) | (b[21] as number),
  };
}

function call(r: Rig, method: string, params: Record<string, unknown>) {
  return callMethod({ state: r.state, tm: r.tm } as unknown as ControlTarget, method, params);
}

describe('port metadata compiled', () => {
  test('port_metadata_unpack reads the fields the control plane set for the ingress port; other ports read zeros', async () => {
    const r = await rig(PROGRAM);
    const set = call(r, 'portMetadata.set', { port: 1, fields: { vlan: 100, tag: 7, zone: '0xabcdef' } });
    assert.ok(set.ok);
    const o = send(r, 1);
    assert.deepEqual([o.vlan, o.tag, o.zone], [100, 7, 0xabcdef]);
    assert.deepEqual(o.eth, [...FRAME.subarray(0, 14)], 'the parser moved past all 64 bits');
    const other = send(r, 3);
    assert.deepEqual([other.vlan, other.tag, other.zone], [0, 0, 0]);
    assert.deepEqual([o.inPort, other.inPort], [1, 3], 'a local initialised from ig_intr_md, per packet');
  });

  test('a raw 64-bit value lays the fields out from the most significant bit; delete restores zeros', async () => {
    const r = await rig(PROGRAM);
    assert.ok(call(r, 'portMetadata.set', { port: 4, value: '0x0064_07abcdef_0000'.replaceAll('_', '') }).ok);
    assert.deepEqual(call(r, 'portMetadata.get', { port: 4 }), {
      ok: true,
      value: { port: 4, set: true, value: '0x006407abcdef0000', fields: { vlan: 100, tag: 7, zone: 0xabcdef } },
    });
    const o = send(r, 4);
    assert.deepEqual([o.vlan, o.tag, o.zone], [100, 7, 0xabcdef]);
    assert.ok(call(r, 'portMetadata.delete', { port: 4 }).ok);
    assert.equal(send(r, 4).vlan, 0);
  });

  test('p4info names the type; bad fields, values and ports are refused and change nothing', async () => {
    const r = await rig(PROGRAM);
    assert.deepEqual(r.state.p4info.portMetadata, {
      type: 'port_md_t',
      fields: [
        { name: 'vlan', width: 16 },
        { name: 'tag', width: 8 },
        { name: 'zone', width: 24 },
      ],
    });
    const codes = [
      call(r, 'portMetadata.set', { port: 1, fields: { nope: 1 } }),
      call(r, 'portMetadata.set', { port: 1, fields: { tag: 256 } }),
      call(r, 'portMetadata.set', { port: 1, value: '0x1ffffffffffffffff' }),
      call(r, 'portMetadata.set', { port: 512, value: 1 }),
    ].map((x) => (x.ok ? 'ok' : x.code));
    assert.deepEqual(codes, ['BAD_VALUE', 'BAD_VALUE', 'BAD_VALUE', 'INVALID_PORT']);
    assert.equal(r.state.portMetadata.get(1), undefined);
  });
});

describe('port metadata packing', () => {
  test('pack and unpack are inverse for values that fit', () => {
    const layout = [
      { name: 'a', width: 3 },
      { name: 'b', width: 40 },
      { name: 'c', width: 21 },
    ];
    const values = { a: 5n, b: 0x12_3456_789an, c: 0x1f_ffffn };
    const packed = packPortMetadata(layout, values);
    assert.ok(packed.ok);
    assert.deepEqual(unpackPortMetadata(layout, packed.value), values);
    assert.equal(packPortMetadata([{ name: 'big', width: 65 }], {}).ok, false);
  });
});
