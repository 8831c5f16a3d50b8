// Field lists of Hash and Checksum calls: the chained `field`/`add` calls that feed a list to
// the runtime extern, `@symmetric` pairs on a Hash, and a Hash's value over a list (also the
// hash an ActionSelector computes over its selector keys).

import { type Type, widthOf } from '../check/types.js';
import { exprText } from '../ir/expr-text.js';
import type * as Ir from '../ir/nodes.js';
import type { Gen } from './context.js';
import { type FnCtx, flattenFields } from './emit-expr.js';
import { repOf } from './emit-types.js';

/** `x.field(v, w).field(…)` (Checksum) or `x.add(v, w)…` (Hash) over a flattened field list. */
export function fieldChain(cx: FnCtx, list: Ir.Expr | undefined, x: string, method: 'field' | 'add'): string {
  return list === undefined ? x : chainOf(flattenFields(cx, list), x, method);
}

function chainOf(
  fields: readonly { js: string; type: Type; width: number }[],
  x: string,
  method: 'field' | 'add',
): string {
  let js = x;
  for (const f of fields) {
    // A varbit field takes the width it was extracted with (an IPv4 header with its options
    // in a checksum's list).
    if (f.type.kind === 'varbit') {
      js += `.${method === 'field' ? 'fieldBig' : 'addBig'}(${f.js}, ${f.js}$w)`;
      continue;
    }
    const r = repOf(f.type);
    const big = method === 'field' ? 'fieldBig' : 'addBig';
    if (r === 'big') js += `.${big}(${signedFix(f.js, f.type, f.width)}, ${f.width})`;
    else js += `.${method}(${r === 'bool' ? `(${f.js} ? 1 : 0)` : signedFix(f.js, f.type, f.width)}, ${f.width})`;
  }
  return js;
}

export function signedFix(js: string, t: Type, w: number): string {
  if (t.kind !== 'int') return js;
  return w > 32 ? `BigInt.asUintN(${w}, ${js})` : w >= 32 ? `(${js} >>> 0)` : `(${js} & ${2 ** w - 1})`;
}

/**
 * `@symmetric("a", "b")` on a Hash: the hash must not change when a and b swap values. Tofino
 * gives both fields the same hash-matrix columns, so the result is that of the list with
 * a ^ b in the place of the one that comes later in the list and zero in the other's (a CRC
 * is linear in its input; bf-p4c's symmetric_hash pins the place), which we compute
 * (docs/tna-semantics.md, "Hash").
 */
export function symmetricList(call: Ir.Call, inst: Ir.Instance | undefined): Ir.Call {
  const pairs = (inst?.annotations ?? []).filter((a) => a.name === 'symmetric').map((a) => quotedNames(a.body));
  const list = call.args[0];
  if (pairs.length === 0 || list?.kind !== 'List') return call;
  const elements = [...list.elements];
  for (const pair of pairs) {
    if (pair.length !== 2) continue;
    const i = elements.findIndex((e) => pathText(e) === pair[0]);
    const j = elements.findIndex((e) => pathText(e) === pair[1]);
    const a = elements[i];
    const b = elements[j];
    if (a === undefined || b === undefined || i === j || widthOf(a.type) !== widthOf(b.type)) continue;
    const [first, later] = i < j ? [i, j] : [j, i];
    const x = elements[later] as Ir.Expr;
    elements[later] = { kind: 'Binary', op: '^', left: a, right: b, type: x.type, span: x.span };
    elements[first] = { kind: 'Const', value: 0n, type: (elements[first] as Ir.Expr).type, span: x.span };
  }
  return { ...call, args: [{ ...list, elements }, ...call.args.slice(1)] };
}

/** The strings of an annotation body: `"hdr.a", "hdr.b"` → [hdr.a, hdr.b]. */
function quotedNames(body: string): string[] {
  return [...body.matchAll(/"([^"]*)"/g)].map((m) => (m[1] as string).replace(/\s+/g, ''));
}

