// Locals of a parser or control that act as constants: declared with a compile-time-known initializer
// and never written afterwards. p4c propagates them before its targets look at select
// keysets, so `S s = { 0, 0 }; ... (1, { s.f0, s.f1 }): accept;` is valid there and here.

import type * as Ast from '../parser/ast.js';
import { rootPath, walkAst } from './ast-walk.js';
import { type ConstValue, wrapInt } from './const-fold.js';
import type { Checker } from './context.js';
import { isStructLike, type Type } from './types.js';

/** The value of `local` or `local.f.g` if `local` is such a never-written local of the enclosing parser or control. */
export function valueOfConstantLocal(cx: Checker, e: Ast.Expression): ConstValue | undefined {
  const block = cx.env.block;
  if (block === undefined) return undefined;
  if (e.kind === 'ListExpression') {
    const elements = e.elements.map((el) => cx.valueOf.get(el) ?? valueOfConstantLocal(cx, el));
    if (elements.some((v) => v === undefined)) return undefined;
    return { kind: 'list', elements: elements as ConstValue[] };
  }
  const members: string[] = [];
  let at: Ast.Expression = e;
  while (at.kind === 'MemberExpression') {
    members.unshift(at.member.name);
    at = at.object;
  }
  if (at.kind !== 'PathExpression') return undefined;
  const decl = cx.declOf.get(at);
  if (decl?.kind !== 'VariableDeclaration' || decl.initializer === undefined) return undefined;
  let value = cx.valueOf.get(decl.initializer);
  let type: Type | undefined = cx.typeOfDecl.get(decl);
  for (const m of members) {
    if (value === undefined || type === undefined || !isStructLike(type)) return undefined;
    const index = type.fields.findIndex((f) => f.name === m);
    const field = type.fields[index];
    if (field === undefined) return undefined;
    value =
      typeof value === 'object' && value.kind === 'struct'
        ? value.fields.get(m)
        : typeof value === 'object' && value.kind === 'list'
          ? value.elements[index]
          : undefined;
    type = field.type;
  }
  if (value === undefined || type === undefined || isWritten(block, decl.name.name)) return undefined;
  return typeof value === 'bigint' ? wrapInt(value, type) : value;
}

/**
 * Whether anything in the block may write the name: an assignment to it, any call argument
 * or method receiver rooted at it. By name only, so a shadowing local counts as a write too.
 */
function isWritten(block: Ast.ParserDeclaration | Ast.ControlDeclaration, name: string): boolean {
  let written = false;
  const rootedAt = (x: Ast.Expression) => rootPath(x)?.name.name === name;
  walkAst(block, (n) => {
    if (written) return false;
    if (n.kind === 'AssignmentStatement') written = rootedAt((n as Ast.AssignmentStatement).target);
    if (n.kind === 'CallExpression') {
      const call = n as Ast.CallExpression;
      written =
        call.args.some((a) => rootedAt(a.value)) ||
        (call.callee.kind === 'MemberExpression' && rootedAt(call.callee.object));
    }
    return !written;
  });
  return written;
}
