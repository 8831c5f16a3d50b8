// Declarations of the checked file that nothing refers to, of kinds p4c warns about too
// (unused): parsers, controls, tables, actions, functions, instances, local constants and
// variables, and parameters of actions and functions. Quieter than p4c: types, top-level
// constants (tables of named values, like #defines), blocks of a program without `main`
// and included files are left alone.

import type * as Ast from '../parser/ast.js';
import type { Checker } from './context.js';
import { CheckMessages as M } from './messages.js';
import type { Decl } from './scopes.js';

export function checkUnusedWarnings(cx: Checker, program: Ast.Program): void {
  // A called name maps to its first overload; the call knows the one it chose.
  const callees = new Set<Ast.Node>();
  const used = new Set<unknown>();
  for (const [node, call] of cx.calls)
    if (call.target.kind === 'function' || call.target.kind === 'action') {
      used.add(call.target.decl);
      if (node.kind === 'CallExpression') callees.add((node as Ast.CallExpression).callee);
    }
  for (const [node, decl] of cx.declOf) if (!callees.has(node)) used.add(decl);
  const hasMain = program.declarations.some((d) => d.kind === 'Instantiation' && d.name.name === 'main');
  const last = program.declarations[program.declarations.length - 1];
  const root = last === undefined ? undefined : cx.sink.locate(last.span)?.file.path;
  const warn = (decl: Decl, name: Ast.Identifier, what: string): void => {
    if (used.has(decl) || name.name === '' || name.name.startsWith('__')) return;
    if (root === undefined || cx.sink.locate(name.span)?.file.path !== root) return;
    cx.report(M.unusedDeclaration, name.span, what, name.name);
  };
  const params = (ps: readonly Ast.Parameter[]): void => {
    for (const p of ps) warn(p, p.name, 'parameter');
  };
  const locals = (body: unknown): void => {
    walkStatements(body, (d) => {
      if (d.kind === 'VariableDeclaration') warn(d, d.name, 'variable');
      else if (d.kind === 'ConstantDeclaration') warn(d, d.name, 'constant');
    });
  };
  const local = (d: Ast.ControlLocalDeclaration | Ast.ParserLocalElement): void => {
    if (d.kind === 'ConstantDeclaration') warn(d, d.name, 'constant');
    else if (d.kind === 'VariableDeclaration') warn(d, d.name, 'variable');
    else if (d.kind === 'Instantiation') warn(d, d.name, 'instance');
    else if (d.kind === 'TableDeclaration') warn(d, d.name, 'table');
    else if (d.kind === 'ActionDeclaration') {
      warn(d, d.name, 'action');
      params(d.parameters);
      locals(d.body);
    }
  };
  for (const d of program.declarations) {
    switch (d.kind) {
      case 'ControlDeclaration':
        // Without `main` the program is a library of blocks (p4c keeps them without a word).
        if (hasMain) warn(d, d.type.name, 'control');
        for (const l of d.locals) local(l);
        locals(d.apply);
        break;
      case 'ParserDeclaration':
        if (hasMain) warn(d, d.type.name, 'parser');
        for (const l of d.locals) local(l);
        for (const s of d.states) locals(s.statements);
        break;
      case 'FunctionDeclaration':
        warn(d, d.prototype.name, 'function');
        params(d.prototype.parameters);
        locals(d.body);
        break;
      case 'ActionDeclaration':
        local(d);
        break;
      case 'Instantiation':
        if (d.name.name !== 'main') local(d);
        break;
      default:
        break;
    }
  }
}

/** The declarations among the statements of a body, however deeply nested in blocks. */
function walkStatements(node: unknown, visit: (d: Ast.VariableDeclaration | Ast.ConstantDeclaration) => void): void {
  if (Array.isArray(node)) {
    for (const n of node) walkStatements(n, visit);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const s = node as Ast.StatementOrDeclaration;
  if (s.kind === 'VariableDeclaration' || s.kind === 'ConstantDeclaration') visit(s);
  else if (s.kind === 'BlockStatement') walkStatements(s.body, visit);
  else if (s.kind === 'IfStatement') walkStatements([s.thenStatement, s.elseStatement], visit);
  else if (s.kind === 'SwitchStatement') for (const c of s.cases) walkStatements(c.body, visit);
  else if (s.kind === 'ForStatement' || s.kind === 'ForInStatement') walkStatements(s.body, visit);
}
