// The conformance verdict: a figure that moves the wrong way against the committed expectation
// is a regression, one that moves the right way an improvement, one without expectation new.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareFigures, type Figure } from '../../conformance/figures.js';

const fig = (key: string, value: number, direction: Figure['direction']): Figure => ({
  key,
  label: key,
  value,
  direction,
});

describe('compareFigures', () => {
  it('a pass count that drops and a miss count that grows are regressions', () => {
    const c = compareFigures([fig('clean', 1026, 'at-least'), fig('missed', 13, 'at-most')], {
      clean: 1027,
      missed: 12,
    });
    assert.deepEqual(c.regressions, ['clean: 1026, expected at least 1027', 'missed: 13, expected at most 12']);
    assert.deepEqual(c.improvements, []);
  });

  it('moves the right way are improvements, equal figures are silent', () => {
    const c = compareFigures([fig('clean', 1028, 'at-least'), fig('missed', 11, 'at-most'), fig('n', 5, 'exactly')], {
      clean: 1027,
      missed: 12,
      n: 5,
    });
    assert.deepEqual(c.regressions, []);
    assert.equal(c.improvements.length, 2);
  });

  it('a total that changes is a regression either way (the corpus is not the one measured)', () => {
    assert.equal(compareFigures([fig('programs', 1302, 'exactly')], { programs: 1301 }).regressions.length, 1);
    assert.equal(compareFigures([fig('programs', 1300, 'exactly')], { programs: 1301 }).regressions.length, 1);
  });

  it('a figure without expectation is reported as new; info figures are never compared', () => {
    const c = compareFigures([fig('fresh', 3, 'at-least'), fig('moving', 9, 'info')], { moving: 1 });
    assert.deepEqual(c.unexpected, ['fresh: 3 (no expectation committed)']);
    assert.deepEqual(c.regressions, []);
  });
});
