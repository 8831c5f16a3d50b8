// What a program needs from core.p4 without naming it: tables without default_action use
// NoAction, and p4c implements a switch on a value as a table matching `exact`. p4c checks
// these after type checking, so they are reported only when nothing else is wrong.

import type { Checker } from './context.js';
import { CheckMessages as M } from './messages.js';
import { declName } from './scopes.js';

export function checkCoreRequirements(cx: Checker): void {
  if (cx.sink.hasErrors()) return;
  const table = cx.tableWithoutDefault;
  if (table !== undefined) {
    const decl = cx.scope.root().lookup('NoAction')?.[0];
    if (decl === undefined)
      cx.report(
        M.coreDeclarationMissing,
        table.name.span,
        'the action NoAction',
        `table '${table.name.name}' has no default_action`,
      );
    else if (decl.kind !== 'ActionDeclaration')
      cx.report(M.coreDeclarationMismatch, declName(decl).span, 'NoAction', 'must be an action');
    else if (decl.parameters.length > 0)
      cx.report(M.coreDeclarationMismatch, declName(decl).span, 'NoAction', 'must be an action without parameters');
  }
  // Only code a `main` reaches is turned into tables (p4c's midend).
  const s = cx.valueSwitch;
  if (s !== undefined && cx.targetRules && !cx.matchKinds.has('exact'))
    cx.report(M.coreDeclarationMissing, s.span, "match_kind 'exact'", 'a switch on a value is implemented as a table');
}
