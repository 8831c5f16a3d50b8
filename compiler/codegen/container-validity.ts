// TNA's `is_validated(field)` and `invalidate(field)` (docs/tna-semantics.md, "Container
// validity"): Tofino keeps a validity bit per PHV container. A metadata field's is set when the
// control writes the field and cleared by `invalidate`; the deparser intrinsics `drop_ctl` and
// `mirror_type` start valid (the parser zeroes them), other metadata starts invalid (bf-p4c does
// not zero metadata that may be read unwritten). A header field's container is valid with its header.

import type * as Ir from '../ir/nodes.js';
import { visitControl } from '../ir/visit.js';
import { pathKey } from '../midend/bind-arguments.js';
import type { Gen } from './context.js';
import type { Writer } from './writer.js';

/** A tracked field (its IR path inside the control) and the closure variable holding its bit. */
export interface ValidityFlag {
  readonly js: string;
  readonly initial: boolean;
}

const FUNCTIONS = new Set(['is_validated', 'invalidate']);

function isValidityCall(e: Ir.Expr): e is Ir.Expr & { kind: 'Call' } {
  return e.kind === 'Call' && e.callee.kind === 'Function' && FUNCTIONS.has(e.callee.name);
}

/** Whether `e` reaches a field through a header (its container follows the header's validity). */
function headerOf(e: Ir.Expr): Ir.Expr | undefined {
  for (let x = e; x.kind === 'Member' || x.kind === 'Index'; x = x.object) {
    const t = x.object.type;
    if (t.kind === 'header') return x.object;
  }
  return undefined;
}

/**
 * The fields of `c` that `is_validated`/`invalidate` name, each with a flag declared (at the
 * module's closure) and its starting value; empty when the control uses neither.
 */
export function declareValidityFlags(gen: Gen, w: Writer, c: Ir.Control, base: string): Map<string, ValidityFlag> {
  const flags = new Map<string, ValidityFlag>();
  const noDropViaMirror = gen.ir.types.some(
    (t) =>
      (t.type.kind === 'struct' || t.type.kind === 'header') &&
      t.type.decl?.annotations.some((a) => a.name.name === 'disable_reserved_i2e_drop_implementation') === true,
  );
  visitControl(c, {
    expr: (e) => {
      if (!isValidityCall(e)) return undefined;
      const arg = e.args[0];
      const key = arg === undefined ? undefined : pathKey(arg);
      if (arg === undefined || key === undefined || headerOf(arg) !== undefined || flags.has(key)) return undefined;
      const root = rootType(arg);
      const deparserMd = root?.endsWith('_intrinsic_metadata_for_deparser_t') === true;
      const field = key.slice(key.lastIndexOf('.') + 1);
      const initial = deparserMd && (field === 'drop_ctl' || (field === 'mirror_type' && !noDropViaMirror));
      const js = gen.ident(`${base}_validity_${key}`);
      w.line(`let ${js} = ${initial};`);
      flags.set(key, { js, initial });
      return undefined;
    },
  });
  return flags;
}

function rootType(e: Ir.Expr): string | undefined {
  let x = e;
  while (x.kind === 'Member' || x.kind === 'Index') x = x.object;
  const t = x.type;
  return t.kind === 'struct' ? t.name : undefined;
}

/** The lines that reset every flag at the start of a packet's pass through the control. */
export function resetValidityFlags(w: Writer, flags: ReadonlyMap<string, ValidityFlag>): void {
  for (const f of flags.values()) w.line(`${f.js} = ${f.initial};`);
}

/** After a write of `target`: the flags of the tracked fields it covers become valid. */
export function markWritten(gen: Gen, w: Writer, target: Ir.Expr): void {
  const flags = gen.validity;
  if (flags.size === 0) return;
  let t = target;
  while (t.kind === 'Slice') t = t.object;
  const key = pathKey(t);
  if (key === undefined) return;
  for (const [k, f] of flags)
    if (k === key || k.startsWith(`${key}.`) || key.startsWith(`${k}.`) || key.startsWith(`${k}[`))
      w.line(`${f.js} = true;`);
}

/**
 * `is_validated(f)` as an expression, `invalidate(f)` as a statement; undefined when the field
 * is not one the control tracks, or `invalidate` names a header field (the caller reports it).
 */
export function validityCall(
  gen: Gen,
  call: Ir.Call,
  name: string,
  valid: (header: Ir.Expr) => string,
): string | undefined {
  const arg = call.args[0];
  if (arg === undefined) return undefined;
  const header = headerOf(arg);
  if (header !== undefined) return name === 'is_validated' ? valid(header) : undefined;
  const key = pathKey(arg);
  const f = key === undefined ? undefined : gen.validity.get(key);
  if (f === undefined) return undefined;
  return name === 'is_validated' ? f.js : `${f.js} = false`;
}
