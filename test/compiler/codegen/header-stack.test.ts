// Header stacks in generated code (test/compiler/codegen/p4/header-stack.p4): `next`, `last`
// and `lastIndex` in the parser, push_front and pop_front in a control, and the deparser
// emitting the valid elements in order.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { bytesOf, cleanup, type Rig, ROOT, rig } from './helpers.js';

const PROGRAM = `${ROOT}/test/compiler/codegen/p4/header-stack.p4`;

after(cleanup);

function send(r: Rig, etype: number, tags: [number, number][]): number[] {
  const body = tags.flatMap(([v, more]) => [v >> 8, v & 0xff, more]);
  r.engine.receive(1, Uint8Array.from([...bytesOf(2n, 6), ...bytesOf(1n, 6), etype >> 8, etype & 0xff, ...body, 0xee]));
  const f = r.out.at(-1)?.frame;
  assert.ok(f !== undefined, 'a frame came out');
  return [...f.subarray(14)];
}

describe('header stacks compiled', () => {
  test('push_front moves the parsed tags back one place and the new first tag goes out in front', async () => {
    const r = await rig(PROGRAM);
    const out = send(r, 0x2222, [
      [0x0101, 1],
      [0x0202, 0],
    ]);
    // res (last_index 1), then three tags: the pushed one and the two parsed ones; then payload.
    assert.deepEqual(out, [1, 0xaa, 0xaa, 1, 0x01, 0x01, 1, 0x02, 0x02, 0, 0xee]);
  });

  test('pop_front drops the first tag; a full stack pushed loses its last element', async () => {
    const r = await rig(PROGRAM);
    assert.deepEqual(
      send(r, 0x1111, [
        [0x0101, 1],
        [0x0202, 0],
      ]),
      [1, 0x02, 0x02, 0, 0xee],
    );
    assert.deepEqual(
      send(r, 0x2222, [
        [0x0101, 1],
        [0x0202, 1],
        [0x0303, 0],
      ]),
      [2, 0xaa, 0xaa, 1, 0x01, 0x01, 1, 0x02, 0x02, 1, 0xee],
    );
  });
});
