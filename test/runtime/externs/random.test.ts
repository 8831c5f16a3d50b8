import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Random } from '../../../runtime/externs/random.js';

describe('Random<W>', () => {
  test('the same seed gives the same sequence, reset restarts it', () => {
    const a = new Random(16, 7);
    const b = new Random(16, 7);
    const first = Array.from({ length: 20 }, () => a.get());
    assert.deepEqual(
      Array.from({ length: 20 }, () => b.get()),
      first,
    );
    a.reset();
    assert.equal(a.get(), first[0]);
    assert.notDeepEqual(
      Array.from({ length: 20 }, () => new Random(16, 8).get()),
      first,
    );
  });

  test('values stay within W bits and cover the range roughly uniformly', () => {
    const r = new Random(3, 1);
    const hist = new Array(8).fill(0);
    for (let i = 0; i < 80000; i++) {
      const v = r.get();
      assert.ok(v >= 0 && v < 8);
      hist[v]++;
    }
    for (const h of hist) assert.ok(h > 9000 && h < 11000, `bucket ${h}`);
    const w = new Random(40, 1);
    for (let i = 0; i < 100; i++) assert.ok(w.getBig() < 1n << 40n);
  });
});
