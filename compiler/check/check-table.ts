// Tables (spec 14.2): keys with declared match kinds and types that suit them, the actions
// list (arguments for directional parameters only), default_action (every argument, the
// directionless ones constant, and an action of the list), entries whose keysets match the
// key and whose actions are in the list, size and the other properties.

import type * as Ast from '../parser/ast.js';
import { printExpression } from '../parser/print-expression.js';
import { type Candidate, checkArgsAlone, isCompileTimeArgument, resolveOverload } from './check-call.js';
import { checkTableWhole } from './check-entries.js';
import { checkExpression, checkNoTableApplyIn, constIntOf } from './check-expr.js';
import { checkKeyset, type KeyColumn } from './check-keyset.js';
import type { Checker } from './context.js';
import { CheckMessages as M } from './messages.js';
import type { Param, Type } from './types.js';
import { printType, voidType } from './types.js';

function propertyName(p: Ast.TableProperty): string {
  switch (p.kind) {
    case 'KeyProperty':
      return 'key';
    case 'ActionsProperty':
      return 'actions';
    case 'EntriesProperty':
      return 'entries';
    case 'ExpressionProperty':
      return p.name.name;
  }
}

/** Stands for the actions of a table whose list comes later (reported once, at the table). */
const noActionsYet: ReadonlyMap<Ast.ActionDeclaration, Ast.ActionRef> = new Map();

export function checkTable(cx: Checker, d: Ast.TableDeclaration): void {
  const seen = new Set<string>();
  let columns: KeyColumn[] | undefined;
  let actions: Map<Ast.ActionDeclaration, Ast.ActionRef> | undefined;
  cx.withEnv({ body: 'control', table: d }, () => {
    for (const p of d.properties) {
      const name = propertyName(p);
      if (seen.has(name)) cx.report(M.duplicateProperty, p.kind === 'ExpressionProperty' ? p.name.span : p.span, name);
      seen.add(name);
      switch (p.kind) {
        case 'KeyProperty':
          columns = p.elements.map((k) => checkKeyElement(cx, k));
          break;
        case 'ActionsProperty':
          actions = checkActionList(cx, p);
          break;
        case 'EntriesProperty':
          if (columns === undefined && d.properties.some((q) => q.kind === 'KeyProperty'))
            cx.report(M.entriesBeforeKey, p.span, d.name.name);
          else if ((columns === undefined || columns.length === 0) && p.entries.length > 0)
            cx.report(M.entriesWithoutKey, d.name.span, d.name.name);
          for (const entry of p.entries) checkEntry(cx, d, entry, columns ?? [], actions ?? new Map());
          break;
        case 'ExpressionProperty':
          // The default action is one of the list, so the list comes first.
          if (actions === undefined && p.name.name === 'default_action')
            cx.report(M.actionsAfterUse, d.name.span, d.name.name);
          checkExpressionProperty(cx, d, p, actions ?? noActionsYet);
          break;
      }
    }
  });
  if (actions === undefined) cx.report(M.missingActions, d.name.span, d.name.name);
  checkTableWhole(cx, d, columns);
  if (!seen.has('default_action')) cx.tableWithoutDefault ??= d;
  cx.typeOfDecl.set(d, { kind: 'table', name: d.name.name, decl: d });
  cx.declare(d);
}

function keyTypeAllowed(t: Type, matchKind: string): boolean {
  if (t.kind === 'unknown') return true;
  if (
    matchKind === 'exact' ||
    matchKind === 'selector' ||
    matchKind === 'atcam_partition_index' ||
    matchKind === 'optional'
  )
    return ['bit', 'int', 'bool', 'serEnum', 'enum', 'error', 'newtype'].includes(t.kind);
  if (matchKind === 'ternary') return ['bit', 'int', 'serEnum', 'newtype', 'bool'].includes(t.kind);
  return ['bit', 'int', 'serEnum', 'newtype'].includes(t.kind);
}

function checkKeyElement(cx: Checker, k: Ast.KeyElement): KeyColumn {
  const t = checkExpression(cx, k.expression);
  const found = cx.lookup(k.matchKind, false);
  const mk = found?.find((d) => d.kind === 'MatchKindMember');
  if (found !== undefined && mk === undefined) cx.report(M.notMatchKind, k.matchKind.span, k.matchKind.name);
  if (mk !== undefined) cx.declOf.set(k.matchKind, mk);
  if (mk !== undefined && !keyTypeAllowed(t, k.matchKind.name))
    cx.report(M.keyType, k.expression.span, printType(t), k.matchKind.name);
  return { type: t, ...(mk !== undefined ? { matchKind: k.matchKind.name } : {}) };
}

function lookupAction(
  cx: Checker,
  ref: { name: Ast.Identifier; global: boolean },
  node: Ast.Node,
): Ast.ActionDeclaration | undefined {
  const found = cx.lookup(ref.name, ref.global);
  if (found === undefined) return undefined;
  const action = found.find((d) => d.kind === 'ActionDeclaration');
  if (action === undefined || action.kind !== 'ActionDeclaration') {
    cx.report(M.notAnAction, ref.name.span, ref.name.name);
    return undefined;
  }
  cx.declOf.set(node, action);
  return action;
}

function actionCandidate(cx: Checker, action: Ast.ActionDeclaration, params?: readonly Param[]): Candidate | undefined {
  const sig = cx.signatureOf.get(action);
  if (sig === undefined) return undefined;
  return {
    name: action.name.name,
    target: { kind: 'action', decl: action },
    signature: { typeParams: [], params: params ?? sig.params, returnType: voidType },
  };
}

