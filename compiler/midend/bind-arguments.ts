// How an inlined block's parameters meet the caller's arguments (P4 spec §6.8, copy-in /
// copy-out). An argument that is a field path (`hdr.ipv4`, `md.x[3]`) or a constant is
// substituted for the parameter directly when no write through one parameter can be seen
// through another (no two such paths overlap; an `in` path always, since what writes over
// it is copied back only after the body): then copying in and out is unobservable and
// costs nothing per packet. Every other argument gets a fresh local, assigned before the body
// (in, inout) and copied back after it (out, inout). An `out` header starts invalid.

import type { Type } from '../check/types.js';
import { voidType } from '../check/types.js';
import type * as Ir from '../ir/nodes.js';
import { someExpr, visitControl } from '../ir/visit.js';
import type { Span } from '../source/span.js';

export interface Bound {
  /** Parameter name → the expression that replaces it in the body. */
  readonly subst: Map<string, Ir.Expr>;
  /** Locals the caller must declare (arguments that could not be substituted). */
  readonly temps: Ir.Variable[];
  readonly copyIn: Ir.Stmt[];
  readonly copyOut: Ir.Stmt[];
}

/** `hdr.ipv4.ttl`, `md`, `stack[2]`: a path to storage, as a string key; undefined otherwise. */
export function pathKey(e: Ir.Expr): string | undefined {
  switch (e.kind) {
    case 'Ref':
      return e.ref === 'variable' || e.ref === 'parameter' ? e.name : undefined;
    case 'Member': {
      const o = pathKey(e.object);
      return o === undefined ? undefined : `${o}.${e.member}`;
    }
    case 'Index': {
      const o = pathKey(e.object);
      return o === undefined || e.index.kind !== 'Const' ? undefined : `${o}[${String(e.index.value)}]`;
    }
    default:
      return undefined;
  }
}

function overlaps(a: string, b: string): boolean {
  const prefix = (x: string, y: string) => y === x || y.startsWith(`${x}.`) || y.startsWith(`${x}[`);
  return prefix(a, b) || prefix(b, a);
}

function isPacket(t: Type): boolean {
  return t.kind === 'extern' && (t.name === 'packet_in' || t.name === 'packet_out');
}

export function refTo(name: string, type: Type, span: Span): Ir.Expr {
  return { kind: 'Ref', name, ref: 'variable', type, span };
}

/** `e.setInvalid()` for every header in `e` (itself, a struct's fields, a stack's elements). */
export function invalidateHeaders(e: Ir.Expr, span: Span): Ir.Stmt[] {
  const t = e.type;
  if (t.kind === 'header') {
    const call: Ir.Call = {
      kind: 'Call',
      callee: { kind: 'Builtin', object: e, name: 'setInvalid' },
      args: [],
      params: [],
      typeArgs: [],
      type: voidType,
      span,
    };
    return [{ kind: 'CallStmt', call, span }];
  }
  if (t.kind === 'struct')
    return t.fields.flatMap((f) =>
      invalidateHeaders({ kind: 'Member', object: e, member: f.name, type: f.type, span }, span),
    );
  if (t.kind === 'headerStack') {
    const out: Ir.Stmt[] = [];
    for (let i = 0; i < t.size; i++) {
      const index: Ir.Expr = { kind: 'Const', value: BigInt(i), type: { kind: 'infint' }, span };
      out.push(...invalidateHeaders({ kind: 'Index', object: e, index, type: t.element, span }, span));
    }
    return out;
  }
  return [];
}

/**
 * Binds `params` to `args` for one inlined call. `tempName` gives each fresh local its name
 * (unique in the caller); `canSubstitute` is false when the callee is inlined once for
 * several calls (then its parameters are locals shared by every call).
 */
