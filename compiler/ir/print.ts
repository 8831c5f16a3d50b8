// The IR as P4-like text, for `p4ts compile --dump-ir-after PASS` and for tests that compare
// what a pass produced: every parser, control, action and table with its resolved names,
// folded constants and explicit casts. Not meant to be parsed back.

import { printConst } from '../check/const-fold.js';
import { printType } from '../check/types.js';
import { exprText } from './expr-text.js';
import type * as Ir from './nodes.js';

class Out {
  private readonly lines: string[] = [];
  private depth = 0;
  line(s: string): void {
    this.lines.push(`${'    '.repeat(this.depth)}${s}`);
  }
  open(s: string): void {
    this.line(`${s} {`);
    this.depth++;
  }
  close(suffix = ''): void {
    this.depth--;
    this.line(`}${suffix}`);
  }
  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

export function printIr(p: Ir.Program): string {
  const o = new Out();
  for (const c of p.constants) o.line(`const ${printType(c.type)} ${c.name} = ${printConst(c.value)};`);
  for (const i of p.externs) o.line(`${instanceText(i)};`);
  for (const a of p.actions) action(o, a);
  for (const f of p.functions) fn(o, f);
  for (const x of p.parsers) parser(o, x);
  for (const c of p.controls) control(o, c);
  if (p.main !== undefined) o.line(`${packageText(p.main)} ${p.main.name};`);
  return o.toString();
}

function params(ps: readonly Ir.Param[]): string {
  return ps.map((p) => `${p.direction === 'none' ? '' : `${p.direction} `}${printType(p.type)} ${p.name}`).join(', ');
}

function instanceText(i: Ir.Instance): string {
  const args = i.ctorArgs.map((a) => (a === undefined ? '_' : exprText(a))).join(', ');
  return `${printType(i.type)}(${args}) ${i.name}`;
}

function packageText(p: Ir.PackageInstance): string {
  const args = p.args.map((a) => {
    const v = a.value;
    if (v.kind === 'PackageInstance') return packageText(v);
    if (v.kind === 'BlockInstance') return `${v.name}(${v.ctorArgs.map((x) => exprText(x)).join(', ')})`;
    return instanceText(v);
  });
  return `${p.packageType}(${args.join(', ')})`;
}

function local(o: Out, l: Ir.Local): void {
  switch (l.kind) {
    case 'Variable':
      o.line(`${printType(l.type)} ${l.name}${l.init === undefined ? '' : ` = ${exprText(l.init)}`};`);
      return;
    case 'Constant':
      o.line(`const ${printType(l.type)} ${l.name} = ${printConst(l.value)};`);
      return;
    case 'ValueSet':
      o.line(`value_set<${printType(l.elementType)}>(${l.size}) ${l.name};`);
      return;
    case 'Instance':
      if (l.methods.length === 0) {
        o.line(`${instanceText(l)};`);
        return;
      }
      o.open(`${instanceText(l)} =`);
      for (const m of l.methods) fn(o, m);
      o.close(';');
  }
}

function parser(o: Out, p: Ir.Parser): void {
  o.open(`parser ${p.name}(${params(p.params)})${p.ctorParams.length > 0 ? `(${params(p.ctorParams)})` : ''}`);
  for (const l of p.locals) local(o, l);
  for (const s of p.states) {
    o.open(`state ${s.name}`);
    stmts(o, s.statements);
    const t = s.transition;
    if (t.kind === 'Goto') o.line(`transition ${t.state};`);
    else {
      o.open(`transition select(${t.keys.map((x) => exprText(x)).join(', ')})`);
      for (const c of t.cases) o.line(`${keysetsText(c.keysets)}: ${c.state};`);
      o.close();
    }
    o.close();
  }
  o.close();
}

function keysetsText(ks: readonly Ir.Keyset[]): string {
  const one = (k: Ir.Keyset): string => {
    switch (k.kind) {
      case 'Default':
        return 'default';
      case 'Value':
        return printConst(k.value);
      case 'Mask':
        return `${printConst(k.value)} &&& ${printConst(k.mask)}`;
      case 'Range':
        return `${printConst(k.low)} .. ${printConst(k.high)}`;
      case 'ValueSet':
        return k.name;
    }
  };
  return ks.length === 1 ? one(ks[0] as Ir.Keyset) : `(${ks.map(one).join(', ')})`;
}

function control(o: Out, c: Ir.Control): void {
  o.open(`control ${c.name}(${params(c.params)})${c.ctorParams.length > 0 ? `(${params(c.ctorParams)})` : ''}`);
  for (const l of c.locals) local(o, l);
  for (const a of c.actions) action(o, a);
  for (const t of c.tables) table(o, t);
  o.open('apply');
  stmts(o, c.apply);
  o.close();
  o.close();
}

function action(o: Out, a: Ir.Action): void {
  o.open(`action ${a.name}(${params(a.params)})`);
  stmts(o, a.body);
  o.close();
}

function fn(o: Out, f: Ir.Function): void {
  o.open(`${printType(f.returnType)} ${f.name}(${params(f.params)})`);
  stmts(o, f.body);
  o.close();
}

function actionCallText(a: Ir.ActionCall): string {
  return `${a.action}(${a.args.map((x) => exprText(x)).join(', ')})`;
}

function table(o: Out, t: Ir.Table): void {
  o.open(`table ${t.name}`);
  if (t.keys.length > 0) {
    o.open('key =');
    for (const k of t.keys) o.line(`${exprText(k.expr)}: ${k.matchKind} @name("${k.name}");`);
    o.close();
  }
  o.open('actions =');
  for (const a of t.actions) o.line(`${actionCallText(a)};`);
  o.close();
  if (t.defaultAction !== undefined)
    o.line(`${t.defaultAction.isConst ? 'const ' : ''}default_action = ${actionCallText(t.defaultAction)};`);
  if (t.size !== undefined) o.line(`size = ${t.size};`);
  for (const p of t.properties) o.line(`${p.isConst ? 'const ' : ''}${p.name} = ${exprText(p.value)};`);
  if (t.entries.length > 0) {
    o.open(`${t.entriesConst ? 'const ' : ''}entries =`);
    for (const e of t.entries) o.line(`${keysetsText(e.keysets)}: ${actionCallText(e.action)};`);
    o.close();
  }
  o.close();
}

function stmts(o: Out, body: readonly Ir.Stmt[]): void {
  for (const s of body) stmt(o, s);
}

function stmt(o: Out, s: Ir.Stmt): void {
  switch (s.kind) {
    case 'Assign':
      o.line(`${exprText(s.target)} = ${exprText(s.value)};`);
      return;
    case 'CallStmt':
      o.line(`${exprText(s.call)};`);
      return;
    case 'If':
      o.open(`if (${exprText(s.condition)})`);
      stmts(o, s.thenBody);
      if (s.elseBody.length > 0) {
        o.close(' else {');
        o.open('');
        stmts(o, s.elseBody);
      }
      o.close();
      return;
    case 'Switch':
      o.open(`switch (${exprText(s.on)})`);
      for (const c of s.cases) {
        const labels = c.labels.map((l) =>
          l === 'default' ? 'default' : l.kind === 'ActionLabel' ? l.action : printConst(l.value),
        );
        o.open(`${labels.join(': ')}:`);
        stmts(o, c.body);
        o.close();
      }
      o.close();
      return;
    case 'Block':
      o.open('');
      stmts(o, s.body);
      o.close();
      return;
    case 'VarDecl': {
      const v = s.variable;
      o.line(`${printType(v.type)} ${v.name}${v.init === undefined ? '' : ` = ${exprText(v.init)}`};`);
      return;
    }
    case 'Exit':
      o.line('exit;');
      return;
    case 'Return':
      o.line(s.value === undefined ? 'return;' : `return ${exprText(s.value)};`);
      return;
    case 'Break':
      o.line('break;');
      return;
    case 'Continue':
      o.line('continue;');
      return;
    case 'For':
      o.open('for (...)');
      stmts(o, s.body);
      o.close();
      return;
    case 'ForIn':
      o.open(`for (${printType(s.variable.type)} ${s.variable.name} in ...)`);
      stmts(o, s.body);
      o.close();
  }
}
