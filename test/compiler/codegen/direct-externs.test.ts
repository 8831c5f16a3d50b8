// Direct externs in generated code (test/compiler/codegen/p4/direct-externs.p4): a
// DirectRegisterAction and DirectMeters reach the cell of the entry their table matched
// (handle 0 on a miss), run in process through the switch's own loader and engine.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { type ControlTarget, callMethod } from '../../../runtime/control/methods.js';
import type { DirectRegister } from '../../../runtime/externs/direct-externs.js';
import type { DirectMeter } from '../../../runtime/externs/direct-meter.js';
import { GREEN, RED, YELLOW } from '../../../runtime/externs/meter.js';
import { bytesOf, cleanup, ok, type Rig, ROOT, rig, table } from './helpers.js';

const PROGRAM = `${ROOT}/test/compiler/codegen/p4/direct-externs.p4`;
const PAYLOAD = [1, 2, 3, 4, 5, 6, 7, 8];

after(cleanup);

function frame(dst: number, src: number): Uint8Array {
  return Uint8Array.from([
    ...bytesOf(0x020000000000n + BigInt(dst), 6),
    ...bytesOf(0x020000000000n + BigInt(src), 6),
    0x88,
    0xb5,
    ...PAYLOAD,
  ]);
}

/** The results header after the Ethernet header of the last frame out. */
function lastResult(r: Rig): { hits: number; tag: number; color: number; awareColor: number } {
  const f = r.out.at(-1)?.frame;
  assert.ok(f !== undefined, 'a frame came out');
  const b = f.subarray(14);
  return {
    hits: (((b[0] as number) << 24) | ((b[1] as number) << 16) | ((b[2] as number) << 8) | (b[3] as number)) >>> 0,
    tag: b[4] as number,
    color: b[5] as number,
    awareColor: b[6] as number,
  };
}

function send(r: Rig, dst: number, src: number) {
  r.engine.receive(1, frame(dst, src));
  return lastResult(r);
}

function directRegister(r: Rig, name: string): DirectRegister {
  return r.state.directByName.get(name) as DirectRegister;
}

function directMeter(r: Rig, name: string): DirectMeter {
  return r.state.directByName.get(name) as DirectMeter;
}

function exact(v: number) {
  return [{ kind: 'exact' as const, value: v }];
}

