// ActionProfile and ActionSelector (runtime/tables/action-profile.ts): members, groups, the
// reference counts that keep the data plane from meeting a deleted member or group, FAIR and
// RESILIENT selection, and indirect entries of a MatchTable.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ActionProfile, ActionSelector, reassignSlots } from '../../../runtime/tables/action-profile.js';
import { createTable } from '../../../runtime/tables/create-table.js';

const ACTIONS = [
  { name: 'set_port', params: [{ name: 'port', width: 9 }] },
  { name: 'drop', params: [] },
];

function profile(size = 8): ActionProfile {
  return new ActionProfile('ap', size, ACTIONS);
}

function code(r: { ok: boolean; code?: string }): string {
  return r.ok ? 'ok' : (r.code as string);
}

describe('ActionProfile', () => {
  test('a member is an action of the profile’s list with its parameters, under the id the control plane chose', () => {
    const p = profile();
    assert.equal(code(p.addMember(5, { action: 'set_port', params: [3] })), 'ok');
    assert.deepEqual(p.member(5), { id: 5, actionId: 0, params: [3], users: 0 });
    assert.equal(code(p.addMember(5, { action: 'drop', params: [] })), 'DUPLICATE_MEMBER');
    assert.equal(code(p.addMember(6, { action: 'nope', params: [] })), 'BAD_ACTION');
    assert.equal(code(p.addMember(6, { action: 'set_port', params: [512] })), 'BAD_ACTION_PARAMS');
    assert.equal(code(p.addMember(-1, { action: 'drop', params: [] })), 'NO_SUCH_MEMBER');
    assert.equal(p.memberCount, 1, 'refused requests change nothing');
  });

  test('the profile holds at most size members', () => {
    const p = profile(2);
    p.addMember(1, { action: 'drop', params: [] });
    p.addMember(2, { action: 'drop', params: [] });
    assert.equal(code(p.addMember(3, { action: 'drop', params: [] })), 'PROFILE_FULL');
  });

  test('a member used by an entry or a group cannot be deleted until the last user lets go', () => {
    const p = profile();
    p.addMember(1, { action: 'drop', params: [] });
    const s = new ActionSelector('sel', p, 'FAIR', 4, 2);
    assert.equal(code(p.retain({ kind: 'member', id: 1 })), 'ok');
    assert.equal(code(s.addGroup(1, [{ member: 1 }])), 'ok');
    assert.equal(code(p.deleteMember(1)), 'IN_USE');
    p.release({ kind: 'member', id: 1 });
    assert.equal(code(p.deleteMember(1)), 'IN_USE');
    assert.equal(code(s.deleteGroup(1)), 'ok');
    assert.equal(code(p.deleteMember(1)), 'ok');
  });
});

describe('ActionSelector', () => {
  function selector(mode: 'FAIR' | 'RESILIENT', maxGroupSize = 8): ActionSelector {
    const p = profile(16);
    for (let m = 1; m <= 8; m++) p.addMember(m, { action: 'set_port', params: [m] });
    return new ActionSelector('sel', p, mode, maxGroupSize, 2);
  }

  test('FAIR picks active member hash mod count, in the listed order', () => {
    const s = selector('FAIR');
    s.addGroup(1, [{ member: 3 }, { member: 1, active: false }, { member: 7 }]);
    assert.deepEqual(
      [0, 1, 2, 3, 10n].map((h) => s.select(1, h)?.id),
      [3, 7, 3, 7, 3],
    );
  });

  test('groups are bounded: members per group, number of groups, no duplicates or unknown members', () => {
    const s = selector('FAIR', 2);
    assert.equal(code(s.addGroup(1, [{ member: 1 }, { member: 2 }, { member: 3 }])), 'PROFILE_FULL');
    assert.equal(code(s.addGroup(1, [{ member: 1 }, { member: 1 }])), 'DUPLICATE_MEMBER');
    assert.equal(code(s.addGroup(1, [{ member: 99 }])), 'NO_SUCH_MEMBER');
    assert.equal(code(s.addGroup(1, [], 3)), 'BAD_VALUE');
    assert.equal(code(s.addGroup(1)), 'ok');
    assert.equal(code(s.addGroup(2)), 'ok');
    assert.equal(code(s.addGroup(3)), 'PROFILE_FULL');
    assert.equal(s.select(1, 0), undefined, 'an empty group selects nothing');
    assert.equal(s.profile.usersOf(1), 0, 'refused groups hold no member');
  });

  test('RESILIENT: removing a member moves only the flows on it; adding one moves flows only to it', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 8 }), { minLength: 2, maxLength: 8 }),
        fc.nat(),
        fc.integer({ min: 8, max: 64 }),
        (members, pick, slots) => {
          const s = selector('RESILIENT', slots);
          s.addGroup(
            1,
            members.map((member) => ({ member })),
          );
          const flows = Array.from({ length: 200 }, (_, i) => i * 7 + 3);
          const before = flows.map((h) => s.select(1, h)?.id);
          const gone = members[pick % members.length] as number;
          s.setGroupMembers(
            1,
            members.filter((m) => m !== gone).map((member) => ({ member })),
          );
          const after = flows.map((h) => s.select(1, h)?.id);
          flows.forEach((_, i) => {
            if (before[i] !== gone) assert.equal(after[i], before[i]);
            else assert.notEqual(after[i], gone);
          });
          s.setGroupMembers(
            1,
            members.map((member) => ({ member })),
          );
          const back = flows.map((h) => s.select(1, h)?.id);
          flows.forEach((_, i) => {
            if (back[i] !== after[i]) assert.equal(back[i], gone, 'a flow that moves, moves to the new member');
          });
        },
      ),
    );
  });

  test('reassignSlots balances: slot counts differ by at most one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 100 }), (n, count) => {
        const live = Array.from({ length: n }, (_, i) => i);
        const slots = reassignSlots([], live, count);
        const per = live.map((m) => slots.filter((x) => x === m).length);
        assert.equal(slots.length, Math.max(count, n));
        assert.ok(Math.max(...per) - Math.min(...per) <= 1);
      }),
    );
  });
});

