// Match-action tables: the interface the data plane and the control plane share (bmv2's
// match_units with its MatchErrorCode). The data plane passes a key and gets an entry or
// undefined (then it runs the default action); the control plane adds, modifies, deletes and
// dumps entries by handle and gets a Result whose coded error means nothing changed.
//
// What generated code passes: field values in the runtime's representation (bits.ts: numbers
// up to 32 bits, bigints above), already normalised to their width. A single-field table is
// looked up with `lookup1(value)`; a multi-field table by writing `table.key[i]` (declaration
// order of the P4 key) and calling `lookup()`. Neither allocates for ≤ 32-bit fields.

import type { KeyField } from '../../contract/p4info.js';
import { describeValue, err, ok, type Result } from '../result.js';
import { type FieldValue, type NormalizedField, normalizeField, type RawFieldMatch } from './match-key.js';

export type { KeyField, MatchKind } from '../../contract/p4info.js';

/** Where an action may appear (P4's @tableonly / @defaultonly). */
export type ActionScope = 'TABLE_AND_DEFAULT' | 'TABLE_ONLY' | 'DEFAULT_ONLY';

export interface ActionSpec {
  readonly name: string;
  readonly params: readonly { readonly name: string; readonly width: number }[];
  readonly scope?: ActionScope;
}

/** An action call as the control plane names it: by name or by its index in the table's action list. */
export interface ActionCall {
  readonly action: string | number;
  readonly params: readonly FieldValue[];
}

export interface EntryRequest {
  /** One match per key field, in key order. */
  readonly match: readonly RawFieldMatch[];
  /** Priority tables only (any ternary, range or optional field): a larger number wins. */
  readonly priority?: number;
  /** A direct table's action; an indirect table (`implementation = …`) takes `ref` instead. */
  readonly action?: string | number;
  readonly params?: readonly FieldValue[];
  readonly ref?: EntryRef;
  /** Tables with idle timeout: the entry's time to live in ms without a hit (0: never ages). */
  readonly ttl?: number;
}

/** What an entry of an indirect table points at: a profile member or a selector group. */
export interface EntryRef {
  readonly kind: 'member' | 'group';
  readonly id: number;
}

/**
 * The `implementation` of an indirect table (action-profile.ts): it checks that a reference
 * exists and counts the entries that use it, so a member or group in use cannot be deleted.
 */
export interface TableImplementation {
  readonly name: string;
  retain(ref: EntryRef): Result<void, string>;
  release(ref: EntryRef): void;
  /** The profile's action index of member `id` (undefined: no such member). */
  memberActionId(id: number): number | undefined;
}

/** A member's action as the data plane runs it. */
export interface MemberAction {
  readonly actionId: number;
  readonly params: readonly FieldValue[];
}

export interface TableSpec {
  readonly name: string;
  readonly keys: readonly KeyField[];
  readonly actions: readonly ActionSpec[];
  /** Maximum number of entries (const entries count). */
  readonly size: number;
  /** P4 `idle_timeout = true`: entries may carry a TTL and age out (idle notifications). */
  readonly idleTimeout?: boolean;
  /** Initial default action; without one, NoAction-like: actionId -1 and no params. */
  readonly defaultAction?: ActionCall & { readonly isConst?: boolean };
  /** P4 `const entries`: installed in order; the table then refuses entry changes. */
  readonly constEntries?: readonly (ActionCall & {
    readonly match: readonly RawFieldMatch[];
    readonly priority?: number;
  })[];
}

export type TableErrorCode =
  | 'DUPLICATE_ENTRY'
  | 'TABLE_FULL'
  | 'BAD_MATCH_KEY'
  | 'BAD_PRIORITY'
  | 'NO_SUCH_ENTRY'
  | 'BAD_ACTION'
  | 'BAD_ACTION_PARAMS'
  | 'CONST_TABLE'
  | 'CONST_DEFAULT_ACTION'
  | 'BAD_TABLE_SPEC'
  | 'BAD_REFERENCE';

export type TableResult<T> = Result<T, TableErrorCode>;

