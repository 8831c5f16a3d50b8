// ParserCounter in generated code (test/compiler/codegen/p4/parser-counter.p4): a counter
// loaded from a length field (rotate, mask, add, at most max) drives a parser loop; a length
// above max is a CounterRange parser error.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { ParserCounter } from '../../../runtime/externs/parser-counter.js';
import { bytesOf, cleanup, type Rig, ROOT, rig } from './helpers.js';

const PROGRAM = `${ROOT}/test/compiler/codegen/p4/parser-counter.p4`;

after(cleanup);

function send(r: Rig, len: number, options: number[]): { count: number; err: number } | undefined {
  const n = r.out.length;
  r.engine.receive(1, Uint8Array.from([...bytesOf(2n, 6), ...bytesOf(1n, 6), 0x88, 0xb5, len, ...options, 0xee]));
  if (r.out.length === n) return undefined;
  const f = r.out.at(-1)?.frame as Uint8Array;
  return { count: f[14] as number, err: ((f[15] as number) << 8) | (f[16] as number) };
}

describe('ParserCounter compiled', () => {
  test('the counter loaded from the length byte extracts that many options', async () => {
    const r = await rig(PROGRAM);
    assert.deepEqual(send(r, 0, [7, 7, 7]), { count: 0, err: 0 });
    assert.deepEqual(send(r, 2, [7, 7, 7]), { count: 2, err: 0 });
    assert.deepEqual(send(r, 0x13, [7, 7, 7]), { count: 3, err: 0 }, 'the mask keeps the low 4 bits: 3');
  });

  test('a loaded value above max is a CounterRange parser error', async () => {
    const r = await rig(PROGRAM);
    const o = send(r, 5, [7, 7, 7, 7, 7]);
    // The program reads parser_err, so the packet goes on with the CounterRange flag set.
    assert.deepEqual(o, { count: 0, err: 0x0004 });
  });

  test('the counter is 8-bit signed: rotate, mask and add as the parser loads it', () => {
    const c = new ParserCounter();
    assert.equal(c.load(0x0f0, 12, 255, 4, 7, 1), true);
    assert.equal(c.current, 0x0f + 1);
    c.decrement(20);
    assert.equal(c.isNegative(), true);
    c.set(0x100);
    assert.equal(c.isZero(), true);
    assert.equal(c.load(0xff, 8, 10, 0, 7, 0), false);
  });
});
