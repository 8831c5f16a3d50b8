// P4 width semantics and control flow in generated code (test/compiler/codegen/p4/semantics.p4):
// saturating arithmetic, casts between signed and unsigned, wrap-around, concatenation,
// constant and run-time shifts, slice assignment, 64-bit values, multiplication, header stacks
// filled by a parser loop, parser value sets, switch on action_run, default actions with
// arguments and exit. Results are compared with values computed here with bigints.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { bytesOf, cleanup, ok, type Rig, ROOT, rig, table } from './helpers.js';

const PROGRAM = `${ROOT}/test/compiler/codegen/p4/semantics.p4`;
const SRC = 0x0a0b0c0d0e0fn;

after(cleanup);

function frame(etype: number, tags: number[], a: number, b: number, sh: number, sel: number): Uint8Array {
  return Uint8Array.from([
    ...bytesOf(0x020000000002n, 6),
    ...bytesOf(SRC, 6),
    etype >> 8,
    etype & 0xff,
    ...tags,
    a,
    b,
    sh,
    sel,
    0xee,
    0xff,
  ]);
}

interface Results {
  sat_add: number;
  sat_sub: number;
  neg_cast: number;
  signed_wrap: number;
  concat: number;
  shifted: number;
  var_shift: number;
  sliced: number;
  wide: bigint;
  tag_count: number;
  path: number;
  after_exit: number;
  mul: number;
}

function results(f: Uint8Array, offset: number): Results {
  const u = (o: number, n: number) => f.subarray(offset + o, offset + o + n).reduce((acc, x) => acc * 256 + x, 0);
  const big = (o: number, n: number) =>
    f.subarray(offset + o, offset + o + n).reduce((acc, x) => acc * 256n + BigInt(x), 0n);
  return {
    sat_add: u(0, 1),
    sat_sub: u(1, 1),
    neg_cast: u(2, 1),
    signed_wrap: u(3, 1),
    concat: u(4, 2),
    shifted: u(6, 4),
    var_shift: u(10, 4),
    sliced: u(14, 4),
    wide: big(18, 8),
    tag_count: u(26, 1),
    path: u(27, 1),
    after_exit: u(28, 1),
    mul: u(29, 1),
  };
}

function expected(a: number, b: number, sh: number, tags: number, path: number, afterExit: number): Results {
  const w8 = (v: bigint) => Number(BigInt.asUintN(8, v));
  return {
    sat_add: Math.min(a + 200, 255),
    sat_sub: Math.max(b - 10, 0),
    neg_cast: w8(-3n),
    signed_wrap: w8(BigInt.asIntN(8, BigInt(b)) - 100n),
    concat: a * 256 + b,
    shifted: Number(BigInt.asUintN(32, BigInt(a) << 28n)),
    var_shift: sh >= 32 ? 0 : Number(0x80000000n >> BigInt(sh)),
    sliced: Number((0xffffffffn & ~0xff00n) | (BigInt(a) << 8n)),
    wide: (SRC << 16n) | BigInt(a * 256 + b),
    tag_count: tags,
    path,
    after_exit: afterExit,
    mul: w8(BigInt(a) * BigInt(b)),
  };
}

async function program(): Promise<Rig> {
  // semantics.p4 multiplies and shifts by run-time amounts on purpose: P4 allows it and the
  // emulator runs it, though Tofino has no instruction for it, so the target checks are off here.
  const r = await rig(PROGRAM, { targetChecks: false });
  const vs = r.state.valueSetByName.get('IgP.tagged_types');
  assert.ok(vs !== undefined);
  ok(vs.set([{ value: [0x8100], mask: [0xffff] }]));
  ok(table(r, 'Ig.choose').add({ match: [{ kind: 'exact', value: 2 }], action: 'Ig.path_b', params: [] }));
  return r;
}

describe('generated code keeps P4 width semantics', () => {
  const cases: [number, number, number, number][] = [
    [0x81, 0x05, 4, 1],
    [0x00, 0xff, 0, 2],
    [0xff, 0x7f, 31, 1],
    [0x10, 0x64, 40, 9],
  ];
  for (const [a, b, sh, sel] of cases) {
    test(`a=${a} b=${b} sh=${sh} sel=${sel}: every result matches its bigint reference`, async () => {
      const r = await program();
      r.engine.receive(1, frame(0x9001, [], a, b, sh, sel));
      assert.equal(r.out.length, 1);
      const path = sel === 2 ? 0xbb + 2 : 0xdd + 1;
      assert.deepEqual(results(r.out[0]?.frame as Uint8Array, 18), expected(a, b, sh, 0, path, sel === 9 ? 0 : 1));
    });
  }

  test('a parser loop fills the header stack through .next; a value set selects it', async () => {
    const r = await program();
    r.engine.receive(1, frame(0x8100, [5, 7, 0], 1, 2, 3, 1));
    const f = r.out[0]?.frame as Uint8Array;
    assert.deepEqual([...f.subarray(14, 17)], [5, 7, 0]);
    assert.equal(results(f, 21).tag_count, 3);
  });

  test('a fifth tag overflows the four-element stack: StackOutOfBounds drops the packet', async () => {
    const r = await program();
    r.engine.receive(1, frame(0x8100, [1, 2, 3, 4, 5, 0], 1, 2, 3, 1));
    assert.equal(r.out.length, 0);
    assert.equal(r.engine.stats.drops.ingress_parser_error, 1);
  });

  test('exit before anything else leaves the packet as parsed (no results header)', async () => {
    const r = await program();
    const f = frame(0x0800, [], 1, 2, 3, 1);
    r.engine.receive(1, f);
    assert.deepEqual(r.out[0]?.frame, f);
  });
});