describe('indirect MatchTable entries', () => {
  function indirect() {
    const t = createTable({
      name: 'fwd',
      keys: [{ name: 'k', width: 8, matchKind: 'exact' }],
      actions: ACTIONS,
      size: 4,
    });
    assert.ok(t.ok);
    const p = profile();
    p.addMember(1, { action: 'set_port', params: [9] });
    t.value.implementation = p;
    return { t: t.value, p };
  }

  test('an entry names a member; the member counts it, deletes and clears release it', () => {
    const { t, p } = indirect();
    const h = t.add({ match: [{ kind: 'exact', value: 1 }], ref: { kind: 'member', id: 1 } });
    assert.ok(h.ok);
    t.add({ match: [{ kind: 'exact', value: 2 }], ref: { kind: 'member', id: 1 } });
    assert.equal(p.usersOf(1), 2);
    assert.deepEqual(t.lookup1(1)?.ref, { kind: 'member', id: 1 });
    t.delete(h.value);
    assert.equal(p.usersOf(1), 1);
    t.clear();
    assert.equal(p.usersOf(1), 0);
  });

  test('an action, a missing member or a group of a plain profile is refused and changes nothing', () => {
    const { t, p } = indirect();
    const m = [{ kind: 'exact' as const, value: 1 }];
    assert.equal(code(t.add({ match: m, action: 'drop', params: [] })), 'BAD_REFERENCE');
    assert.equal(code(t.add({ match: m, ref: { kind: 'member', id: 2 } })), 'BAD_REFERENCE');
    assert.equal(code(t.add({ match: m, ref: { kind: 'group', id: 1 } })), 'BAD_REFERENCE');
    assert.equal(t.entryCount, 0);
    assert.equal(p.usersOf(1), 0);
  });

  test('modifyRef moves an entry to another member and moves the count with it', () => {
    const { t, p } = indirect();
    p.addMember(2, { action: 'drop', params: [] });
    const h = t.add({ match: [{ kind: 'exact', value: 1 }], ref: { kind: 'member', id: 1 } });
    assert.ok(h.ok);
    assert.equal(code(t.modifyRef(h.value, { kind: 'member', id: 2 })), 'ok');
    assert.deepEqual([p.usersOf(1), p.usersOf(2)], [0, 1]);
    assert.equal(code(t.modifyRef(h.value, { kind: 'member', id: 3 })), 'BAD_REFERENCE');
    assert.deepEqual([p.usersOf(1), p.usersOf(2)], [0, 1]);
  });
});

describe('ActionSelector resize', () => {
  function selector(mode: 'FAIR' | 'RESILIENT'): ActionSelector {
    const p = new ActionProfile('ap', 16, ACTIONS);
    for (let m = 1; m <= 8; m++) p.addMember(m, { action: 'set_port', params: [m] });
    return new ActionSelector('sel', p, mode, 8, 2);
  }

  test('a group is resized with its members in one step; refused resizes leave it as it was', () => {
    for (const mode of ['FAIR', 'RESILIENT'] as const) {
      const s = selector(mode);
      assert.equal(code(s.addGroup(1, [{ member: 1 }], 1)), 'ok');
      assert.equal(code(s.setGroupMembers(1, [{ member: 1 }, { member: 2 }])), 'PROFILE_FULL');
      assert.equal(code(s.setGroupMembers(1, [{ member: 1 }, { member: 2 }], 9)), 'BAD_VALUE');
      assert.equal(code(s.setGroupMembers(1, [{ member: 1 }, { member: 99 }], 4)), 'NO_SUCH_MEMBER');
      assert.deepEqual(s.group(1), { id: 1, maxSize: 1, members: [{ member: 1, active: true }] });
      assert.equal(
        [0, 1, 2, 3].every((h) => s.select(1, h)?.id === 1),
        true,
        mode,
      );
      assert.equal(code(s.setGroupMembers(1, [{ member: 2 }, { member: 3, active: false }], 8)), 'ok');
      assert.equal(s.group(1)?.maxSize, 8);
      assert.equal(
        [0, 1, 2, 3, 7].every((h) => s.select(1, h)?.id === 2),
        true,
        `${mode}: 3 is disabled`,
      );
      assert.equal(code(s.setGroupMembers(1, [{ member: 2 }, { member: 3 }], 2)), 'ok');
      assert.deepEqual(new Set([0, 1, 2, 3].map((h) => s.select(1, h)?.id)), new Set([2, 3]));
      // Member 1 left the group: the profile may delete it.
      assert.equal(code(s.profile.deleteMember(1)), 'ok');
    }
  });
});