describe('direct externs compiled', () => {
  test('a DirectRegisterAction bumps the matched entry’s own cell, from the initial value, and the miss its own', async () => {
    const r = await rig(PROGRAM);
    const bySrc = table(r, 'Ig.by_src');
    const a = ok(bySrc.add({ match: exact(0x01), action: 'Ig.src_hit', params: [7] }));
    const b = ok(bySrc.add({ match: exact(0x02), action: 'Ig.src_hit', params: [8] }));
    const seen = [send(r, 0, 0x01), send(r, 0, 0x01), send(r, 0, 0x02), send(r, 0, 0x55), send(r, 0, 0x01)];
    assert.deepEqual(
      seen.map((s) => [s.hits, s.tag]),
      [
        [11, 7],
        [12, 7],
        [11, 8],
        [11, 0xff],
        [13, 7],
      ],
    );
    const hits = directRegister(r, 'Ig.hits');
    assert.deepEqual([hits.read(a), hits.read(b), hits.read(0)], [13, 11, 11]);
    assert.deepEqual(r.state.p4info.directResources[0], {
      id: r.state.p4info.directResources[0]?.id,
      name: 'Ig.hits',
      kind: 'register',
      table: 'Ig.by_src',
      width: 32,
      signed: false,
      initial: 10,
    });
  });

  test('a register written for one entry is what that entry’s next packet reads', async () => {
    const r = await rig(PROGRAM);
    const a = ok(table(r, 'Ig.by_src').add({ match: exact(0x01), action: 'Ig.src_hit', params: [7] }));
    directRegister(r, 'Ig.hits').write(a, 0xfffffffe);
    assert.equal(send(r, 0, 0x01).hits, 0xffffffff);
    assert.equal(send(r, 0, 0x01).hits, 0, 'bit<32> wraps');
  });

  test('a direct meter turns a burst from GREEN to RED for its entry only', async () => {
    const r = await rig(PROGRAM);
    const byDst = table(r, 'Ig.by_dst');
    const a = ok(byDst.add({ match: exact(0x0a), action: 'Ig.dst_metered', params: [] }));
    const b = ok(byDst.add({ match: exact(0x0b), action: 'Ig.dst_metered', params: [] }));
    const m = directMeter(r, 'Ig.dst_meter');
    // 1 packet per second committed and peak: the burst sizes alone decide the colors.
    ok(m.configure(a, { cir: 1, cbs: 2, pir: 1, pbs: 3 }));
    ok(m.configure(b, { cir: 1, cbs: 2, pir: 1, pbs: 3 }));
    const burst = [1, 2, 3, 4, 5].map(() => send(r, 0x0a, 0).color);
    assert.deepEqual(burst, [GREEN, GREEN, YELLOW, RED, RED]);
    assert.equal(send(r, 0x0b, 0).color, GREEN, 'the other entry still has its tokens');
    assert.equal(send(r, 0x0c, 0).color, GREEN, 'the unconfigured default cell marks GREEN');
    m.forget(a);
    assert.equal(send(r, 0x0a, 0).color, GREEN, 'a forgotten entry marks GREEN');
  });

  test('a color-aware direct meter never upgrades a YELLOW pre-color, and meters bytes', async () => {
    const r = await rig(PROGRAM);
    const h = ok(table(r, 'Ig.by_dst_aware').add({ match: exact(0x0a), action: 'Ig.dst_aware', params: [] }));
    const m = directMeter(r, 'Ig.aware_meter');
    const bytes = frame(0x0a, 0).length;
    // Peak bucket for two frames and a half; the committed bucket is full but unused.
    ok(m.configure(h, { cir: 1, cbs: 10 * bytes, pir: 1, pbs: 2.5 * bytes }));
    const colors = [1, 2, 3].map(() => send(r, 0x0a, 0).awareColor);
    assert.deepEqual(colors, [YELLOW, YELLOW, RED]);
  });

  test('a meter refuses a PIR below its CIR and an entry beyond its cells', async () => {
    const r = await rig(PROGRAM);
    const m = directMeter(r, 'Ig.dst_meter');
    const bad = m.configure(1, { cir: 10, cbs: 1, pir: 5, pbs: 1 });
    assert.equal(bad.ok ? '' : bad.code, 'BAD_METER_CONFIG');
    assert.equal(m.config(1), null, 'a refused configuration claims no cell');
    // by_dst has 16 entries: 17 cells with the default action's.
    for (let h = 0; h < 17; h++) ok(m.configure(h, { cir: 1, cbs: 1, pir: 1, pbs: 1 }));
    const full = m.configure(17, { cir: 1, cbs: 1, pir: 1, pbs: 1 });
    assert.equal(full.ok ? '' : full.code, 'BAD_INDEX');
    m.forget(3);
    ok(m.configure(17, { cir: 1, cbs: 1, pir: 1, pbs: 1 }));
  });

  test('the control plane reads and writes a direct register and configures a direct meter by entry handle', async () => {
    const r = await rig(PROGRAM);
    const cp: ControlTarget = {
      state: r.state,
      tm: r.tm,
      stats: () => ({}),
      info: () => ({}),
      onDigest: () => () => {},
    };
    const a = ok(table(r, 'Ig.by_src').add({ match: exact(0x01), action: 'Ig.src_hit', params: [7] }));
    ok(callMethod(cp, 'register.write', { register: 'Ig.hits', handle: a, value: 41 }));
    send(r, 0, 0x01);
    assert.deepEqual(ok(callMethod(cp, 'register.read', { register: 'hits', handle: a })), {
      register: 'Ig.hits',
      handle: a,
      value: 42,
    });
    const noHandle = callMethod(cp, 'register.read', { register: 'Ig.hits' });
    assert.equal(noHandle.ok ? '' : noHandle.code, 'BAD_INDEX');
    const d = ok(table(r, 'Ig.by_dst').add({ match: exact(0x0a), action: 'Ig.dst_metered', params: [] }));
    ok(callMethod(cp, 'meter.configure', { meter: 'Ig.dst_meter', handle: d, cir: 1, cbs: 1, pir: 1, pbs: 1 }));
    assert.deepEqual([send(r, 0x0a, 0).color, send(r, 0x0a, 0).color], [GREEN, RED]);
    const bad = callMethod(cp, 'meter.configure', {
      meter: 'Ig.dst_meter',
      handle: d,
      cir: 'fast',
      cbs: 1,
      pir: 1,
      pbs: 1,
    });
    assert.equal(bad.ok ? '' : bad.code, 'BAD_METER_CONFIG');
    const unknown = callMethod(cp, 'meter.configure', { meter: 'Ig.nope', handle: d, cir: 1, cbs: 1, pir: 1, pbs: 1 });
    assert.equal(unknown.ok ? '' : unknown.code, 'INVALID_METER_NAME');
  });
});