export function bindArguments(
  params: readonly Ir.Param[],
  args: readonly (Ir.Expr | undefined)[],
  tempName: (param: string) => string,
  span: Span,
  canSubstitute = true,
  /** The paths the body reads through an `in` parameter (`hdr.agg.bitmap`); undefined: unknown. */
  readsThrough: (param: string) => readonly string[] | undefined = () => undefined,
  /** Whether the body may write through a parameter; true when unknown. */
  writesThrough: (param: string) => boolean = () => true,
  /** Whether this parameter must get a temp even where its argument could stand in for it. */
  mustCopy: (param: string, arg: Ir.Expr) => boolean = () => false,
): Bound {
  const subst = new Map<string, Ir.Expr>();
  const temps: Ir.Variable[] = [];
  const copyIn: Ir.Stmt[] = [];
  const copyOut: Ir.Stmt[] = [];
  const keys = params.map((_, i) => {
    const a = args[i];
    return a === undefined ? undefined : pathKey(a);
  });
  const writes = params.map((p) => p.direction === 'out' || p.direction === 'inout');
  const aliased = (i: number) =>
    keys.some((k, j) => j !== i && k !== undefined && (writes[i] || writes[j]) && overlaps(k, keys[i] as string));
  // A written parameter whose argument only `in` parameters overlap, none of them read by the
  // body where it overlaps (mpitofino: `agg.apply(hdr, meta, hdr.aggregate.val00, …)` with
  // `in hdr` read only at hdr.aggregate.bitmap): its writes cannot be seen, it goes direct.
  const unseen = (i: number) =>
    keys.every((k, j) => {
      if (j === i || k === undefined || !overlaps(k, keys[i] as string)) return true;
      const q = params[j] as Ir.Param;
      if (q.direction !== 'in') return false;
      const read = readsThrough(q.name);
      return read?.every((r) => !overlaps(k + r.slice(q.name.length), keys[i] as string)) === true;
    });
  const unchanged = unchangedInouts(params, keys, canSubstitute, writesThrough);
  params.forEach((p, i) => {
    const a = args[i];
    if (unchanged.restores.has(i)) {
      subst.set(p.name, a as Ir.Expr);
      return;
    }
    // An extern argument (a register handed to a sub-control, p4c's issue1958) is a
    // reference, not a value: the body uses the caller's instance. A block inlined once for
    // several calls cannot, as each call may hand it another instance.
    if (a !== undefined && (isPacket(p.type) || (canSubstitute && p.type.kind === 'extern'))) {
      subst.set(p.name, a);
      return;
    }
    // An `in` path is read-only in the body, and every parameter that writes storage it
    // overlaps gets a temp copied back only after the body: reading the argument in place
    // sees the value at the call, as copy-in would (SwitchML's `value00.apply(hdr.d0.d00, …,
    // hdr.d0.d00, …)` reads and writes one field through an in and an out parameter).
    const direct =
      canSubstitute &&
      a !== undefined &&
      !mustCopy(p.name, a) &&
      ((keys[i] !== undefined && (p.direction === 'in' || !aliased(i) || unseen(i))) ||
        (a.kind === 'Const' && p.direction !== 'out' && !writes[i]));
    if (direct) {
      subst.set(p.name, a);
      if (p.direction === 'out') copyIn.push(...invalidateHeaders(a, span));
      return;
    }
    const name = tempName(p.name);
    const v: Ir.Variable = { kind: 'Variable', name, type: p.type, init: undefined, span };
    temps.push(v);
    const ref = refTo(name, p.type, span);
    subst.set(p.name, ref);
    if (a === undefined) return;
    if (p.direction === 'out') copyIn.push(...invalidateHeaders(ref, span));
    else copyIn.push({ kind: 'Assign', target: ref, value: a, span });
    if (writes[i] && !unchanged.overwritten.has(i)) copyOut.push({ kind: 'Assign', target: a, value: ref, span });
  });
  return { subst, temps, copyIn, copyOut };
}

/**
 * An `inout` parameter the body never writes is copied back as it was copied in: its
 * copy-out restores the argument's value at the call (P4 spec §6.8: copy-out runs left to
 * right), undoing the copy-outs of earlier parameters into that storage. When every other
 * written parameter overlapping it gets a local (so nothing writes the argument while the
 * body runs) and each earlier one lies inside it, the argument is read in place, nothing is
 * copied back for it, and those earlier copy-outs are dropped (their values would be
 * overwritten). SwitchML's `exponents.apply(md.e0, md.e1, md.e0, md.e1, md)`: its outputs
 * land in `md`, which the control only reads, so P4 leaves `md` as it was; p4c's copy
 * propagation removes the same copies.
 */
