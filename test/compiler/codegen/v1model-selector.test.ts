// v1model's `action_profile` and `action_selector` (test/compiler/codegen/p4/v1model-selector.p4)
// on the runtime's profiles and selectors: a profile entry runs its member's action; a group
// entry runs the member that bmv2's crc16 of the `selector` keys, modulo the group's active
// members, picks. The CRC is computed here independently (CRC-16/ARC, reflected 0xA001).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ControlTarget, callMethod } from '../../../runtime/control/methods.js';
import { cleanup, ROOT } from './helpers.js';
import { type V1Rig, v1modelRig } from './v1model-rig.js';

after(cleanup);

function crc16Arc(bytes: readonly number[]): number {
  let crc = 0;
  for (const b of bytes) {
    crc ^= b;
    for (let i = 0; i < 8; i++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

function must(r: V1Rig, method: string, params: Record<string, unknown>): unknown {
  const res = callMethod({ state: r.state, tm: r.tm } as unknown as ControlTarget, method, params);
  if (!res.ok) throw new Error(`${method}: ${res.code}: ${res.message}`);
  return res.value;
}

describe('v1model action_profile and action_selector', () => {
  let r: V1Rig;
  before(async () => {
    r = await v1modelRig(`${ROOT}/test/compiler/codegen/p4/v1model-selector.p4`);
  });

  test('p4info: a profile, and a selector with a profile of its own, each naming its table', () => {
    const info = r.state.p4info;
    assert.deepEqual(
      info.actionProfiles?.map((p) => [p.name, p.size, p.tables]),
      [
        ['Ig.prof', 4, ['Ig.by_profile']],
        ['Ig.sel_profile', 16, []],
      ],
    );
    assert.deepEqual(
      info.actionSelectors?.map((s) => [s.name, s.profile, s.tables]),
      [['Ig.sel', 'Ig.sel_profile', ['Ig.by_selector']]],
    );
  });

  test('an entry of the profile table runs the action of the member it names', () => {
    must(r, 'actionProfile.addMember', { profile: 'Ig.prof', member: 3, action: 'Ig.set_tag', params: { t: 0x5a } });
    must(r, 'table.add', { table: 'Ig.by_profile', match: [{ kind: 'exact', value: 1 }], member: 3 });
    const out = r.send(0, [1, 0, 0]);
    assert.deepEqual(
      out.map((o) => [o.port, ...o.frame]),
      [[1, 1, 0, 0x5a]],
    );
  });

  test('a group entry runs the member crc16(sel) mod the active members picks', () => {
    for (const m of [1, 2, 3])
      must(r, 'actionProfile.addMember', {
        profile: 'Ig.sel_profile',
        member: m,
        action: 'Ig.to_port',
        params: { port: 10 + m },
      });
    must(r, 'actionSelector.addGroup', { selector: 'Ig.sel', group: 7, members: [1, 2, 3] });
    must(r, 'table.add', { table: 'Ig.by_selector', match: [{ kind: 'exact', value: 2 }], group: 7 });
    for (let sel = 0; sel < 24; sel++) {
      const [o] = r.send(0, [2, sel, 0]);
      assert.equal(o?.port, 11 + (crc16Arc([sel]) % 3), `sel ${sel}`);
    }
  });
});
