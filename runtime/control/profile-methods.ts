// Control-plane methods on action profiles and selectors: members (an action with its
// parameters, under an id the client chooses) and groups of members, which entries of an
// indirect table point at (`table.add` with `member` or `group`, table-methods.ts). Every
// check runs before anything changes; docs/control-plane.md lists the methods.

import type { PipelineState } from '../arch/pipeline-state.js';
import { describeValue, err, ok } from '../result.js';
import type { ActionProfile, ActionSelector, GroupMemberSpec, ProfileMember } from '../tables/action-profile.js';
import type { ActionSpec, EntryRef } from '../tables/table.js';
import { formatFieldValue, parseParams } from './json-values.js';
import { type CResult, type Params, requireInt, requireString, resolveName } from './params.js';

const MAX_ID = 0xffffffff;

/** The profile named by `profile` (a selector's name stands for its profile). */
function resolveProfile(s: PipelineState, p: Params): CResult<ActionProfile> {
  const n = requireString(p, 'profile');
  if (!n.ok) return n;
  const names = [...s.actionProfileByName.keys(), ...s.actionSelectorByName.keys()];
  const name = resolveName(n.value, names, 'action profile', 'INVALID_ACTION_PROFILE_NAME');
  if (!name.ok) return name;
  return ok(
    s.actionProfileByName.get(name.value) ?? (s.actionSelectorByName.get(name.value) as ActionSelector).profile,
  );
}

function resolveSelector(s: PipelineState, p: Params): CResult<ActionSelector> {
  const n = requireString(p, 'selector');
  if (!n.ok) return n;
  const name = resolveName(n.value, s.actionSelectorByName.keys(), 'action selector', 'INVALID_ACTION_PROFILE_NAME');
  if (!name.ok) return name;
  return ok(s.actionSelectorByName.get(name.value) as ActionSelector);
}

/** A member's action call as the profile takes it. */
interface MemberCall {
  readonly action: string;
  readonly params: never[];
}

/** `action` (resolved among the profile's actions) and `params`, as the profile takes them. */
function memberCall(profile: ActionProfile, p: Params): CResult<MemberCall> {
  if (typeof p.action !== 'string' || p.action === '')
    return err('BAD_ACTION', `"action" must name one of the actions of ${profile.name}`);
  const name = resolveName(
    p.action,
    profile.actions.map((a) => a.name),
    `action of ${profile.name}`,
    'BAD_ACTION',
  );
  if (!name.ok) return name;
  const spec = profile.actions.find((a) => a.name === name.value) as ActionSpec;
  const params = parseParams(p.params, spec.params);
  if (!params.ok) return err('BAD_ACTION_PARAMS', `${spec.name}: ${params.message}`);
  return ok({ action: name.value, params: params.value as never[] });
}

function formatMember(profile: ActionProfile, m: ProfileMember): Record<string, unknown> {
  const spec = profile.actions[m.actionId] as ActionSpec;
  const params: Record<string, unknown> = {};
  m.params.forEach((v, i) => {
    params[spec.params[i]?.name ?? `p${i}`] = formatFieldValue(v);
  });
  return { member: m.id, action: spec.name, params, users: profile.usersOf(m.id) };
}

/** What `addMember` and `modifyMember` both carry: the profile, the member id and its action call. */
function memberRequest(
  s: PipelineState,
  p: Params,
): CResult<{ profile: ActionProfile; member: number; call: MemberCall }> {
  const prof = resolveProfile(s, p);
  if (!prof.ok) return prof;
  const id = requireInt(p, 'member', 0, MAX_ID, 'NO_SUCH_MEMBER');
  if (!id.ok) return id;
  const call = memberCall(prof.value, p);
  if (!call.ok) return call;
  return ok({ profile: prof.value, member: id.value, call: call.value });
}

export function memberAdd(s: PipelineState, p: Params): CResult<{ member: number }> {
  const m = memberRequest(s, p);
  if (!m.ok) return m;
  const r = m.value.profile.addMember(m.value.member, m.value.call);
  return r.ok ? ok({ member: m.value.member }) : r;
}

export function memberModify(s: PipelineState, p: Params): CResult<{ member: number }> {
  const m = memberRequest(s, p);
  if (!m.ok) return m;
  const r = m.value.profile.modifyMember(m.value.member, m.value.call);
  return r.ok ? ok({ member: m.value.member }) : r;
}

export function memberDelete(s: PipelineState, p: Params): CResult<{ member: number }> {
  const prof = resolveProfile(s, p);
  if (!prof.ok) return prof;
  const id = requireInt(p, 'member', 0, MAX_ID, 'NO_SUCH_MEMBER');
  if (!id.ok) return id;
  const r = prof.value.deleteMember(id.value);
  return r.ok ? ok({ member: id.value }) : r;
}

