// What Lpf and Wred share per cell (runtime/externs/lpf-wred.ts): indexes checked on
// configuration, a new configuration starting the filter afresh, a deleted entry's cell
// unconfigured again (the direct forms), and reset. The filters' formulas are tested through
// generated code in test/compiler/codegen/lpf-wred.test.ts.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DirectCells, Lpf, Wred } from '../../../runtime/externs/lpf-wred.js';

const SAMPLE = { mode: 'SAMPLE', gainNs: 1000, decayNs: 1000, scaleDown: 0 } as const;
const WRED = { timeConstantNs: 1000, minThreshold: 10, maxThreshold: 20, maxProbability: 1 };

describe('Lpf and Wred cells', () => {
  test('an index outside the extern is refused and configures nothing', () => {
    const l = new Lpf('l', 4, 16);
    const w = new Wred('w', 4, 1, 0);
    for (const i of [-1, 4, 1.5]) {
      const a = l.configure(i, SAMPLE);
      const b = w.configure(i, WRED);
      assert.equal(a.ok ? 'ok' : a.code, 'BAD_INDEX');
      assert.equal(b.ok ? 'ok' : b.code, 'BAD_INDEX');
    }
    assert.equal(l.execute(300, 0, 0), 300, 'still unconfigured: the input passes');
    assert.equal(w.execute(300, 0, 0), 0, 'still unconfigured: never drops');
  });

  test('the first sample after a configuration sets the filtered value', () => {
    const l = new Lpf('l', 1, 16);
    assert.ok(l.configure(0, SAMPLE).ok);
    assert.equal(l.execute(100, 0, 0), 100);
    assert.ok(l.execute(0, 0, 1000) < 100);
    assert.ok(l.configure(0, SAMPLE).ok);
    assert.equal(l.execute(40, 0, 2000), 40);
    const w = new Wred('w', 1, 1, 0);
    assert.ok(w.configure(0, WRED).ok);
    w.execute(30, 0, 0);
    assert.equal(w.average(0), 30);
    assert.ok(w.configure(0, WRED).ok);
    w.execute(5, 0, 10);
    assert.equal(w.average(0), 5);
  });

  test('a deleted entry’s cell is unconfigured again; reset forgets every sample', () => {
    const cells = new DirectCells('t', 4);
    const l = new Lpf('l', 4, 16, cells);
    const slot = cells.slot(77);
    assert.ok(l.configure(slot, SAMPLE).ok);
    assert.deepEqual(l.config(slot), SAMPLE);
    assert.equal(l.execute(100, 77, 0), 100);
    l.forget(77);
    assert.equal(l.config(slot), undefined);
    assert.equal(l.execute(9, 77, 10), 9, 'unconfigured: the input passes');
    const w = new Wred('w', 1, 1, 0);
    assert.ok(w.configure(0, WRED).ok);
    w.execute(30, 0, 0);
    w.reset();
    assert.equal(w.average(0), 0);
    w.execute(12, 0, 5);
    assert.equal(w.average(0), 12, 'after reset the next sample starts the average');
  });
});
