// Structured annotations (spec 18.4): `@x[e1, e2]` and `@x[k = v]`. A structured annotation
// shares its name with no other annotation of the same element, its keys are distinct, and
// every value is a compile-time int, string or bool (names are looked up at the top level).

import type * as Ast from '../parser/ast.js';
import { checkExpression } from './check-expr.js';
import type { Checker } from './context.js';
import { CheckMessages as M } from './messages.js';
import { printType } from './types.js';

/** Every annotation list in the tree (annotations sit on most declarations, statements and fields). */
function* annotationLists(node: unknown): Iterable<readonly Ast.Annotation[]> {
  if (typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    for (const n of node) yield* annotationLists(n);
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'span' || key === 'tokens') continue;
    if (key === 'annotations' && Array.isArray(value)) yield value as Ast.Annotation[];
    else yield* annotationLists(value);
  }
}

function checkValue(cx: Checker, e: Ast.Expression): void {
  const t = checkExpression(cx, e);
  if (t.kind === 'unknown') return;
  const v = cx.valueOf.get(e);
  const ok = typeof v === 'bigint' || typeof v === 'boolean' || typeof v === 'string';
  if (!ok) cx.report(M.structuredAnnotationValue, e.span, printType(t));
}

function checkList(cx: Checker, list: readonly Ast.Annotation[]): void {
  for (const [i, a] of list.entries()) {
    const earlier = list.slice(0, i).find((b) => b.name.name === a.name.name);
    if (earlier !== undefined && (a.bodyKind === 'brackets' || earlier.bodyKind === 'brackets'))
      cx.report(M.duplicateAnnotation, a.span, a.name.name);
    if (a.bodyKind !== 'brackets') continue;
    const keys = new Set<string>();
    for (const p of a.pairs ?? []) {
      if (keys.has(p.name.name)) cx.report(M.duplicateMember, p.name.span, 'annotation key', p.name.name);
      keys.add(p.name.name);
      checkValue(cx, p.value);
    }
    for (const e of a.expressions ?? []) checkValue(cx, e);
  }
}

/** Runs once every declaration is checked, in the top-level scope. */
export function checkStructuredAnnotations(cx: Checker, program: Ast.Program): void {
  for (const list of annotationLists(program.declarations)) if (list.length > 0) checkList(cx, list);
}
