// Table rules that look at the table as a whole (spec 14.2.1.4-14.2.1.5): entry priorities
// (given only where a key needs them, the first one given when any is, never computed below
// 1), largest_priority_wins and priority_delta, duplicate exact entries, and @defaultonly
// and @tableonly actions.

import type * as Ast from '../parser/ast.js';
import type { KeyColumn } from './check-keyset.js';
import { type ConstValue, constEquals } from './const-fold.js';
import type { Checker } from './context.js';
import { CheckMessages as M } from './messages.js';

/** Match kinds whose entries are ordered by prefix length or not at all: they take no priorities. */
const noPriorityKinds = new Set(['exact', 'lpm', 'selector', 'atcam_partition_index']);

function property(d: Ast.TableDeclaration, name: string): Ast.ExpressionProperty | undefined {
  for (const p of d.properties) if (p.kind === 'ExpressionProperty' && p.name.name === name) return p;
  return undefined;
}

function hasAnnotation(annotations: readonly Ast.Annotation[], name: string): boolean {
  return annotations.some((a) => a.name.name === name);
}

/** Checks what needs the whole table; `columns` are the checked key columns (if there is a key). */
export function checkTableWhole(cx: Checker, d: Ast.TableDeclaration, columns: readonly KeyColumn[] | undefined): void {
  const order = checkPriorityProperties(cx, d);
  for (const p of d.properties) {
    if (p.kind === 'EntriesProperty') {
      checkPriorities(cx, d, p, columns ?? [], order);
      checkDuplicateEntries(cx, p, columns ?? []);
      for (const e of p.entries) checkActionPlacement(cx, d, e.action, 'defaultonly', 'in an entry');
    }
  }
  const def = property(d, 'default_action')?.value;
  const defRef = def?.kind === 'CallExpression' ? def.callee : def;
  if (defRef !== undefined && defRef.kind === 'PathExpression')
    checkActionPlacement(cx, d, defRef, 'tableonly', 'as the default action');
}

/** `largest_priority_wins` is a bool (default true), `priority_delta` a positive integer (default 1). */
function checkPriorityProperties(cx: Checker, d: Ast.TableDeclaration): { largestWins: boolean; delta: bigint } {
  let largestWins = true;
  let delta = 1n;
  const lpw = property(d, 'largest_priority_wins');
  if (lpw !== undefined) {
    const v = cx.valueOf.get(lpw.value);
    if (typeof v === 'boolean') largestWins = v;
    else cx.report(M.propertyType, lpw.value.span, 'largest_priority_wins', 'a boolean constant');
  }
  const pd = property(d, 'priority_delta');
  if (pd !== undefined) {
    const v = cx.valueOf.get(pd.value);
    if (typeof v === 'bigint' && v > 0n) delta = v;
    else cx.report(M.propertyType, pd.value.span, 'priority_delta', 'a positive integer constant');
  }
  return { largestWins, delta };
}

function checkPriorities(
  cx: Checker,
  d: Ast.TableDeclaration,
  p: Ast.EntriesProperty,
  columns: readonly KeyColumn[],
  order: { largestWins: boolean; delta: bigint },
): void {
  const given = p.entries.filter((e) => e.priority !== undefined);
  if (given.length === 0) return;
  const needsPriority = columns.some((c) => c.matchKind !== undefined && !noPriorityKinds.has(c.matchKind));
  if (!needsPriority && columns.length > 0) {
    const key = d.properties.find((q) => q.kind === 'KeyProperty');
    cx.report(M.prioritiesNotNeeded, key?.span ?? d.name.span, d.name.name);
    return;
  }
  const first = p.entries[0];
  if (first !== undefined && first.priority === undefined) {
    cx.report(M.firstEntryPriority, first.keyset.span);
    return;
  }
  // Entries without a priority continue from the previous one by priority_delta.
  let previous: bigint | undefined;
  for (const e of p.entries) {
    const explicit = e.priority === undefined ? undefined : cx.valueOf.get(e.priority);
    let current: bigint | undefined;
    if (typeof explicit === 'bigint') current = explicit;
    else if (previous !== undefined) current = order.largestWins ? previous - order.delta : previous + order.delta;
    if (current !== undefined && current < 1n) {
      cx.report(M.priorityOverflow, d.name.span, d.name.name, current.toString());
      return;
    }
    previous = current;
  }
}

/** The folded values of an entry's keyset, or undefined if some element is no plain constant. */
function keysetValues(cx: Checker, keyset: Ast.Expression): ConstValue[] | undefined {
  const elements = keyset.kind === 'ListExpression' ? keyset.elements : [keyset];
  const values: ConstValue[] = [];
  for (const el of elements) {
    const v = cx.valueOf.get(el);
    if (v === undefined || el.kind === 'MaskExpression' || el.kind === 'RangeExpression') return undefined;
    values.push(v);
  }
  return values;
}

/** Two entries of an exact-match table with the same keys: the second can never match. */
function checkDuplicateEntries(cx: Checker, p: Ast.EntriesProperty, columns: readonly KeyColumn[]): void {
  if (columns.length === 0 || !columns.every((c) => c.matchKind === 'exact')) return;
  const earlier: ConstValue[][] = [];
  for (const e of p.entries) {
    const values = keysetValues(cx, e.keyset);
    if (values === undefined) continue;
    if (earlier.some((o) => o.length === values.length && o.every((v, i) => constEquals(v, values[i] as ConstValue))))
      cx.report(M.duplicateEntry, e.keyset.span);
    earlier.push(values);
  }
}

/** `@defaultonly` actions are never in entries, `@tableonly` ones never the default action. */
function checkActionPlacement(
  cx: Checker,
  d: Ast.TableDeclaration,
  ref: { readonly name: Ast.Identifier; readonly span: Ast.Node['span'] },
  annotation: 'defaultonly' | 'tableonly',
  where: string,
): void {
  const list = d.properties.find((q) => q.kind === 'ActionsProperty');
  const listed = list?.kind === 'ActionsProperty' ? list.actions.find((a) => a.name.name === ref.name.name) : undefined;
  if (listed !== undefined && hasAnnotation(listed.annotations, annotation))
    cx.report(M.actionPlacement, ref.span, ref.name.name, annotation, where);
}
