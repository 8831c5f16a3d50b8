// Controls and actions (spec 13, 14): control parameters and constructor parameters, local
// declarations in order, the apply block; action parameters (directionless ones last, since
// the control plane supplies them) and action bodies.

import type * as Ast from '../parser/ast.js';
import { checkInstantiation } from './check-instance.js';
import { checkBlock, checkConstant, checkStatement, checkStatements } from './check-stmt.js';
import { checkTable } from './check-table.js';
import type { Checker } from './context.js';
import { CheckMessages as M } from './messages.js';
import { checkBlockHeader, resolveParams } from './resolve-type.js';
import { voidType } from './types.js';

export function checkAction(cx: Checker, d: Ast.ActionDeclaration): void {
  const params = cx.inScope(() => {
    // p4c checks an action's parameter types after its body.
    const rules: (() => void)[] = [];
    const params = resolveParams(cx, d.parameters, true, 'action', true, rules);
    let directionless = false;
    for (const p of params) {
      if (p.direction === 'none') directionless = true;
      else if (directionless && p.decl !== undefined) cx.report(M.actionParamOrder, p.decl.name.span, p.name);
    }
    cx.withEnv({ body: 'action', inLoop: false }, () => checkStatements(cx, d.body.body));
    for (const rule of rules) rule();
    return params;
  });
  cx.typeOfDecl.set(d, { kind: 'action', name: d.name.name, decl: d, params });
  cx.signatureOf.set(d, { typeParams: [], params, returnType: voidType });
  cx.declare(d);
}

export function checkControl(cx: Checker, d: Ast.ControlDeclaration): void {
  cx.inScope(() => {
    checkBlockHeader(cx, d);
    // Locals live in a scope of their own: they may shadow parameters (p4c warns, accepts).
    cx.inScope(() => {
      cx.withEnv({ body: 'control', block: d }, () => {
        for (const local of d.locals) checkControlLocal(cx, local);
      });
      cx.withEnv({ body: 'controlApply', block: d, inLoop: false }, () => checkBlock(cx, d.apply));
    });
  });
  cx.declare(d);
}

function checkControlLocal(cx: Checker, local: Ast.ControlLocalDeclaration): void {
  switch (local.kind) {
    case 'ConstantDeclaration':
      checkConstant(cx, local);
      return;
    case 'ActionDeclaration':
      checkAction(cx, local);
      return;
    case 'TableDeclaration':
      checkTable(cx, local);
      return;
    case 'Instantiation':
      checkInstantiation(cx, local);
      return;
    case 'VariableDeclaration':
      checkStatement(cx, local);
      return;
  }
}
