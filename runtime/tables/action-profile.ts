// Action profiles and action selectors: the `implementation` of an indirect table (TNA's
// ActionProfile and ActionSelector, docs/control-plane.md "Action profiles and selectors").
// Entries of such a table point at a member (an action with its parameters, kept once in
// the profile and shared by every entry that names it) or, through a selector, at a group of
// members, one of which the selector's hash over the table's `selector` keys picks per packet.
// The control plane names members and groups by ids it chooses; anything in use (by a table
// entry, or a member by a group) cannot be deleted, so the data plane never meets a dangling
// reference.

import { err, ok, type Result } from '../result.js';
import type { FieldValue } from './match-key.js';
import {
  type ActionCall,
  type ActionSpec,
  type EntryRef,
  resolveActionCall,
  type TableErrorCode,
  type TableImplementation,
} from './table.js';

export type ProfileErrorCode =
  | TableErrorCode
  | 'DUPLICATE_MEMBER'
  | 'NO_SUCH_MEMBER'
  | 'DUPLICATE_GROUP'
  | 'NO_SUCH_GROUP'
  | 'PROFILE_FULL'
  | 'IN_USE'
  | 'BAD_VALUE';

export type ProfileResult<T> = Result<T, ProfileErrorCode>;

/** A member as the data plane runs it: the action's index in the profile's action list. */
export interface ProfileMember {
  readonly id: number;
  readonly actionId: number;
  readonly params: readonly FieldValue[];
}

interface MutableMember {
  readonly id: number;
  actionId: number;
  params: FieldValue[];
  /** Table entries and group slots that name this member. */
  users: number;
}

const MAX_ID = 0xffffffff;

function badId(what: string, id: unknown): string | undefined {
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 && id <= MAX_ID
    ? undefined
    : `${what} id must be an integer in 0..${MAX_ID}`;
}

/**
 * TNA's ActionProfile(size): up to `size` members, each one action of `actions` (the action
 * list shared by every table that uses the profile) with its parameters.
 */
export class ActionProfile implements TableImplementation {
  private readonly members = new Map<number, MutableMember>();

  constructor(
    readonly name: string,
    readonly size: number,
    readonly actions: readonly ActionSpec[],
  ) {}

  addMember(id: number, call: ActionCall): ProfileResult<void> {
    const bad = badId('member', id);
    if (bad !== undefined) return err('NO_SUCH_MEMBER', bad);
    if (this.members.has(id)) return err('DUPLICATE_MEMBER', `${this.name} already has member ${id}`);
    if (this.members.size >= this.size) return err('PROFILE_FULL', `${this.name} is full (${this.size} members)`);
    const a = resolveActionCall(this.name, this.actions, call, 'entry');
    if (!a.ok) return a;
    this.members.set(id, { id, actionId: a.value.actionId, params: a.value.params, users: 0 });
    return ok(undefined);
  }

  /** Changes a member's action: every entry and group that names it runs the new one. */
  modifyMember(id: number, call: ActionCall): ProfileResult<void> {
    const m = this.members.get(id);
    if (m === undefined) return err('NO_SUCH_MEMBER', `${this.name} has no member ${id}`);
    const a = resolveActionCall(this.name, this.actions, call, 'entry');
    if (!a.ok) return a;
    m.actionId = a.value.actionId;
    m.params = a.value.params;
    return ok(undefined);
  }

  deleteMember(id: number): ProfileResult<void> {
    const m = this.members.get(id);
    if (m === undefined) return err('NO_SUCH_MEMBER', `${this.name} has no member ${id}`);
    if (m.users > 0) return err('IN_USE', `member ${id} of ${this.name} is used by ${m.users} entries or groups`);
    this.members.delete(id);
    return ok(undefined);
  }

  /** The member with this id (data plane and control plane). */
  member(id: number): ProfileMember | undefined {
    return this.members.get(id);
  }

  dump(): ProfileMember[] {
    return [...this.members.values()].sort((a, b) => a.id - b.id);
  }

  get memberCount(): number {
    return this.members.size;
  }

  /** How many entries and group slots use a member. */
  usersOf(id: number): number {
    return this.members.get(id)?.users ?? 0;
  }

  memberActionId(id: number): number | undefined {
    return this.members.get(id)?.actionId;
  }

  retain(ref: EntryRef): Result<void, string> {
    if (ref.kind !== 'member') return err('BAD_REFERENCE', `${this.name} is an action profile: it has no groups`);
    const m = this.members.get(ref.id);
    if (m === undefined) return err('NO_SUCH_MEMBER', `${this.name} has no member ${ref.id}`);
    m.users++;
    return ok(undefined);
  }

  release(ref: EntryRef): void {
    if (ref.kind !== 'member') return;
    const m = this.members.get(ref.id);
    if (m !== undefined && m.users > 0) m.users--;
  }
}

/** The cells of a selector's liveness register (a RegisterArray of bit<1>). */
export interface LivenessCells {
  read(index: number): number;
  write(index: number, value: number): void;
}