/** An installed entry, as lookup returns it; generated code switches on `actionId`. */
export interface TableEntry {
  readonly handle: number;
  readonly fields: readonly NormalizedField[];
  readonly priority: number;
  readonly actionId: number;
  readonly params: readonly FieldValue[];
  readonly isConst: boolean;
  /** Indirect tables only: the member or group the entry points at (actionId is then -1). */
  readonly ref: EntryRef | undefined;
  /** Idle-timeout tables: set by the data plane on a hit, cleared by the idle sweep. */
  hit: boolean;
  /** Idle-timeout tables: time to live (ms, 0 = never ages) and ms idle so far. */
  readonly ttl: number;
  readonly idleMs: number;
}

/** The resolved action run on a miss. */
export interface DefaultAction {
  readonly actionId: number;
  readonly params: readonly FieldValue[];
  readonly isConst: boolean;
}

interface MutableEntry {
  handle: number;
  fields: NormalizedField[];
  priority: number;
  actionId: number;
  params: FieldValue[];
  isConst: boolean;
  ref: EntryRef | undefined;
  hit: boolean;
  ttl: number;
  idleMs: number;
  /** Notified as idle since the last hit (one notification per idle period). */
  notified: boolean;
}

/**
 * Control-plane logic shared by every match kind: validation, handles, size, actions,
 * default action, dump. Subclasses keep their own lookup index in step through the hooks;
 * every check runs before any hook, so a rejected request changes nothing.
 */
export abstract class MatchTable {
  readonly spec: TableSpec;
  readonly name: string;
  /** Scratch key for multi-field lookups: generated code fills it, then calls lookup(). */
  readonly key: FieldValue[];
  /** Whether entries carry priorities (any ternary, range or optional field). */
  readonly hasPriority: boolean;
  protected readonly entries = new Map<number, MutableEntry>();
  private nextHandle = 1;
  private frozen = false;
  private installed = false;
  private defaultAct: DefaultAction;
  /** Set (once, by the pipeline state) on an indirect table: entries then carry a `ref`. */
  implementation: TableImplementation | undefined;
  /**
   * Set (by the pipeline state) when the table shares its profile with tables that list other
   * actions: the profile's action index → this table's (-1: an action this table lacks).
   * Undefined: the profile's actions are this table's.
   */
  profileActions: readonly number[] | undefined;

  constructor(spec: TableSpec) {
    this.spec = spec;
    this.name = spec.name;
    this.key = spec.keys.map((k) => (k.width > 32 ? 0n : 0));
    this.hasPriority = spec.keys.some(
      (k) => k.matchKind === 'ternary' || k.matchKind === 'range' || k.matchKind === 'optional',
    );
    this.defaultAct = { actionId: -1, params: [], isConst: false };
    this.profileActions = undefined;
  }

  /**
   * A profile member's action in this table's numbering (generated code runs it): the member
   * itself when the profile's actions are this table's; undefined (a miss) for an action this
   * table does not list.
   */
  fromProfile(m: MemberAction | undefined): MemberAction | undefined {
    const map = this.profileActions;
    if (m === undefined || map === undefined) return m;
    const a = map[m.actionId] ?? -1;
    return a < 0 ? undefined : { actionId: a, params: m.params };
  }

  /** Installs the spec's default action and const entries; createTable calls it once. */
  installSpecEntries(): TableResult<void> {
    if (this.installed) return err('BAD_TABLE_SPEC', `table ${this.name} is already installed`);
    this.installed = true;
    const spec = this.spec;
    if (spec.defaultAction !== undefined) {
      const r = this.resolveAction(spec.defaultAction, 'default');
      if (!r.ok) return r;
      this.defaultAct = {
        actionId: r.value.actionId,
        params: r.value.params,
        isConst: spec.defaultAction.isConst ?? false,
      };
    }
    const consts = spec.constEntries ?? [];
    for (let i = 0; i < consts.length; i++) {
      const c = consts[i] as NonNullable<TableSpec['constEntries']>[number];
      // The first listed const entry wins: give earlier entries larger priorities.
      const r = this.addEntry(
        { ...c, priority: c.priority ?? (this.hasPriority ? consts.length - i : undefined) },
        true,
      );
      if (!r.ok) return err(r.code, `const entry ${i + 1}: ${r.message}`);
    }
    this.frozen = consts.length > 0;
    return ok(undefined);
  }