function unchangedInouts(
  params: readonly Ir.Param[],
  keys: readonly (string | undefined)[],
  canSubstitute: boolean,
  writesThrough: (param: string) => boolean,
): { restores: Set<number>; overwritten: Set<number> } {
  const restores = new Set<number>();
  const overwritten = new Set<number>();
  if (!canSubstitute) return { restores, overwritten };
  const candidates = params
    .map((p, i) => (p.direction === 'inout' && keys[i] !== undefined && !writesThrough(p.name) ? i : -1))
    .filter((i) => i >= 0);
  const within = (inner: string, outer: string) =>
    inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
  for (const i of candidates) {
    const k = keys[i] as string;
    const dropped: number[] = [];
    const ok = params.every((q, j) => {
      const kj = keys[j];
      if (j === i || kj === undefined || !overlaps(kj, k)) return true;
      if (q.direction === 'in') return true;
      // Another unchanged inout over the same storage: which copy-out wins is no longer plain.
      if (candidates.includes(j)) return false;
      if (j > i) return true;
      if (!within(kj, k)) return false;
      dropped.push(j);
      return true;
    });
    if (!ok) continue;
    restores.add(i);
    for (const j of dropped) overwritten.add(j);
  }
  return { restores, overwritten };
}

/**
 * Whether a control may write through its parameter `name`: an assignment to it, an `out` or
 * `inout` argument, a header or stack method that changes it (`setValid`, `push_front`), an
 * extern method called on it. True when an action parameter shadows it (not followed).
 */
export function writesThrough(c: Ir.Control, name: string): boolean {
  if (c.actions.some((a) => a.params.some((p) => p.name === name))) return true;
  const rooted = (e: Ir.Expr): boolean => {
    let x = e;
    while (x.kind === 'Member' || x.kind === 'Index' || x.kind === 'Slice' || x.kind === 'DynamicSlice') x = x.object;
    return x.kind === 'Ref' && x.name === name && x.ref === 'parameter';
  };
  let found = false;
  const v = {
    stmt: (s: Ir.Stmt) => {
      if (s.kind === 'Assign' && rooted(s.target)) found = true;
      return !found;
    },
    expr: (e: Ir.Expr) => {
      if (found) return false;
      if (e.kind !== 'Call') return undefined;
      const cal = e.callee;
      if ((cal.kind === 'Builtin' && !READ_ONLY_BUILTINS.has(cal.name)) || cal.kind === 'Method')
        if (rooted(cal.object)) found = true;
      e.args.forEach((a, i) => {
        const d = e.params[i]?.direction;
        if (a !== undefined && (d === 'out' || d === 'inout') && rooted(a)) found = true;
      });
      return !found;
    },
  };
  visitControl(c, v);
  // Table action lists bind action arguments without a Call node: any use through the
  // parameter there counts, as the action's parameter could be `inout`.
  for (const t of c.tables)
    for (const a of [...t.actions, ...(t.defaultAction === undefined ? [] : [t.defaultAction])])
      if (a.args.some((x) => someExpr(x, rooted))) return true;
  return found;
}

const READ_ONLY_BUILTINS = new Set(['isValid', 'minSizeInBits', 'maxSizeInBits', 'minSizeInBytes', 'maxSizeInBytes']);

/**
 * The storage paths a control reads through its parameter `name`, each as the longest
 * constant path used (`hdr.aggregate.bitmap`; `hdr` itself when the whole value is used, as
 * an argument or with a run-time index); undefined when an action parameter shadows it.
 */
export function pathsReadThrough(c: Ir.Control, name: string): string[] | undefined {
  if (c.actions.some((a) => a.params.some((p) => p.name === name))) return undefined;
  const uses = new Map<string, number>();
  const extended = new Map<string, number>();
  const rooted = (k: string) => k === name || k.startsWith(`${name}.`) || k.startsWith(`${name}[`);
  visitControl(c, {
    expr: (e) => {
      if (e.kind === 'Ref' && e.name === name && e.ref !== 'parameter') return undefined;
      const k = pathKey(e);
      if (k === undefined || !rooted(k)) return undefined;
      uses.set(k, (uses.get(k) ?? 0) + 1);
      if (e.kind === 'Member' || e.kind === 'Index') {
        const o = pathKey(e.object);
        if (o !== undefined) extended.set(o, (extended.get(o) ?? 0) + 1);
      }
      return undefined;
    },
  });
  return [...uses].filter(([k, n]) => n > (extended.get(k) ?? 0)).map(([k]) => k);
}
