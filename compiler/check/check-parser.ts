// Parsers (spec 12): parameters, local elements (constants, variables, instances, value
// sets), states — `start` must exist, `accept` and `reject` are built in and cannot be
// declared, states may be named before they are declared — and transitions with select
// expressions whose keys and cases are checked here.

import type * as Ast from '../parser/ast.js';
import { checkExpression, constIntOf } from './check-expr.js';
import { checkInstantiation } from './check-instance.js';
import { checkKeyset, type KeyColumn } from './check-keyset.js';
import { checkConstant, checkStatement, checkStatements } from './check-stmt.js';
import type { Checker } from './context.js';
import { CheckMessages as M } from './messages.js';
import { checkBlockHeader, resolveType } from './resolve-type.js';
import type { BuiltinStateDecl } from './scopes.js';
import { printType, type Type, unknownType } from './types.js';

export function checkParser(cx: Checker, d: Ast.ParserDeclaration): void {
  cx.inScope(() => {
    checkBlockHeader(cx, d);
    // Locals and states live in a scope of their own: they may shadow parameters.
    cx.inScope(() =>
      cx.withEnv({ body: 'parser', block: d }, () => {
        for (const local of d.locals) checkParserLocal(cx, local);
        declareStates(cx, d);
        for (const state of d.states) checkState(cx, state);
        if (!reachesAcceptOrReject(d)) cx.report(M.parserNeverEnds, d.type.name.span, d.type.name.name);
      }),
    );
  });
  cx.declare(d);
}

function checkParserLocal(cx: Checker, local: Ast.ParserLocalElement): void {
  switch (local.kind) {
    case 'ConstantDeclaration':
      checkConstant(cx, local);
      return;
    case 'VariableDeclaration':
      checkStatement(cx, local);
      return;
    case 'Instantiation':
      checkInstantiation(cx, local);
      return;
    case 'ValueSetDeclaration': {
      const element = resolveType(cx, local.elementType);
      // The control plane fills value sets: fixed-width values, or structs and tuples of them.
      if (['infint', 'varbit', 'string', 'void', 'matchKind', 'extern', 'parser', 'control'].includes(element.kind))
        cx.report(
          M.notAllowedHere,
          local.elementType.span,
          `a value_set of ${printType(element)}`,
          '(elements have a fixed width)',
        );
      constIntOf(cx, local.size, 'the size of a value set');
      cx.typeOfDecl.set(local, { kind: 'valueSet', element });
      cx.declare(local);
      return;
    }
  }
}

/** All states come into scope before any is checked: transitions may point forward. */
function declareStates(cx: Checker, d: Ast.ParserDeclaration): void {
  for (const name of ['accept', 'reject']) {
    const builtin: BuiltinStateDecl = {
      kind: 'BuiltinState',
      name: { kind: 'Identifier', name, span: d.type.name.span },
    };
    cx.scope.declare(name, builtin);
  }
  let hasStart = false;
  for (const s of d.states) {
    if (s.name.name === 'accept' || s.name.name === 'reject') {
      cx.report(M.reservedState, s.name.span, s.name.name);
      continue;
    }
    if (s.name.name === 'start') hasStart = true;
    cx.declare(s);
  }
  if (!hasStart) cx.report(M.missingStart, d.type.name.span, d.type.name.name);
}

function checkState(cx: Checker, s: Ast.ParserState): void {
  cx.inScope(
    () => {
      checkStatements(cx, s.statements);
      const t = s.transition;
      if (t === undefined) return;
      if (t.kind === 'Identifier') checkTarget(cx, t);
      else checkSelect(cx, t);
    },
    { body: 'parserState' },
  );
}

function checkTarget(cx: Checker, name: Ast.Identifier): void {
  const found = cx.lookup(name, false);
  if (found === undefined) return;
  const state = found.find((d) => d.kind === 'ParserState' || d.kind === 'BuiltinState');
  if (state === undefined) {
    cx.report(M.notAState, name.span, name.name);
    return;
  }
  cx.declOf.set(name, state);
}

function isSelectable(t: Type): boolean {
  if (t.kind === 'tuple') return t.elements.every(isSelectable);
  return ['bit', 'int', 'bool', 'serEnum', 'enum', 'error', 'unknown', 'infint', 'newtype'].includes(t.kind);
}

function checkSelect(cx: Checker, sel: Ast.SelectExpression): void {
  const columns: KeyColumn[] = sel.selectors.map((e) => {
    const t = checkExpression(cx, e);
    if (t.kind === 'infint') {
      cx.report(M.cannotInferWidth, e.span, 'a select key');
      return { type: unknownType };
    }
    if (!isSelectable(t)) cx.report(M.selectKeyType, e.span, printType(t));
    return { type: t };
  });
  // p4c unifies the cases with the keys as one select expression, and reports there.
  const defs = [M.typeMismatch, M.selectArity, M.keysetType];
  for (const c of sel.cases) {
    const anchor = { span: sel.span, defs, note: 'in this case', reported: new Set<string>() };
    cx.withAnchor(anchor, () => checkKeyset(cx, c.keyset, columns, false));
    checkTarget(cx, c.state);
  }
}

/**
 * Whether some path of transitions from `start` ends in `accept` or `reject` (a state
 * without a transition goes to reject). A parser that only loops can never finish.
 */
function reachesAcceptOrReject(d: Ast.ParserDeclaration): boolean {
  const states = new Map(d.states.map((s) => [s.name.name, s]));
  if (!states.has('start')) return true; // reported already
  const seen = new Set<string>();
  const pending = ['start'];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (name === 'accept' || name === 'reject') return true;
    const s = states.get(name);
    if (s === undefined) return true; // an unknown target, reported already
    if (seen.has(name)) continue;
    seen.add(name);
    const t = s.transition;
    if (t === undefined) return true;
    if (t.kind === 'Identifier') pending.push(t.name);
    else for (const c of t.cases) pending.push(c.state.name);
  }
  return false;
}