/** How a selector spreads flows over a group's members (TNA's SelectorMode_t). */
export type SelectorMode = 'FAIR' | 'RESILIENT';

/** A group member as the control plane sets it: an inactive member is never selected. */
export interface GroupMemberSpec {
  readonly member: number;
  readonly active?: boolean;
}

export interface GroupView {
  readonly id: number;
  readonly maxSize: number;
  readonly members: readonly { readonly member: number; readonly active: boolean }[];
}

interface Group {
  readonly id: number;
  maxSize: number;
  members: { member: number; active: boolean }[];
  /** The members the hash chooses among (active ones), resolved once per change. */
  live: ProfileMember[];
  /** RESILIENT: `maxSize` slots, each naming one live member; a change moves few slots. */
  slots: ProfileMember[];
  users: number;
}

/**
 * TNA's ActionSelector over an ActionProfile: up to `numGroups` groups of at most
 * `maxGroupSize` members. FAIR picks live member `hash mod count` (in the order the control
 * plane listed them), so any change of membership may move any flow; RESILIENT hashes into a
 * fixed ring of slots and, when members come or go, reassigns only the slots it must, so flows
 * on members that stay keep their member.
 */
export class ActionSelector implements TableImplementation {
  private readonly groups = new Map<number, Group>();
  /** The selector's liveness register (a bit per member id), when the program has one. */
  private liveness: LivenessCells | undefined;

  constructor(
    readonly name: string,
    readonly profile: ActionProfile,
    readonly mode: SelectorMode,
    readonly maxGroupSize: number,
    readonly numGroups: number,
  ) {}

  addGroup(id: number, members: readonly GroupMemberSpec[] = [], maxSize?: number): ProfileResult<void> {
    const bad = badId('group', id);
    if (bad !== undefined) return err('NO_SUCH_GROUP', bad);
    if (this.groups.has(id)) return err('DUPLICATE_GROUP', `${this.name} already has group ${id}`);
    if (this.groups.size >= this.numGroups)
      return err('PROFILE_FULL', `${this.name} is full (${this.numGroups} groups)`);
    const size = maxSize ?? this.maxGroupSize;
    if (!Number.isInteger(size) || size < 1 || size > this.maxGroupSize)
      return err('BAD_VALUE', `max group size ${size} is not in 1..${this.maxGroupSize}`);
    const g: Group = { id, maxSize: size, members: [], live: [], slots: [], users: 0 };
    const r = this.place(g, members);
    if (!r.ok) return r;
    this.groups.set(id, g);
    return ok(undefined);
  }

  /**
   * Replaces a group's members (and their active flags) in one step, and resizes it when
   * `maxSize` is given (BF Runtime's `$MAX_GROUP_SIZE` in a selector entry_mod): the new size
   * must lie in 1..maxGroupSize and hold the members. A refused change leaves the group as it was.
   */
  setGroupMembers(id: number, members: readonly GroupMemberSpec[], maxSize?: number): ProfileResult<void> {
    const g = this.groups.get(id);
    if (g === undefined) return err('NO_SUCH_GROUP', `${this.name} has no group ${id}`);
    if (maxSize === undefined || maxSize === g.maxSize) return this.place(g, members);
    if (!Number.isInteger(maxSize) || maxSize < 1 || maxSize > this.maxGroupSize)
      return err('BAD_VALUE', `max group size ${maxSize} is not in 1..${this.maxGroupSize}`);
    const before = g.maxSize;
    g.maxSize = maxSize;
    // RESILIENT: a new size is a new ring of slots, laid out afresh over the live members.
    const slots = g.slots;
    if (this.mode === 'RESILIENT') g.slots = [];
    const r = this.place(g, members);
    if (!r.ok) {
      g.maxSize = before;
      g.slots = slots;
    }
    return r;
  }

  deleteGroup(id: number): ProfileResult<void> {
    const g = this.groups.get(id);
    if (g === undefined) return err('NO_SUCH_GROUP', `${this.name} has no group ${id}`);
    if (g.users > 0) return err('IN_USE', `group ${id} of ${this.name} is used by ${g.users} entries`);
    for (const m of g.members) this.profile.release({ kind: 'member', id: m.member });
    this.groups.delete(id);
    return ok(undefined);
  }

  group(id: number): GroupView | undefined {
    const g = this.groups.get(id);
    return g === undefined ? undefined : { id: g.id, maxSize: g.maxSize, members: g.members.map((m) => ({ ...m })) };
  }

  dump(): GroupView[] {
    return [...this.groups.keys()].sort((a, b) => a - b).map((id) => this.group(id) as GroupView);
  }

  /**
   * Ties the selector to its liveness register (`ActionSelector(…, reg, …)`): cell i is the
   * liveness bit of member i, which the data plane may clear or set (RegisterAction,
   * SelectorAction: fast failover) and the control plane sets when it places a member (1 if
   * active, 0 if not). A member whose bit is 0 is not selected. docs/tna-semantics.md.
   */
  useLiveness(cells: LivenessCells): void {
    this.liveness = cells;
    for (const g of this.groups.values()) for (const m of g.members) cells.write(m.member, m.active ? 1 : 0);
  }