  // ---- data plane -------------------------------------------------------------------------

  /** Looks up the key in `this.key`. */
  abstract lookup(): TableEntry | undefined;

  /** Looks up a single-field key. */
  abstract lookup1(value: FieldValue): TableEntry | undefined;

  /** The action to run on a miss. */
  get defaultAction(): DefaultAction {
    return this.defaultAct;
  }

  // ---- control plane ----------------------------------------------------------------------

  /** Adds an entry; returns its handle. */
  add(req: EntryRequest): TableResult<number> {
    if (this.frozen) return err('CONST_TABLE', `table ${this.name} has const entries`);
    return this.addEntry(req, false);
  }

  /** Replaces the action and parameters of an entry. */
  modify(handle: number, call: ActionCall): TableResult<void> {
    if (this.frozen) return err('CONST_TABLE', `table ${this.name} has const entries`);
    const e = this.entries.get(handle);
    if (e === undefined) return err('NO_SUCH_ENTRY', `table ${this.name} has no entry ${handle}`);
    const r = this.resolveAction(call, 'entry');
    if (!r.ok) return r;
    e.actionId = r.value.actionId;
    e.params = r.value.params;
    return ok(undefined);
  }

  /** Sets an entry's time to live (ms; 0 = never ages) and restarts its idle time. */
  setTtl(handle: number, ttl: number): TableResult<void> {
    const e = this.entries.get(handle);
    if (e === undefined) return err('NO_SUCH_ENTRY', `table ${this.name} has no entry ${handle}`);
    const bad = this.badTtl(ttl);
    if (bad !== undefined) return bad;
    e.ttl = ttl;
    e.idleMs = 0;
    e.notified = false;
    return ok(undefined);
  }

  /**
   * The idle sweep, run every `elapsedMs`: an entry hit since the last sweep starts its idle
   * time again; one that was not ages by `elapsedMs`. Returns the entries whose idle time
   * reached their TTL in this sweep (each once per idle period: a hit re-arms it).
   */
  sweepIdle(elapsedMs: number): TableEntry[] {
    const expired: TableEntry[] = [];
    for (const e of this.entries.values()) {
      if (e.hit) {
        e.hit = false;
        e.idleMs = 0;
        e.notified = false;
        continue;
      }
      if (e.ttl === 0 || e.notified) continue;
      e.idleMs += elapsedMs;
      if (e.idleMs >= e.ttl) {
        e.notified = true;
        expired.push(e);
      }
    }
    return expired;
  }

  private badTtl(ttl: number): TableResult<never> | undefined {
    if (this.spec.idleTimeout !== true)
      return err('BAD_ACTION_PARAMS', `table ${this.name} has no idle_timeout: its entries take no ttl`);
    if (!Number.isSafeInteger(ttl) || ttl < 0) return err('BAD_ACTION_PARAMS', `ttl ${ttl} is not a number of ms ≥ 0`);
    return undefined;
  }

  /** Why a member `ref` cannot serve this table: its action is not one of the table's. */
  private lacksMemberAction(ref: EntryRef): string | undefined {
    const map = this.profileActions;
    if (map === undefined || ref.kind !== 'member') return undefined;
    const a = this.implementation?.memberActionId(ref.id);
    if (a === undefined || (map[a] ?? -1) >= 0) return undefined;
    return `member ${ref.id} runs an action that table ${this.name} does not list`;
  }

  /** Points an indirect table's entry at another member or group. */
  modifyRef(handle: number, ref: EntryRef): TableResult<void> {
    const e = this.entries.get(handle);
    if (e === undefined) return err('NO_SUCH_ENTRY', `table ${this.name} has no entry ${handle}`);
    const impl = this.implementation;
    if (impl === undefined || e.ref === undefined)
      return err('BAD_REFERENCE', `table ${this.name} has no action profile: give an action`);
    const lacks = this.lacksMemberAction(ref);
    if (lacks !== undefined) return err('BAD_REFERENCE', lacks);
    const r = impl.retain(ref);
    if (!r.ok) return err('BAD_REFERENCE', r.message);
    impl.release(e.ref);
    e.ref = ref;
    return ok(undefined);
  }

