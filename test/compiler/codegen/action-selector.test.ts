// Indirect tables in generated code (test/compiler/codegen/p4/action-selector.p4): entries of
// a table with `implementation = profile` run the action of the member they name; with an
// ActionSelector, a group entry runs the member the selector's hash over the `selector` keys
// picks among the group's active members. Driven through the control-plane methods.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { type ControlTarget, callMethod } from '../../../runtime/control/methods.js';
import { Hash } from '../../../runtime/externs/hash.js';
import { bytesOf, cleanup, type Rig, ROOT, rig } from './helpers.js';

const PROGRAM = `${ROOT}/test/compiler/codegen/p4/action-selector.p4`;

after(cleanup);

function frame(dst: bigint, src: bigint, etype = 0x88b5): Uint8Array {
  return Uint8Array.from([...bytesOf(dst, 6), ...bytesOf(src, 6), etype >> 8, etype & 0xff, 0, 0, 0, 0]);
}

interface Out {
  port: number;
  byProfile: number;
  bySelector: number;
  hit: number;
  byTag: number;
}

function send(r: Rig, inPort: number, dst: bigint, src: bigint): Out {
  const before = r.out.length;
  r.engine.receive(inPort, frame(dst, src));
  assert.equal(r.out.length, before + 1, 'one frame came out');
  const o = r.out.at(-1) as { port: number; frame: Uint8Array };
  const b = o.frame;
  return {
    port: o.port,
    byProfile: b[14] as number,
    bySelector: b[15] as number,
    hit: b[16] as number,
    byTag: b[17] as number,
  };
}

function call(r: Rig, method: string, params: Record<string, unknown>) {
  const target = { state: r.state, tm: r.tm } as unknown as ControlTarget;
  return callMethod(target, method, params);
}

function must(r: Rig, method: string, params: Record<string, unknown>): unknown {
  const res = call(r, method, params);
  if (!res.ok) throw new Error(`${method}: ${res.code}: ${res.message}`);
  return res.value;
}

/** The member index FAIR selection picks: CRC16 over src (48 bits) ‖ etype (16 bits), mod n. */
function fairIndex(src: bigint, etype: number, n: number): number {
  return new Hash({ width: 16, algorithm: 'CRC16' }).feedBig(src, 48).feed(etype, 16).getFed() % n;
}

describe('action profiles compiled', () => {
  test('an entry runs the action of the member it names, and a modified member changes every entry at once', async () => {
    const r = await rig(PROGRAM);
    must(r, 'actionProfile.addMember', { profile: 'prof', member: 10, action: 'tag_profile', params: { t: 0x11 } });
    must(r, 'table.add', { table: 'by_port', match: { 'ig_intr_md.ingress_port': 1 }, member: 10 });
    must(r, 'table.add', { table: 'by_port', match: { 'ig_intr_md.ingress_port': 3 }, member: 10 });
    assert.equal(send(r, 1, 0n, 0n).byProfile, 0x11);
    assert.equal(send(r, 3, 0n, 0n).byProfile, 0x11);
    assert.equal(send(r, 4, 0n, 0n).byProfile, 0, 'no entry: the default NoAction');
    must(r, 'actionProfile.modifyMember', { profile: 'prof', member: 10, action: 'tag_profile', params: { t: 0x22 } });
    assert.equal(send(r, 1, 0n, 0n).byProfile, 0x22);
    assert.equal(send(r, 3, 0n, 0n).byProfile, 0x22);
  });

  test('a member in use cannot be deleted; a direct action on an indirect table is refused', async () => {
    const r = await rig(PROGRAM);
    must(r, 'actionProfile.addMember', { profile: 'prof', member: 1, action: 'tag_profile', params: { t: 1 } });
    const h = must(r, 'table.add', { table: 'by_port', match: { 'ig_intr_md.ingress_port': 1 }, member: 1 }) as {
      handle: number;
    };
    const del = call(r, 'actionProfile.deleteMember', { profile: 'prof', member: 1 });
    assert.equal(del.ok ? 'ok' : del.code, 'IN_USE');
    const direct = call(r, 'table.add', {
      table: 'by_port',
      match: { 'ig_intr_md.ingress_port': 2 },
      action: 'tag_profile',
      params: { t: 5 },
    });
    assert.equal(direct.ok ? 'ok' : direct.code, 'BAD_REFERENCE');
    const dangling = call(r, 'table.add', { table: 'by_port', match: { 'ig_intr_md.ingress_port': 2 }, member: 99 });
    assert.equal(dangling.ok ? 'ok' : dangling.code, 'BAD_REFERENCE');
    must(r, 'table.delete', { table: 'by_port', handle: h.handle });
    must(r, 'actionProfile.deleteMember', { profile: 'prof', member: 1 });
    assert.deepEqual(must(r, 'actionProfile.dump', { profile: 'prof' }), {
      profile: 'Ig.prof',
      size: 64,
      members: [],
    });
  });

  test('p4info names each table’s implementation, the selector keys (not matched) and the selector’s hash', async () => {
    const r = await rig(PROGRAM);
    const info = r.state.p4info;
    const ecmp = info.tables.find((t) => t.name === 'Ig.ecmp');
    assert.equal(ecmp?.implementation, 'Ig.sel');
    assert.deepEqual(
      ecmp?.keys.map((k) => k.name),
      ['hdr.eth.dst[7:0]'],
    );
    assert.deepEqual(ecmp?.selectorKeys, [
      { name: 'hdr.eth.src', width: 48 },
      { name: 'hdr.eth.etype', width: 16 },
    ]);
    assert.deepEqual(
      info.actionProfiles?.map((p) => [p.name, p.size, p.tables]),
      [
        ['Ig.prof', 64, ['Ig.by_port']],
        ['Ig.sel_prof', 64, []],
        ['Ig.tag_sel_old_profile', 32, []],
      ],
    );
    assert.deepEqual(
      info.actionSelectors?.map((s) => [s.name, s.profile, s.mode, s.maxGroupSize, s.numGroups, s.tables, s.hash]),
      [
        ['Ig.sel', 'Ig.sel_prof', 'FAIR', 8, 4, ['Ig.ecmp'], { name: 'Ig.sel_hash', width: 16, algorithm: 'CRC16' }],
        [
          'Ig.tag_sel_old',
          'Ig.tag_sel_old_profile',
          'RESILIENT',
          32,
          32,
          ['Ig.by_tag'],
          { name: 'Ig.tag_hash', width: 16, algorithm: 'CRC16' },
        ],
      ],
    );
  });
});

