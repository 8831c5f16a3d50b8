// A generic pre-order walk over AST nodes (every object with a `kind`), for the checks that
// look at a whole body at once: writes to a local, reads before writes, unreachable code.

import type * as Ast from '../parser/ast.js';

/** Calls `visit` on `root` and every node below it; `visit` returning false skips the children. */
export function walkAst(root: unknown, visit: (node: Ast.Node) => boolean | undefined): void {
  if (Array.isArray(root)) {
    for (const item of root) walkAst(item, visit);
    return;
  }
  if (root === null || typeof root !== 'object') return;
  const node = root as Record<string, unknown>;
  if (typeof node.kind === 'string' && visit(node as unknown as Ast.Node) === false) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'span' || key === 'transitionSpan') continue;
    if (typeof value === 'object' && value !== null) walkAst(value, visit);
  }
}

/** The variable an l-value or member chain starts from (`s.f[2].g` -> `s`). */
export function rootPath(e: Ast.Expression): Ast.PathExpression | undefined {
  switch (e.kind) {
    case 'PathExpression':
      return e;
    case 'MemberExpression':
      return rootPath(e.object);
    case 'IndexExpression':
      return rootPath(e.object);
    case 'SliceExpression':
      return rootPath(e.object);
    default:
      return undefined;
  }
}
