// Tofino 2's parser counter stack (runtime/externs/parser-counter.ts): push saves the counter
// under a new one, a value saved with update_with_top follows the top's changes, pop restores.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ParserCounter } from '../../../runtime/externs/parser-counter.js';

describe('ParserCounter stack (Tofino 2)', () => {
  test('a value pushed with update_with_top follows the decrements of the top', () => {
    const c = new ParserCounter();
    c.set(12);
    assert.equal(c.push(8, true), true);
    for (let i = 0; i < 8; i++) c.decrement(1);
    assert.equal(c.isZero(), true);
    c.pop();
    assert.equal(c.current, 4);
  });

  test('without update_with_top the saved value comes back unchanged', () => {
    const c = new ParserCounter();
    c.set(12);
    c.push(3);
    c.decrement(3);
    c.pop();
    assert.equal(c.current, 12);
  });

  test('pushLoad loads like set(field, …) and refuses a value above max, leaving the stack as it was', () => {
    const c = new ParserCounter();
    c.set(5);
    assert.equal(c.pushLoad(0x30, 8, 255, 4, 7, 1, false), true); // 0x30 rotated by 4 = 3, + 1
    assert.equal(c.current, 4);
    assert.equal(c.pushLoad(200, 8, 100, 0, 7, 0, false), false);
    assert.equal(c.current, 4);
    c.pop();
    assert.equal(c.current, 5);
  });

  test('the stack holds three saved counters; clear empties it for the next packet', () => {
    const c = new ParserCounter();
    assert.deepEqual([c.push(1), c.push(2), c.push(3), c.push(4)], [true, true, true, false]);
    c.clear();
    assert.equal(c.current, 0);
    c.pop();
    assert.equal(c.current, 0);
  });
});
