// Pass `simplifyComparisons` (p4c's StructInitializers and SimplifyComparisons, which bf-p4c's
// mid end runs too): a list expression given where a struct is expected (`value = {a, b}`,
// P4 spec §8.12) becomes a struct initializer, and `==` / `!=` between struct values (a list
// or `{…}` among them) becomes a comparison per field, joined by `&&` (or `||` for `!=`). A
// RegisterAction comparing or writing a two-field cell (`register == {src, dst}`) then holds
// only field operations, which the code generator and the stateful ALU rules both take.

import type { Type } from '../check/types.js';
import { boolType } from '../check/types.js';
import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import type * as Ir from '../ir/nodes.js';
import { rewriteAction, rewriteControl, rewriteFunction, rewriteParser } from '../ir/rewrite.js';

type StructType = Type & { kind: 'struct' };

/** A list for a struct: its elements become the fields, in declaration order. */
function structInit(list: Ir.Expr & { kind: 'List' }, t: StructType, span: Ir.Expr['span']): Ir.Expr | undefined {
  if (list.elements.length !== t.fields.length) return undefined;
  return {
    kind: 'StructInit',
    fields: t.fields.map((f, i) => ({ name: f.name, value: list.elements[i] as Ir.Expr })),
    type: t,
    span,
  };
}

/** Whether reading `e` twice is the same as reading it once (a path of fields and constants). */
function isPath(e: Ir.Expr): boolean {
  if (e.kind === 'Ref' || e.kind === 'This') return true;
  if (e.kind === 'Member') return isPath(e.object);
  if (e.kind === 'Index') return isPath(e.object) && e.index.kind === 'Const';
  return false;
}

/** Field `f` (the i-th) of a struct value: a list element, an initializer field, or a member. */
function fieldOf(e: Ir.Expr, f: StructType['fields'][number], i: number): Ir.Expr | undefined {
  if (e.kind === 'List') return e.elements[i];
  if (e.kind === 'StructInit') return e.fields.find((x) => x.name === f.name)?.value;
  if (e.kind === 'Cast') return fieldOf(e.operand, f, i);
  if (e.kind === 'Const' && typeof e.value === 'object') {
    // A folded constant `{7, 8}`: its i-th element, or its field of that name.
    const v =
      e.value.kind === 'list'
        ? e.value.elements[i]
        : e.value.kind === 'struct'
          ? e.value.fields.get(f.name)
          : undefined;
    return v === undefined ? undefined : { kind: 'Const', value: v, type: f.type, span: e.span };
  }
  if (!isPath(e)) return undefined;
  return { kind: 'Member', object: e, member: f.name, type: f.type, span: e.span };
}

/** Whether every leaf of `t` is a scalar a comparison per field can take (no headers or stacks). */
function comparableByField(t: Type): boolean {
  if (t.kind === 'struct') return t.fields.every((f) => comparableByField(f.type));
  return t.kind !== 'header' && t.kind !== 'headerStack' && t.kind !== 'headerUnion';
}

/** `a == b` of struct type `t`, field by field (`!=` negated per field and joined by `||`). */
function compareFields(
  a: Ir.Expr,
  b: Ir.Expr,
  t: StructType,
  op: '==' | '!=',
  span: Ir.Expr['span'],
): Ir.Expr | undefined {
  const parts: Ir.Expr[] = [];
  for (const [i, f] of t.fields.entries()) {
    const x = fieldOf(a, f, i);
    const y = fieldOf(b, f, i);
    if (x === undefined || y === undefined) return undefined;
    const part: Ir.Expr | undefined =
      f.type.kind === 'struct'
        ? compareFields(x, y, f.type as StructType, op, span)
        : { kind: 'Binary', op, left: x, right: y, type: boolType, span };
    if (part === undefined) return undefined;
    parts.push(part);
  }
  if (parts.length === 0) return { kind: 'Const', value: op === '==', type: boolType, span };
  return parts.reduce((acc, p) => ({
    kind: 'Binary',
    op: op === '==' ? '&&' : '||',
    left: acc,
    right: p,
    type: boolType,
    span,
  }));
}

function structTypeOf(e: Ir.Expr): StructType | undefined {
  return e.type.kind === 'struct' ? (e.type as StructType) : undefined;
}

export function simplifyComparisons(program: Ir.Program, _sink: DiagnosticSink): Ir.Program {
  let changed = false;
  const rewriter = {
    expr: (e: Ir.Expr): Ir.Expr => {
      if (e.kind === 'Cast' && e.operand.kind === 'List' && e.type.kind === 'struct') {
        const init = structInit(e.operand, e.type as StructType, e.span);
        if (init !== undefined) {
          changed = true;
          return init;
        }
        return e;
      }
      if (e.kind === 'Binary' && (e.op === '==' || e.op === '!=')) {
        const t = structTypeOf(e.left) ?? structTypeOf(e.right);
        if (t === undefined || !comparableByField(t)) return e;
        const split = compareFields(e.left, e.right, t, e.op, e.span);
        if (split === undefined) return e;
        changed = true;
        return split;
      }
      return e;
    },
  };
  const controls = program.controls.map((c) => rewriteControl(c, rewriter));
  const parsers = program.parsers.map((p) => rewriteParser(p, rewriter));
  const actions = program.actions.map((a) => rewriteAction(a, rewriter));
  const functions = program.functions.map((f) => rewriteFunction(f, rewriter));
  return changed ? { ...program, controls, parsers, actions, functions } : program;
}
