// ghost.round (runtime/control/ghost-methods.ts): its parameters are checked before the round
// runs, the round reaches the engine's ghost thread with the reports as given, and a switch or
// pipe without a ghost control answers METHOD_NOT_FOUND.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GhostQueueReport } from '../../../runtime/arch/tna.js';
import { ghostRound } from '../../../runtime/control/ghost-methods.js';

function recording(has = true) {
  const rounds: { pipe: number; reports: readonly GhostQueueReport[] }[] = [];
  return {
    rounds,
    target: {
      ghost: {
        round: (pipe: number, reports: readonly GhostQueueReport[]) => {
          rounds.push({ pipe, reports });
          return has;
        },
      },
    },
  };
}

describe('ghost.round', () => {
  test('hands the reports to the pipe named (0 when none)', () => {
    const r = recording();
    const a = ghostRound(r.target, { reports: [{ qid: 5, qlength: 100 }] });
    assert.deepEqual(a, { ok: true, value: { pipe: 0, reports: 1 } });
    const b = ghostRound(r.target, {
      pipe: 2,
      reports: [
        { qid: 0x7ff, qlength: 0x3ffff },
        { qid: 0, qlength: 0 },
      ],
    });
    assert.ok(b.ok);
    assert.deepEqual(r.rounds, [
      { pipe: 0, reports: [{ qid: 5, qlength: 100 }] },
      {
        pipe: 2,
        reports: [
          { qid: 0x7ff, qlength: 0x3ffff },
          { qid: 0, qlength: 0 },
        ],
      },
    ]);
  });

  test('bad parameters are refused before any report runs', () => {
    const r = recording();
    for (const p of [
      { reports: [{ qid: 0x800, qlength: 1 }] },
      { reports: [{ qid: 1, qlength: 0x40000 }] },
      {
        reports: [
          { qid: 1, qlength: 1 },
          { qid: -1, qlength: 1 },
        ],
      },
      { reports: [{ qid: 1 }] },
      { reports: [7] },
      { reports: 'none' },
      { pipe: 4, reports: [] },
    ]) {
      const x = ghostRound(r.target, p);
      assert.equal(x.ok, false, JSON.stringify(p));
      if (!x.ok) assert.equal(x.code, 'INVALID_PARAMS');
    }
    assert.equal(r.rounds.length, 0);
  });

  test('no ghost thread, or none on that pipe: METHOD_NOT_FOUND', () => {
    const none = ghostRound({}, { reports: [] });
    assert.ok(!none.ok && none.code === 'METHOD_NOT_FOUND');
    const off = ghostRound(recording(false).target, { pipe: 1, reports: [{ qid: 1, qlength: 1 }] });
    assert.ok(!off.ok && off.code === 'METHOD_NOT_FOUND');
  });
});