  delete(handle: number): TableResult<void> {
    if (this.frozen) return err('CONST_TABLE', `table ${this.name} has const entries`);
    const e = this.entries.get(handle);
    if (e === undefined) return err('NO_SUCH_ENTRY', `table ${this.name} has no entry ${handle}`);
    this.indexRemove(e);
    this.entries.delete(handle);
    if (e.ref !== undefined) this.implementation?.release(e.ref);
    return ok(undefined);
  }

  /** Removes every entry (not allowed on a table with const entries). */
  clear(): TableResult<void> {
    if (this.frozen) return err('CONST_TABLE', `table ${this.name} has const entries`);
    for (const e of this.entries.values()) if (e.ref !== undefined) this.implementation?.release(e.ref);
    this.entries.clear();
    this.indexClear();
    return ok(undefined);
  }

  setDefault(call: ActionCall): TableResult<void> {
    if (this.defaultAct.isConst) return err('CONST_DEFAULT_ACTION', `table ${this.name} has a const default action`);
    const r = this.resolveAction(call, 'default');
    if (!r.ok) return r;
    this.defaultAct = { actionId: r.value.actionId, params: r.value.params, isConst: false };
    return ok(undefined);
  }

  /** Every entry, in handle (installation) order. */
  dump(): TableEntry[] {
    return [...this.entries.values()].sort((a, b) => a.handle - b.handle);
  }

  get(handle: number): TableEntry | undefined {
    return this.entries.get(handle);
  }

  get entryCount(): number {
    return this.entries.size;
  }

  /** The handle of the entry with this match (and priority), if installed. */
  find(match: readonly RawFieldMatch[], priority?: number): TableResult<number | undefined> {
    const r = this.normalizeMatch(match, priority);
    if (!r.ok) return r;
    return ok(this.findSame(r.value, this.hasPriority ? (priority as number) : 0)?.handle);
  }

  // ---- subclass hooks ---------------------------------------------------------------------

  /** An installed entry with exactly these fields (and priority), if any. */
  protected abstract findSame(fields: readonly NormalizedField[], priority: number): TableEntry | undefined;
  protected abstract indexInsert(e: TableEntry): void;
  protected abstract indexRemove(e: TableEntry): void;
  protected abstract indexClear(): void;

  // ---- validation -------------------------------------------------------------------------

  private addEntry(req: EntryRequest, isConst: boolean): TableResult<number> {
    const m = this.normalizeMatch(req.match, req.priority);
    if (!m.ok) return m;
    const impl = this.implementation;
    let a: TableResult<{ actionId: number; params: FieldValue[] }>;
    if (impl !== undefined) {
      if (req.ref === undefined || req.action !== undefined)
        return err('BAD_REFERENCE', `table ${this.name} takes entries that name a member or group of ${impl.name}`);
      a = ok({ actionId: -1, params: [] });
    } else if (req.ref !== undefined || req.action === undefined)
      return err('BAD_REFERENCE', `table ${this.name} has no action profile: give an action`);
    else a = this.resolveAction({ action: req.action, params: req.params ?? [] }, 'entry');
    if (!a.ok) return a;
    const priority = this.hasPriority ? (req.priority as number) : 0;
    if (this.findSame(m.value, priority) !== undefined) {
      return err('DUPLICATE_ENTRY', `table ${this.name} already has an entry with this match`);
    }
    if (this.entries.size >= this.spec.size)
      return err('TABLE_FULL', `table ${this.name} is full (${this.spec.size} entries)`);
    if (req.ttl !== undefined) {
      const bad = this.badTtl(req.ttl);
      if (bad !== undefined) return bad;
    }
    if (impl !== undefined && req.ref !== undefined) {
      const lacks = this.lacksMemberAction(req.ref);
      if (lacks !== undefined) return err('BAD_REFERENCE', lacks);
      const r = impl.retain(req.ref);
      if (!r.ok) return err('BAD_REFERENCE', r.message);
    }
    const e: MutableEntry = {
      handle: this.nextHandle++,
      fields: m.value,
      priority,
      actionId: a.value.actionId,
      params: a.value.params,
      isConst,
      ref: req.ref,
      hit: false,
      ttl: req.ttl ?? 0,
      idleMs: 0,
      notified: false,
    };
    this.entries.set(e.handle, e);
    this.indexInsert(e);
    return ok(e.handle);
  }