describe('action selectors compiled', () => {
  async function withGroup(): Promise<Rig> {
    const r = await rig(PROGRAM);
    for (const m of [1, 2, 3])
      must(r, 'actionProfile.addMember', {
        profile: 'sel',
        member: m,
        action: 'tag_sel',
        params: { t: m, port: 2 + m },
      });
    must(r, 'actionSelector.addGroup', { selector: 'sel', group: 7, members: [1, 2, 3] });
    must(r, 'table.add', { table: 'ecmp', match: { 'hdr.eth.dst[7:0]': 0x05 }, group: 7 });
    return r;
  }

  test('a group entry runs the member the CRC16 of the selector keys picks (hash mod the active members)', async () => {
    const r = await withGroup();
    const seen = new Set<number>();
    for (let i = 0; i < 24; i++) {
      const src = 0x0a0000000000n + BigInt(i * 7919);
      const o = send(r, 1, 0x05n, src);
      const want = [1, 2, 3][fairIndex(src, 0x88b5, 3)] as number;
      assert.equal(o.bySelector, want, `src ${src.toString(16)}`);
      assert.equal(o.port, 2 + want);
      assert.equal(o.hit, 1);
      seen.add(o.bySelector);
    }
    assert.equal(seen.size, 3, '24 flows reach every member');
    // The same flow always reaches the same member.
    const again = send(r, 1, 0x05n, 0x0a0000000000n);
    assert.equal(again.bySelector, send(r, 1, 0x05n, 0x0a0000000000n).bySelector);
  });

  test('an inactive member is never picked; a group with no active member is a miss', async () => {
    const r = await withGroup();
    must(r, 'actionSelector.modifyGroup', {
      selector: 'sel',
      group: 7,
      members: [1, { member: 2, active: false }, 3],
    });
    for (let i = 0; i < 16; i++) {
      const src = 0x0b0000000000n + BigInt(i * 104729);
      const o = send(r, 1, 0x05n, src);
      assert.equal(o.bySelector, [1, 3][fairIndex(src, 0x88b5, 2)]);
    }
    must(r, 'actionSelector.modifyGroup', { selector: 'sel', group: 7, members: [] });
    const o = send(r, 1, 0x05n, 0x0b0000000000n);
    assert.deepEqual([o.hit, o.bySelector, o.port], [0, 0, 2], 'empty group: default action, apply().hit false');
  });

  test('an entry may name a single member of the selector’s profile; groups in use cannot be deleted', async () => {
    const r = await withGroup();
    must(r, 'table.add', { table: 'ecmp', match: { 'hdr.eth.dst[7:0]': 0x06 }, member: 2 });
    assert.equal(send(r, 1, 0x06n, 0x0a0000000001n).bySelector, 2);
    const del = call(r, 'actionSelector.deleteGroup', { selector: 'sel', group: 7 });
    assert.equal(del.ok ? 'ok' : del.code, 'IN_USE');
    const tooBig = call(r, 'actionSelector.addGroup', { selector: 'sel', group: 8, members: [1, 2, 3], maxSize: 2 });
    assert.equal(tooBig.ok ? 'ok' : tooBig.code, 'PROFILE_FULL');
    const dump = must(r, 'table.dump', { table: 'ecmp' }) as { entries: unknown[] };
    assert.deepEqual(
      dump.entries.map((e) => {
        const { handle: _h, ...rest } = e as Record<string, unknown>;
        return rest;
      }),
      [
        { match: { 'hdr.eth.dst[7:0]': 5 }, group: 7 },
        { match: { 'hdr.eth.dst[7:0]': 6 }, member: 2 },
      ],
    );
  });

  test('addMember and modifyMember check their request alike and a refused one changes nothing', async () => {
    const r = await withGroup();
    const before = send(r, 1, 0x05n, 0x0a0000000000n);
    for (const method of ['actionProfile.addMember', 'actionProfile.modifyMember']) {
      const member = method.endsWith('addMember') ? 9 : 2;
      const bad: [Record<string, unknown>, string][] = [
        [{ profile: 'nope', member, action: 'tag_sel', params: { t: 1, port: 3 } }, 'INVALID_ACTION_PROFILE_NAME'],
        [{ profile: 'sel', member: -1, action: 'tag_sel', params: { t: 1, port: 3 } }, 'NO_SUCH_MEMBER'],
        [{ profile: 'sel', member, action: 'nope', params: {} }, 'BAD_ACTION'],
        [{ profile: 'sel', member, action: 'tag_sel', params: { t: 1 } }, 'BAD_ACTION_PARAMS'],
      ];
      for (const [params, code] of bad) {
        const res = call(r, method, params);
        assert.equal(res.ok ? 'ok' : res.code, code, `${method} ${JSON.stringify(params)}`);
      }
    }
    assert.deepEqual(send(r, 1, 0x05n, 0x0a0000000000n), before);
    const del9 = call(r, 'actionProfile.deleteMember', { profile: 'sel', member: 9 });
    assert.equal(del9.ok ? 'ok' : del9.code, 'NO_SUCH_MEMBER', 'no refused addMember made member 9');
  });

  test('addGroup and modifyGroup check their request alike and a refused one changes nothing', async () => {
    const r = await withGroup();
    const before = send(r, 1, 0x05n, 0x0a0000000000n).bySelector;
    for (const method of ['actionSelector.addGroup', 'actionSelector.modifyGroup']) {
      const group = method.endsWith('addGroup') ? 8 : 7;
      const bad: [Record<string, unknown>, string][] = [
        [{ selector: 'nope', group, members: [1] }, 'INVALID_ACTION_PROFILE_NAME'],
        [{ selector: 'sel', group: -1, members: [1] }, 'NO_SUCH_GROUP'],
        [{ selector: 'sel', group, members: 'all' }, 'INVALID_PARAMS'],
        [{ selector: 'sel', group, members: [{ member: 1, active: 'yes' }] }, 'INVALID_PARAMS'],
        // Sel's groups hold at most 8 members (maxGroupSize).
        [{ selector: 'sel', group, members: [1], maxSize: 9 }, 'BAD_VALUE'],
      ];
      for (const [params, code] of bad) {
        const res = call(r, method, params);
        assert.equal(res.ok ? 'ok' : res.code, code, `${method} ${JSON.stringify(params)}`);
      }
    }
    assert.equal(send(r, 1, 0x05n, 0x0a0000000000n).bySelector, before);
    const del8 = call(r, 'actionSelector.deleteGroup', { selector: 'sel', group: 8 });
    assert.equal(del8.ok ? 'ok' : del8.code, 'NO_SUCH_GROUP', 'no refused addGroup made group 8');
  });

  test('RESILIENT (the older ActionSelector(size, hash, mode) form): removing a member moves only its flows', async () => {
    const r = await rig(PROGRAM);
    for (const m of [1, 2, 3, 4])
      must(r, 'actionProfile.addMember', { profile: 'tag_sel_old', member: m, action: 'tag', params: { t: m } });
    must(r, 'actionSelector.addGroup', { selector: 'tag_sel_old', group: 1, members: [1, 2, 3, 4] });
    must(r, 'table.add', { table: 'by_tag', match: { 'hdr.eth.dst[15:8]': 0x01 }, group: 1 });
    const flows = Array.from({ length: 40 }, (_, i) => (BigInt(i + 1) * 0x9e3779b97f4an) & 0xffffffffffffn);
    const before = flows.map((src) => send(r, 1, 0x0100n, src).byTag);
    assert.equal(new Set(before).size, 4);
    must(r, 'actionSelector.modifyGroup', { selector: 'tag_sel_old', group: 1, members: [1, 2, 4] });
    const after = flows.map((src) => send(r, 1, 0x0100n, src).byTag);
    flows.forEach((_, i) => {
      if (before[i] !== 3) assert.equal(after[i], before[i], `flow ${i} stays on member ${before[i]}`);
      else assert.notEqual(after[i], 3);
    });
  });
});