  /** Data plane: the member the hash picks in a group; undefined when no member is active. */
  select(groupId: number, hash: number | bigint): ProfileMember | undefined {
    const g = this.groups.get(groupId);
    if (g === undefined || g.live.length === 0) return undefined;
    const pool = this.mode === 'RESILIENT' ? g.slots : g.live;
    const i = typeof hash === 'bigint' ? Number(hash % BigInt(pool.length)) : hash % pool.length;
    const cells = this.liveness;
    const chosen = pool[i];
    if (cells === undefined || chosen === undefined || cells.read(chosen.id) !== 0) return chosen;
    // The chosen member's bit is down: pick among the members whose bit is up, as FAIR does.
    const up = g.live.filter((m) => cells.read(m.id) !== 0);
    if (up.length === 0) return undefined;
    return up[typeof hash === 'bigint' ? Number(hash % BigInt(up.length)) : hash % up.length];
  }

  memberActionId(id: number): number | undefined {
    return this.profile.memberActionId(id);
  }

  retain(ref: EntryRef): Result<void, string> {
    if (ref.kind === 'member') return this.profile.retain(ref);
    const g = this.groups.get(ref.id);
    if (g === undefined) return err('NO_SUCH_GROUP', `${this.name} has no group ${ref.id}`);
    g.users++;
    return ok(undefined);
  }

  release(ref: EntryRef): void {
    if (ref.kind === 'member') {
      this.profile.release(ref);
      return;
    }
    const g = this.groups.get(ref.id);
    if (g !== undefined && g.users > 0) g.users--;
  }

  /** Checks a member list against the profile and the group's size, then installs it. */
  private place(g: Group, members: readonly GroupMemberSpec[]): ProfileResult<void> {
    if (!Array.isArray(members)) return err('BAD_REFERENCE', 'members must be a list');
    if (members.length > g.maxSize)
      return err('PROFILE_FULL', `group ${g.id} of ${this.name} holds at most ${g.maxSize} members`);
    const seen = new Set<number>();
    const next: { member: number; active: boolean }[] = [];
    for (const s of members) {
      const id = s?.member;
      if (typeof id !== 'number' || this.profile.member(id) === undefined)
        return err('NO_SUCH_MEMBER', `${this.profile.name} has no member ${String(id)}`);
      if (seen.has(id)) return err('DUPLICATE_MEMBER', `member ${id} is listed twice in group ${g.id}`);
      seen.add(id);
      next.push({ member: id, active: s.active ?? true });
    }
    for (const m of next) this.profile.retain({ kind: 'member', id: m.member });
    for (const m of g.members) this.profile.release({ kind: 'member', id: m.member });
    g.members = next;
    if (this.liveness !== undefined) for (const m of next) this.liveness.write(m.member, m.active ? 1 : 0);
    g.live = next.filter((m) => m.active).map((m) => this.profile.member(m.member) as ProfileMember);
    if (this.mode === 'RESILIENT') g.slots = reassignSlots(g.slots, g.live, g.maxSize);
    return ok(undefined);
  }
}

/**
 * Resilient hashing: `count` slots over the live members, balanced (slot counts differ by at
 * most one), keeping every slot whose member is still live unless its member holds more than
 * its share; freed slots go to the members with the fewest.
 */
export function reassignSlots<M>(old: readonly M[], live: readonly M[], count: number): M[] {
  if (live.length === 0) return [];
  const n = Math.max(count, live.length);
  const share = Math.floor(n / live.length);
  let extra = n % live.length;
  // Each live member may keep up to share (+1 for the first `extra` that already have more).
  const quota = new Map<M, number>();
  const held = new Map<M, number>();
  for (const m of live) held.set(m, 0);
  for (const m of old.length === n ? old : []) if (held.has(m)) held.set(m, (held.get(m) as number) + 1);
  for (const m of live) {
    const h = held.get(m) as number;
    const q = share + (extra > 0 && h > share ? 1 : 0);
    if (q > share) extra--;
    quota.set(m, q);
  }
  for (const m of live) {
    if (extra === 0) break;
    if ((quota.get(m) as number) === share) {
      quota.set(m, share + 1);
      extra--;
    }
  }
  const slots: (M | undefined)[] = new Array(n).fill(undefined);
  const used = new Map<M, number>();
  if (old.length === n) {
    for (let i = 0; i < n; i++) {
      const m = old[i] as M;
      const u = used.get(m) ?? 0;
      if (quota.has(m) && u < (quota.get(m) as number)) {
        slots[i] = m;
        used.set(m, u + 1);
      }
    }
  }
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (slots[i] !== undefined) continue;
    while ((used.get(live[k] as M) ?? 0) >= (quota.get(live[k] as M) as number)) k++;
    const m = live[k] as M;
    slots[i] = m;
    used.set(m, (used.get(m) ?? 0) + 1);
  }
  return slots as M[];
}