  private normalizeMatch(
    match: readonly RawFieldMatch[],
    priority: number | undefined,
  ): TableResult<NormalizedField[]> {
    const keys = this.spec.keys;
    if (!Array.isArray(match) || match.length !== keys.length) {
      return err(
        'BAD_MATCH_KEY',
        `table ${this.name} has ${keys.length} key fields, the request gives ${describeValue(match)}`,
      );
    }
    if (this.hasPriority) {
      if (priority === undefined || !Number.isSafeInteger(priority) || priority < 1) {
        return err('BAD_PRIORITY', `table ${this.name} needs a priority ≥ 1 (a larger number wins)`);
      }
    } else if (priority !== undefined) {
      return err(
        'BAD_PRIORITY',
        `table ${this.name} has no ternary, range or optional field: entries take no priority`,
      );
    }
    const out: NormalizedField[] = [];
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as KeyField;
      const r = normalizeField(k, match[i] as RawFieldMatch);
      if (!r.ok) return err('BAD_MATCH_KEY', `table ${this.name}, key ${k.name}: ${r.message}`);
      out.push(r.value);
    }
    return ok(out);
  }

  private resolveAction(
    call: ActionCall,
    use: 'entry' | 'default',
  ): TableResult<{ actionId: number; params: FieldValue[] }> {
    return resolveActionCall(this.name, this.spec.actions, call, use);
  }
}

/**
 * An action call checked against an action list (a table's, or an action profile's): the
 * action's index and its parameters in the runtime representation.
 */
export function resolveActionCall(
  owner: string,
  actions: readonly ActionSpec[],
  call: ActionCall,
  use: 'entry' | 'default',
): TableResult<{ actionId: number; params: FieldValue[] }> {
  const id = typeof call.action === 'number' ? call.action : actions.findIndex((a) => a.name === call.action);
  const spec = Number.isInteger(id) ? actions[id] : undefined;
  if (spec === undefined) return err('BAD_ACTION', `${owner} has no action ${describeValue(call.action)}`);
  const scope = spec.scope ?? 'TABLE_AND_DEFAULT';
  if (use === 'entry' && scope === 'DEFAULT_ONLY')
    return err('BAD_ACTION', `action ${spec.name} is @defaultonly in ${owner}`);
  if (use === 'default' && scope === 'TABLE_ONLY')
    return err('BAD_ACTION', `action ${spec.name} is @tableonly in ${owner}`);
  if (!Array.isArray(call.params) || call.params.length !== spec.params.length) {
    return err(
      'BAD_ACTION_PARAMS',
      `action ${spec.name} takes ${spec.params.length} parameters, got ${describeValue(call.params)}`,
    );
  }
  const params: FieldValue[] = [];
  for (let i = 0; i < spec.params.length; i++) {
    const p = spec.params[i] as ActionSpec['params'][number];
    const v = toFieldValue(call.params[i], p.width);
    if (v === undefined) {
      return err('BAD_ACTION_PARAMS', `parameter ${p.name} of ${spec.name} is not a ${p.width}-bit unsigned value`);
    }
    params.push(v);
  }
  return ok({ actionId: id, params });
}

/** A value in the runtime representation for its width, or undefined when it does not fit. */
export function toFieldValue(v: unknown, width: number): FieldValue | undefined {
  let b: bigint;
  if (typeof v === 'bigint') b = v;
  else if (typeof v === 'number' && Number.isSafeInteger(v)) b = BigInt(v);
  else return undefined;
  if (b < 0n || b >= 1n << BigInt(width)) return undefined;
  return width > 32 ? b : Number(b);
}
