// The audit's rules (cluster/audit.ts) and the run configuration's checks, without processes:
// which final values the histories allow for a key, how the destination's answers are judged,
// and which option values a run refuses.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type HistoryOp, NO_RESPONSE } from '../../client/history.js';
import { compareWithHistories, finalStates, type KeyRead } from '../../cluster/audit.js';
import { DEFAULT_CONFIG, defaultMaxGroupBits, validateConfig } from '../../cluster/experiment-config.js';

const write = (key: number, tag: string, invoke: number, response: number): HistoryOp => ({
  kind: 'write',
  key,
  tag,
  invoke,
  response,
});
const del = (key: number, invoke: number, response: number): HistoryOp => ({ kind: 'delete', key, invoke, response });
const read = (key: number, tag: string | null, invoke: number, response: number): HistoryOp => ({
  kind: 'read',
  key,
  tag,
  invoke,
  response,
});

describe('final states from histories', () => {
  test('the last acknowledged write is the only final value when nothing overlaps it', () => {
    const s = finalStates([write(1, '9:0', 0, 1), write(1, '0:1', 5, 6), read(1, '0:1', 7, 8)]).get(1);
    assert.deepEqual([...(s?.tags ?? [])], ['0:1']);
    assert.equal(s?.absentAllowed, false);
  });

  test('writes that overlap the last acknowledged one may each be the final value', () => {
    const s = finalStates([write(1, 'a', 0, 10), write(1, 'b', 5, 6)]).get(1);
    assert.deepEqual([...(s?.tags ?? [])].sort(), ['a', 'b']);
  });

  test('an unacknowledged write may or may not have taken effect', () => {
    const s = finalStates([write(1, 'a', 0, 1), write(1, 'b', 5, NO_RESPONSE)]).get(1);
    assert.deepEqual([...(s?.tags ?? [])].sort(), ['a', 'b']);
  });

  test('a delete acknowledged last makes "absent" the final state', () => {
    const s = finalStates([write(1, 'a', 0, 1), del(1, 5, 6)]).get(1);
    assert.equal(s?.absentAllowed, true);
    assert.deepEqual([...(s?.tags ?? [])], []);
  });

  test('reads alone name no key to audit', () => {
    assert.equal(finalStates([read(3, null, 0, 1)]).size, 0);
  });
});

describe('judging the destination', () => {
  const states = finalStates([write(1, 'a', 0, 1), write(2, 'b', 0, 1), write(3, 'c', 0, 1), del(4, 0, 1)]);
  const at = (entries: [number, KeyRead | undefined][]) => new Map(entries);

  test('a key the destination does not have, whose last acknowledged write exists, is lost', () => {
    const r = compareWithHistories(
      states,
      at([
        [1, { tag: 'a', ver: 3 }],
        [2, { tag: null, ver: 2 }],
        [3, { tag: 'c', ver: 3 }],
        [4, { tag: null, ver: 2 }],
      ]),
    );
    assert.equal(r.keysChecked, 4);
    assert.equal(r.keysLost, 1);
    assert.equal(r.keysWrong, 0);
    assert.match(r.samples[0] ?? '', /key 2: missing/);
  });

  test('a key holding an older or foreign value is wrong; a deleted key holding a value is wrong', () => {
    const r = compareWithHistories(
      states,
      at([
        [1, { tag: 'a', ver: 3 }],
        [2, { tag: 'zz', ver: 3 }],
        [3, { tag: 'c', ver: 3 }],
        [4, { tag: 'd', ver: 3 }],
      ]),
    );
    assert.equal(r.keysWrong, 2);
    assert.equal(r.keysLost, 0);
  });

  test('a key the destination never answered is counted apart, not as lost', () => {
    const r = compareWithHistories(states, at([[1, { tag: 'a', ver: 3 }]]));
    assert.equal(r.unanswered, 3);
    assert.equal(r.keysLost, 0);
  });
});

describe('run configuration', () => {
  test('the defaults are a valid run', () => {
    assert.deepEqual(validateConfig(DEFAULT_CONFIG), []);
  });

  test('group bits: 12 below a million records and on small filters; above, at least 32 keys a group, at most 17', () => {
    const ours = { artifactSizes: false, profile: 'auto', programGiven: false, records: 1_000_000 };
    assert.equal(DEFAULT_CONFIG.maxGroupBits, 12);
    assert.equal(defaultMaxGroupBits({ ...ours, records: DEFAULT_CONFIG.records }), 12);
    assert.equal(defaultMaxGroupBits({ ...ours, records: 999_999 }), 12);
    assert.equal(defaultMaxGroupBits(ours), 14);
    assert.equal(defaultMaxGroupBits({ ...ours, records: 2_097_152 }), 16);
    assert.equal(defaultMaxGroupBits({ ...ours, records: 4_194_303 }), 16);
    assert.equal(defaultMaxGroupBits({ ...ours, records: 4_194_304 }), 17);
    assert.equal(defaultMaxGroupBits({ ...ours, records: 256_000_000 }), 17);
    assert.equal(defaultMaxGroupBits({ ...ours, artifactSizes: true }), 12);
    assert.equal(defaultMaxGroupBits({ ...ours, profile: 'artifact' }), 12);
    assert.equal(defaultMaxGroupBits({ ...ours, programGiven: true }), 12);
  });

  for (const [name, patch, pattern] of [
    ['a migration starting after the run ends', { durationS: 5, migrateAtS: 5 }, /--migrate-at/],
    ['a capacity other than 100, 70 or 40 %', { capacity: 55 }, /--capacity/],
    ['an unknown workload', { workload: 'z' }, /--workload/],
    ['zero clients', { clients: 0 }, /--clients/],
    ['more group bits than the switch tracks (17)', { maxGroupBits: 18 }, /--max-group-bits/],
    ['values too small to carry a write identity', { valueBytes: 8 }, /--value-bytes/],
  ] as const) {
    test(`refuses ${name}`, () => {
      const errors = validateConfig({ ...DEFAULT_CONFIG, ...patch });
      assert.equal(errors.length, 1, errors.join('\n'));
      assert.match(errors[0] ?? '', pattern);
    });
  }
});