/** `actions = { a; b(x); }`: arguments bind the directional parameters; the rest come from the control plane. */
function checkActionList(cx: Checker, p: Ast.ActionsProperty): Map<Ast.ActionDeclaration, Ast.ActionRef> {
  const list = new Map<Ast.ActionDeclaration, Ast.ActionRef>();
  for (const ref of p.actions) {
    const action = lookupAction(cx, ref, ref);
    if (action === undefined) {
      if (ref.args !== undefined) checkArgsAlone(cx, ref.args);
      continue;
    }
    if (list.has(action)) cx.report(M.duplicateMember, ref.name.span, 'action', ref.name.name);
    else list.set(action, ref);
    const sig = cx.signatureOf.get(action);
    const directional = (sig?.params ?? []).filter((q) => q.direction !== 'none');
    if (ref.args === undefined) {
      if (directional.length > 0)
        cx.report(
          M.actionArgs,
          ref.span,
          ref.name.name,
          `arguments are needed for its parameters with a direction (${directional.map((q) => `'${q.name}'`).join(', ')})`,
        );
      continue;
    }
    const c = actionCandidate(cx, action, directional);
    const call = c === undefined ? undefined : resolveOverload(cx, ref, ref.name.name, [c], [], ref.args);
    if (call !== undefined) cx.calls.set(ref, call);
    checkNoTableApplyIn(cx, ref.args);
  }
  return list;
}

/**
 * An action invocation of default_action or an entry: an action of the table's list, with
 * an argument for every parameter; the control-plane (directionless) ones must be constants.
 */
function checkActionInvocation(
  cx: Checker,
  table: Ast.TableDeclaration,
  ref: { name: Ast.Identifier; global: boolean },
  args: readonly Ast.Argument[] | undefined,
  node: Ast.Node,
  actions: ReadonlyMap<Ast.ActionDeclaration, Ast.ActionRef>,
): void {
  const action = lookupAction(cx, ref, node);
  if (action === undefined) {
    if (args !== undefined) checkArgsAlone(cx, args);
    return;
  }
  const listed = actions.get(action);
  if (listed === undefined && actions !== noActionsYet)
    cx.report(M.actionNotInTable, ref.name.span, ref.name.name, table.name.name);
  const c = actionCandidate(cx, action);
  if (c === undefined) return;
  if (args === undefined && c.signature.params.length > 0) {
    cx.report(
      M.actionArgs,
      node.span,
      ref.name.name,
      `arguments are needed for all ${c.signature.params.length} parameters`,
    );
    return;
  }
  const call = resolveOverload(cx, node, ref.name.name, [c], [], args ?? []);
  if (call === undefined) return;
  cx.calls.set(node, call);
  call.args.forEach((a, i) => {
    const p = c.signature.params[i];
    if (a !== undefined && p?.direction === 'none' && !isCompileTimeArgument(cx, a, cx.typeOf.get(a) ?? voidType))
      cx.report(M.notConstant, a.span, `the argument for '${p.name}'`);
    // A directional argument repeats the one the actions list binds (spec 14.2.1.2).
    const bound = listed?.args?.[i];
    if (
      a !== undefined &&
      p !== undefined &&
      p.direction !== 'none' &&
      bound !== undefined &&
      sameText(a) !== sameText(bound.value)
    )
      cx.report(
        M.actionArgs,
        a.span,
        ref.name.name,
        `the argument for '${p.name}' must be ${printExpression(bound.value)}, as in the actions list`,
      );
  });
}

/** An argument as text, struct fields in name order (`{b = 1, a = 2}` repeats `{a = 2, b = 1}`). */
function sameText(e: Ast.Expression): string {
  if (e.kind === 'StructExpression')
    return `{${[...e.fields]
      .sort((x, y) => x.name.name.localeCompare(y.name.name))
      .map((f) => `${f.name.name}=${sameText(f.value)}`)
      .join(',')}}`;
  return printExpression(e);
}

function checkEntry(
  cx: Checker,
  table: Ast.TableDeclaration,
  entry: Ast.Entry,
  columns: readonly KeyColumn[],
  actions: ReadonlyMap<Ast.ActionDeclaration, Ast.ActionRef>,
): void {
  if (entry.priority !== undefined) constIntOf(cx, entry.priority, 'an entry priority');
  if (columns.length > 0) checkKeyset(cx, entry.keyset, columns, true);
  checkActionInvocation(cx, table, entry.action, entry.action.args, entry.action, actions);
}

function checkExpressionProperty(
  cx: Checker,
  table: Ast.TableDeclaration,
  p: Ast.ExpressionProperty,
  actions: ReadonlyMap<Ast.ActionDeclaration, Ast.ActionRef>,
): void {
  const name = p.name.name;
  if (name === 'default_action') {
    const v = p.value;
    if (v.kind === 'PathExpression') {
      checkActionInvocation(cx, table, v, undefined, v, actions);
      return;
    }
    if (v.kind === 'CallExpression' && v.callee.kind === 'PathExpression') {
      checkActionInvocation(cx, table, v.callee, v.args, v, actions);
      return;
    }
    checkExpression(cx, v);
    cx.report(M.propertyType, v.span, name, 'an action call');
    return;
  }
  if (name === 'size') {
    const t = checkExpression(cx, p.value);
    if (!cx.valueOf.has(p.value) && isCompileTimeArgument(cx, p.value, t)) return; // a constructor parameter
    const n = constIntOf(cx, p.value, "a table's size");
    if (n !== undefined && n < 0n) cx.report(M.propertyType, p.value.span, name, 'a non-negative integer');
    return;
  }
  checkExpression(cx, p.value);
}