/** `hdr.ipv4.src_addr` for a field reference, undefined for anything else. */
function pathText(e: Ir.Expr): string | undefined {
  if (e.kind === 'Ref') return e.name;
  if (e.kind === 'Member') {
    const o = pathText(e.object);
    return o === undefined ? undefined : `${o}.${e.member}`;
  }
  return undefined;
}

export function hashGet(cx: FnCtx, call: Ir.Call, x: string): string {
  return hashOfList(cx, call.args[0], call.type, x);
}

/**
 * The value of Hash `x` over a field list, of type `result` (also an ActionSelector's hash):
 * a list of whole-byte fields is streamed (`feed`, no packing for CRC hashes); any other list
 * is packed with `add`.
 */
export function hashOfList(cx: FnCtx, list: Ir.Expr | undefined, result: Type, x: string): string {
  const fields = list === undefined ? [] : flattenFields(cx, list);
  if (fields.length > 0 && fields.every((f) => f.width > 0 && f.width % 8 === 0 && repOf(f.type) !== 'bool')) {
    let chain = x;
    for (const f of fields) {
      const js = signedFix(f.js, f.type, f.width);
      chain += repOf(f.type) === 'big' ? `.feedBig(${js}, ${f.width})` : `.feed(${js}, ${f.width})`;
    }
    return repOf(result) === 'big' ? `${chain}.getFedBig()` : `${chain}.getFed()`;
  }
  const chain = chainOf(fields, x, 'add');
  return repOf(result) === 'big' ? `${chain}.getBig()` : `${chain}.get()`;
}

/** Hashes whose call sites hash different lists: p4info then names no field list for them. */
const severalLists = new WeakMap<Gen, Set<string>>();

/**
 * Records, in p4info, the field list a Hash computes over (names as in the source, most
 * significant first): the control plane's run-time field configuration refers to these names
 * (docs/tna-externs.md, "Dynamic hashing"). A Hash used with different lists gets none.
 */
export function recordHashFields(gen: Gen, p4Name: string | undefined, list: Ir.Expr | undefined): void {
  const i = p4Name === undefined ? -1 : gen.p4info.hashes.findIndex((h) => h.name === p4Name);
  const h = gen.p4info.hashes[i];
  if (h === undefined || p4Name === undefined || list === undefined) return;
  const seen = severalLists.get(gen) ?? new Set<string>();
  severalLists.set(gen, seen);
  if (seen.has(p4Name)) return;
  const fields = namedFields(list);
  const same =
    h.fields === undefined ||
    (h.fields.length === fields.length &&
      h.fields.every((f, k) => f.name === fields[k]?.name && f.width === fields[k]?.width));
  if (!same) {
    seen.add(p4Name);
    const { fields: _dropped, ...rest } = h;
    gen.p4info.hashes[i] = rest;
    return;
  }
  gen.p4info.hashes[i] = { ...h, fields };
}

function namedFields(e: Ir.Expr): { name: string; width: number }[] {
  if (e.kind === 'Cast' && (e.type.kind === 'header' || e.type.kind === 'struct')) return namedFields(e.operand);
  if (e.kind === 'List') return e.elements.flatMap(namedFields);
  if (e.kind === 'StructInit') return e.fields.flatMap((f) => namedFields(f.value));
  if (e.kind === 'Const' && e.type.kind === 'tuple')
    return e.type.elements.flatMap((t, k) => namedOf(`${exprText(e)}[${k}]`, t));
  return namedOf(exprText(e), e.type);
}

function namedOf(name: string, t: Type): { name: string; width: number }[] {
  if (t.kind === 'header' || t.kind === 'struct') return t.fields.flatMap((f) => namedOf(`${name}.${f.name}`, f.type));
  return [{ name, width: t.kind === 'bool' ? 1 : (widthOf(t) ?? 32) }];
}
