// Tofino 2's stateful-ALU extensions end to end on a program of ours (test/compiler/codegen/p4/t2na-salu.p4):
// several outputs and the divider, FIFO and stack addressing with overflow/underflow, the
// 128-bit min/max unit with postmod, predicate() over four comparisons, address() and
// Register.clear (docs/tna-externs.md, "Tofino 2 stateful ALU").

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { bytesOf, cleanup, compile, ok, type Rig, ROOT, rig, table } from './helpers.js';

after(cleanup);

const PROGRAM = `${ROOT}/test/compiler/codegen/p4/t2na-salu.p4`;

interface Op {
  op: number;
  a?: number;
  b?: number;
  idx?: number;
}

/** Ethernet + the op header (op, a, b, r1, r2, r3 = 0, idx). */
function frame(o: Op): Uint8Array {
  return Uint8Array.from([
    ...bytesOf(0x0a0000000001n, 6),
    ...bytesOf(0x0a0000000002n, 6),
    0x88,
    0xb5,
    o.op,
    ...bytesOf(BigInt(o.a ?? 0), 2),
    ...bytesOf(BigInt(o.b ?? 0), 2),
    ...bytesOf(0n, 6),
    o.idx ?? 0,
  ]);
}

/** Sends one op and returns the r1, r2, r3 the packet came back with. */
function run(r: Rig, o: Op): [number, number, number] {
  const before = r.out.length;
  r.engine.receive(3, frame(o));
  assert.equal(r.out.length, before + 1, `op ${o.op}: one packet back`);
  const f = r.out[before]?.frame as Uint8Array;
  assert.equal(r.out[before]?.port, 3);
  const word = (at: number) => ((f[at] as number) << 8) | (f[at + 1] as number);
  return [word(19), word(21), word(23)];
}