export function profileDump(s: PipelineState, p: Params): CResult<unknown> {
  const prof = resolveProfile(s, p);
  if (!prof.ok) return prof;
  const profile = prof.value;
  return ok({
    profile: profile.name,
    size: profile.size,
    members: profile.dump().map((m) => formatMember(profile, m)),
  });
}

/** `members`: ids, or {member, active} objects (active by default). */
function groupMembers(p: Params): CResult<GroupMemberSpec[]> {
  if (p.members === undefined) return ok([]);
  if (!Array.isArray(p.members)) return err('INVALID_PARAMS', '"members" must be a list of member ids');
  const out: GroupMemberSpec[] = [];
  for (const m of p.members as unknown[]) {
    if (typeof m === 'number') out.push({ member: m });
    else if (m !== null && typeof m === 'object' && typeof (m as Params).member === 'number') {
      const active = (m as Params).active;
      if (active !== undefined && typeof active !== 'boolean')
        return err('INVALID_PARAMS', `"active" must be a boolean, got ${describeValue(active)}`);
      out.push({ member: (m as Params).member as number, ...(active === undefined ? {} : { active }) });
    } else return err('INVALID_PARAMS', `group member ${describeValue(m)} is not an id or {member, active}`);
  }
  return ok(out);
}

/** What `addGroup` and `modifyGroup` both carry: the selector, the group id, its members and maxSize. */
interface GroupRequest {
  readonly selector: ActionSelector;
  readonly group: number;
  readonly members: GroupMemberSpec[];
  readonly maxSize: number | undefined;
}

function groupRequest(s: PipelineState, p: Params): CResult<GroupRequest> {
  const sel = resolveSelector(s, p);
  if (!sel.ok) return sel;
  const id = requireInt(p, 'group', 0, MAX_ID, 'NO_SUCH_GROUP');
  if (!id.ok) return id;
  const members = groupMembers(p);
  if (!members.ok) return members;
  let maxSize: number | undefined;
  if (p.maxSize !== undefined) {
    const m = requireInt(p, 'maxSize', 1, sel.value.maxGroupSize, 'BAD_VALUE');
    if (!m.ok) return m;
    maxSize = m.value;
  }
  return ok({ selector: sel.value, group: id.value, members: members.value, maxSize });
}

export function groupAdd(s: PipelineState, p: Params): CResult<{ group: number }> {
  const g = groupRequest(s, p);
  if (!g.ok) return g;
  const r = g.value.selector.addGroup(g.value.group, g.value.members, g.value.maxSize);
  return r.ok ? ok({ group: g.value.group }) : r;
}

export function groupModify(s: PipelineState, p: Params): CResult<{ group: number }> {
  const g = groupRequest(s, p);
  if (!g.ok) return g;
  const r = g.value.selector.setGroupMembers(g.value.group, g.value.members, g.value.maxSize);
  return r.ok ? ok({ group: g.value.group }) : r;
}

export function groupDelete(s: PipelineState, p: Params): CResult<{ group: number }> {
  const sel = resolveSelector(s, p);
  if (!sel.ok) return sel;
  const id = requireInt(p, 'group', 0, MAX_ID, 'NO_SUCH_GROUP');
  if (!id.ok) return id;
  const r = sel.value.deleteGroup(id.value);
  return r.ok ? ok({ group: id.value }) : r;
}

export function selectorDump(s: PipelineState, p: Params): CResult<unknown> {
  const sel = resolveSelector(s, p);
  if (!sel.ok) return sel;
  const x = sel.value;
  return ok({
    selector: x.name,
    profile: x.profile.name,
    mode: x.mode,
    maxGroupSize: x.maxGroupSize,
    numGroups: x.numGroups,
    groups: x.dump(),
  });
}

/** An indirect table entry's `member` or `group` (exactly one of them). */
export function entryRefOf(p: Params): CResult<EntryRef | undefined> {
  if (p.member !== undefined && p.group !== undefined)
    return err('BAD_REFERENCE', 'give either "member" or "group", not both');
  if (p.member !== undefined) {
    const id = requireInt(p, 'member', 0, MAX_ID, 'BAD_REFERENCE');
    return id.ok ? ok({ kind: 'member', id: id.value }) : id;
  }
  if (p.group !== undefined) {
    const id = requireInt(p, 'group', 0, MAX_ID, 'BAD_REFERENCE');
    return id.ok ? ok({ kind: 'group', id: id.value }) : id;
  }
  return ok(undefined);
}