describe('Tofino 2 stateful ALU (t2na)', () => {
  // Rule: execute(index, out rv2, out rv3) returns rv1 and copies the other outputs out; the
  // divider's quotient and remainder are two outputs of one pair of operands.
  test('several outputs: quotient, remainder and the updated cell', async () => {
    const r = await rig(PROGRAM, { target: 'tofino2' });
    assert.deepEqual(run(r, { op: 1, a: 0x4567, b: 0x3f, idx: 4 }), [0x11a, 1, 1]);
    assert.deepEqual(run(r, { op: 1, a: 100, b: 7, idx: 4 }), [14, 2, 2]);
    assert.deepEqual(run(r, { op: 1, a: 5, b: 9, idx: 5 }), [0, 5, 1]);
    assert.equal(r.state.registerByName.get('Ig.divisions')?.read(4), 2);
  });

  // Rule: enqueue writes after the newest queued cell, dequeue reads the oldest; a full FIFO
  // runs overflow() and an empty one underflow() instead, leaving the queue as it was.
  test('FIFO: first in, first out, with overflow and underflow', async () => {
    const r = await rig(PROGRAM, { target: 'tofino2' });
    assert.deepEqual(run(r, { op: 3 }), [0xdddd, 0xffff, 0]);
    for (const [i, a] of [10, 11, 12, 13].entries()) assert.deepEqual(run(r, { op: 2, a }), [0, i, 0]);
    assert.deepEqual(run(r, { op: 2, a: 14 }), [0xeeee, 0xffff, 0]);
    assert.deepEqual(run(r, { op: 3 }), [10, 0, 0]);
    assert.deepEqual(run(r, { op: 3 }), [11, 1, 0]);
    // The freed cell 0 is reused: the queue wraps around the register.
    assert.deepEqual(run(r, { op: 2, a: 15 }), [0, 0, 0]);
    assert.deepEqual(
      [12, 13, 15].map(() => run(r, { op: 3 })[0]),
      [12, 13, 15],
    );
    assert.deepEqual(run(r, { op: 3 }), [0xdddd, 0xffff, 0]);
  });

  // Rule: push writes above the top, pop reads the top; overflow()/underflow() at the ends.
  test('stack: last in, first out, with overflow and underflow', async () => {
    const r = await rig(PROGRAM, { target: 'tofino2' });
    assert.deepEqual(run(r, { op: 5 })[0], 0xdddd);
    for (const a of [1, 2, 3]) assert.equal(run(r, { op: 4, a })[0], 0);
    assert.equal(run(r, { op: 4, a: 4 })[0], 0xeeee);
    assert.deepEqual(
      [0, 1, 2, 3].map(() => run(r, { op: 5 })[0]),
      [3, 2, 1, 0xdddd],
    );
  });

  // Rule: max16 picks the largest unsigned 16-bit lane of the eight cells of a group (the
  // first cell lowest) among the lanes of the mask, returns it and its lane, and adds postmod
  // to it in the register; min16 with mask 0x0f looks at the first four lanes only.
  test('128-bit min/max unit over eight 16-bit cells, with postmod', async () => {
    const r = await rig(PROGRAM, { target: 'tofino2' });
    const values = [0x10, 0x30, 0x25, 0x05, 0x31, 0x02, 0x30, 0x07];
    for (const [i, a] of values.entries()) run(r, { op: 6, a, idx: 8 + i });
    assert.deepEqual(run(r, { op: 7, idx: 8 }).slice(0, 2), [0x31, 4]);
    // Lane 4 dropped by 2: now 0x2f; lanes 1 and 6 tie at 0x30 and the lower one wins.
    assert.deepEqual(run(r, { op: 7, idx: 8 }).slice(0, 2), [0x30, 1]);
    assert.deepEqual(run(r, { op: 7, idx: 8 }).slice(0, 2), [0x30, 6]);
    assert.equal(r.state.registerByName.get('Ig.lanes')?.read(12), 0x2f);
    assert.equal(run(r, { op: 8, idx: 8 })[0], 0x05);
    // Another group is untouched.
    assert.deepEqual(run(r, { op: 7, idx: 16 }).slice(0, 2), [0, 0]);
  });

  // Rule: predicate() sets bit c0 + 2*c1 + 4*c2 + 8*c3 of its result (one-hot of 16).
  test('predicate over four comparisons', async () => {
    const r = await rig(PROGRAM, { target: 'tofino2' });
    // value 7: 7 < 9, 7 > 1, 9 != 1, 7 == 7 → 1 + 2 + 8 = 11.
    assert.equal(run(r, { op: 9, a: 9, b: 1 })[0], 1 << 11);
    // 7 < 3 no, 7 > 8 no, 3 != 8, 7 == 7 → 8.
    assert.equal(run(r, { op: 9, a: 3, b: 8 })[0], 1 << 8);
    // 7 < 8, 7 > 8 no, 8 == 8, 7 == 7 → 1 + 4 + 8 = 13.
    assert.equal(run(r, { op: 9, a: 8, b: 8 })[0], 1 << 13);
  });

  // Rule: Register.clear(v) writes v into every cell before the next packet.
  test('Register.clear writes every cell', async () => {
    const r = await rig(PROGRAM, { target: 'tofino2' });
    run(r, { op: 6, a: 0x99, idx: 3 });
    run(r, { op: 10 });
    const lanes = r.state.registerByName.get('Ig.lanes');
    assert.deepEqual(
      [0, 3, 63].map((i) => lanes?.read(i)),
      [0x40, 0x40, 0x40],
    );
    assert.deepEqual(run(r, { op: 7, idx: 0 }).slice(0, 2), [0x40, 0]);
  });

  // Rule: with @chain_total_size(N) the registers declared after the first share one address
  // space of N cells, each holding its range; a run at another register's address is a no-op
  // returning 0, and the first register's FIFO pointer spans all N.
  test('a FIFO chained over two registers (multistage)', async () => {
    const r = await rig(PROGRAM, { target: 'tofino2' });
    for (const [i, a] of [21, 22, 23, 24].entries()) assert.equal(run(r, { op: 11, a })[1], i);
    const a = r.state.registerByName.get('Ig.chain_a');
    const b = r.state.registerByName.get('Ig.chain_b');
    assert.deepEqual([a?.read(0), a?.read(1), b?.read(0), b?.read(1)], [21, 22, 23, 24]);
    // Full: the fifth enqueue writes nothing.
    run(r, { op: 11, a: 25 });
    assert.deepEqual(
      [0, 1, 2, 3, 4].map(() => run(r, { op: 12 }).slice(0, 2)),
      [
        [21, 0],
        [22, 1],
        [23, 2],
        [24, 3],
        [0, 0],
      ],
    );
  });

  // Rule: DirectRegisterAction2 runs on the matched entry's cell, with an output of each type.
  test('DirectRegisterAction2: two outputs on the matched entry', async () => {
    const r = await rig(PROGRAM, { target: 'tofino2' });
    ok(table(r, 'Ig.by_idx').add({ match: [{ kind: 'exact', value: 5 }], action: 'Ig.hit', params: [] }));
    assert.deepEqual(run(r, { op: 13, idx: 5, a: 3, b: 2 }).slice(0, 2), [1, 2]);
    assert.deepEqual(run(r, { op: 13, idx: 5, a: 2, b: 3 }).slice(0, 2), [2, 1]);
    assert.deepEqual(run(r, { op: 13, idx: 6, a: 2, b: 3 }).slice(0, 2), [1, 1]);
    assert.deepEqual(run(r, { op: 13, idx: 5 }).slice(0, 2), [3, 1]);
  });

  test('Tofino 1 (tna.p4) has none of these externs', () => {
    const src = `#include <core.p4>
#include <tna.p4>
control C() {
    Register<bit<16>, bit<8>>(4) fifo;
    RegisterAction<bit<16>, bit<8>, bit<16>>(fifo) ra = { void apply(inout bit<16> v) { } };
    apply { ra.enqueue(); }
}
`;
    const c = compile(src, { source: true });
    assert.match(c.messages, /has no member 'enqueue'/);
  });
});
