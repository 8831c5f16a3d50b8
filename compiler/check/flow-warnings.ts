// Warnings about control flow in action, function and control apply bodies: statements that
// follow an exit, return, break or continue (unreachable), and scalar `out` parameters or
// locals declared without a value that are read before every path has written them.

import type * as Ast from '../parser/ast.js';
import { sizeMethodNames } from './check-methods.js';
import type { Checker } from './context.js';
import { CheckMessages as M } from './messages.js';
import type { Decl } from './scopes.js';

/** The definitely-written tracked variables; `ended` once every path has left (return/exit). */
interface Flow {
  readonly written: ReadonlySet<Decl>;
  readonly ended: boolean;
}

export function checkFlowWarnings(cx: Checker, program: Ast.Program): void {
  for (const d of program.declarations) {
    if (d.kind === 'ActionDeclaration') checkBody(cx, d.parameters, d.body);
    else if (d.kind === 'FunctionDeclaration') checkBody(cx, d.prototype.parameters, d.body);
    else if (d.kind === 'ControlDeclaration') {
      for (const l of d.locals) if (l.kind === 'ActionDeclaration') checkBody(cx, l.parameters, l.body);
      checkBody(cx, d.type.parameters, d.apply);
    }
  }
}

function checkBody(cx: Checker, params: readonly Ast.Parameter[], body: Ast.BlockStatement): void {
  warnUnreachable(cx, body.body);
  const w = new UseBeforeWrite(cx);
  for (const p of params) if (p.direction === 'out' && w.isScalar(p)) w.tracked.add(p);
  w.statements(body.body, { written: new Set(), ended: false });
}

/** One warning per statement list: the first statement after one that always leaves. */
function warnUnreachable(cx: Checker, body: readonly Ast.StatementOrDeclaration[]): void {
  let left = false;
  for (const s of body) {
    if (left && s.kind !== 'EmptyStatement') {
      cx.report(M.unreachable, s.span);
      return;
    }
    for (const inner of nestedLists(s)) warnUnreachable(cx, inner);
    left = alwaysLeaves(s);
  }
}

function nestedLists(s: Ast.StatementOrDeclaration): (readonly Ast.StatementOrDeclaration[])[] {
  switch (s.kind) {
    case 'BlockStatement':
      return [s.body];
    case 'IfStatement':
      return [[s.thenStatement], ...(s.elseStatement === undefined ? [] : [[s.elseStatement]])];
    case 'SwitchStatement':
      return s.cases.flatMap((c) => (c.body === undefined ? [] : [c.body.body]));
    case 'ForStatement':
    case 'ForInStatement':
      return [[s.body]];
    default:
      return [];
  }
}

function alwaysLeaves(s: Ast.StatementOrDeclaration): boolean {
  switch (s.kind) {
    case 'ReturnStatement':
    case 'ExitStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return true;
    case 'BlockStatement':
      return s.body.some(alwaysLeaves);
    case 'IfStatement':
      return s.elseStatement !== undefined && alwaysLeaves(s.thenStatement) && alwaysLeaves(s.elseStatement);
    default:
      return false;
  }
}

const scalarKinds = new Set(['bit', 'int', 'bool', 'varbit', 'enum', 'serEnum', 'error', 'newtype']);

class UseBeforeWrite {
  readonly tracked = new Set<Decl>();
  private readonly warned = new Set<Decl>();

  constructor(private readonly cx: Checker) {}

  isScalar(d: Decl): boolean {
    const t = this.cx.typeOfDecl.get(d);
    return t !== undefined && scalarKinds.has(t.kind);
  }

  statements(body: readonly Ast.StatementOrDeclaration[], flow: Flow): Flow {
    let f = flow;
    for (const s of body) f = this.statement(s, f);
    return f;
  }

  private statement(s: Ast.StatementOrDeclaration, f: Flow): Flow {
    if (f.ended) return f;
    switch (s.kind) {
      case 'VariableDeclaration':
        if (s.initializer !== undefined) {
          this.read(s.initializer, f);
          return this.writeOutArgs(s.initializer, f);
        }
        if (this.isScalar(s)) this.tracked.add(s);
        return f;
      case 'ConstantDeclaration':
        return f;
      case 'AssignmentStatement': {
        if (s.op !== '=') this.read(s.target, f);
        this.read(s.value, f);
        this.readInsideTarget(s.target, f);
        return this.write(s.target, this.writeOutArgs(s.value, f));
      }
      case 'MethodCallStatement':
        return this.call(s.call, f);
      case 'BlockStatement':
        return this.statements(s.body, f);
      case 'IfStatement': {
        this.read(s.condition, f);
        const a = this.statement(s.thenStatement, f);
        const b = s.elseStatement === undefined ? f : this.statement(s.elseStatement, f);
        return join([a, b]);
      }
      case 'SwitchStatement': {
        this.read(s.expression, f);
        const arms = s.cases.flatMap((c) => (c.body === undefined ? [] : [this.statements(c.body.body, f)]));
        if (!s.cases.some((c) => c.label.kind === 'DefaultExpression')) arms.push(f);
        return join(arms);
      }
      case 'ReturnStatement':
        if (s.value !== undefined) this.read(s.value, f);
        return { written: f.written, ended: true };
      case 'ExitStatement':
        return { written: f.written, ended: true };
      case 'ForStatement':
      case 'ForInStatement':
        // A loop body may run zero times: what it writes counts for nothing after it.
        this.loopReads(s, f);
        return f;
      default:
        return f;
    }
  }

  private loopReads(s: Ast.ForStatement | Ast.ForInStatement, f: Flow): void {
    if (s.kind === 'ForStatement') {
      let g = this.statements(s.init, f);
      if (s.condition !== undefined) this.read(s.condition, g);
      g = this.statement(s.body, g);
      this.statements(s.update, g);
    } else {
      this.read(s.collection, f);
      this.statement(s.body, f);
    }
  }

  /** Arguments to `out` parameters are written, the others read; a method's receiver is neither. */
  private call(e: Ast.CallExpression, f: Flow): Flow {
    if (e.callee.kind === 'MemberExpression') this.readInsideTarget(e.callee.object, f);
    let out = f;
    for (const a of e.args) {
      const direction = this.directionOf(e, a);
      if (direction === 'out') {
        this.readInsideTarget(a.value, f);
        out = this.write(a.value, out);
      } else {
        this.read(a.value, f);
        if (direction === 'inout') out = this.write(a.value, out);
      }
    }
    return out;
  }

  /** The direction of the parameter an argument of a resolved call goes to. */
  private directionOf(call: Ast.CallExpression, arg: Ast.Argument): string | undefined {
    const resolved = this.cx.calls.get(call);
    const i = resolved?.args.indexOf(arg.value) ?? -1;
    return i >= 0 ? resolved?.signature.params[i]?.direction : undefined;
  }

  /** Calls nested in an expression (`x = f(a, out_b)`) write their out and inout arguments. */
  private writeOutArgs(e: Ast.Expression, f: Flow): Flow {
    let out = f;
    const visit = (x: Ast.Expression): void => {
      if (x.kind === 'CallExpression')
        for (const a of x.args) {
          const direction = this.directionOf(x, a);
          if (direction === 'out' || direction === 'inout') out = this.write(a.value, out);
        }
      for (const child of childExpressions(x)) visit(child);
    };
    visit(e);
    return out;
  }

  /** Reads every tracked variable in `e`; an argument to an `out` parameter is not a read. */
  private read(e: Ast.Expression, f: Flow): void {
    const visit = (x: Ast.Expression): void => {
      if (x.kind === 'CallExpression') {
        // `b.minSizeInBits()` asks b's type, not its value.
        if (x.callee.kind === 'MemberExpression' && sizeMethodNames.includes(x.callee.member.name)) return;
        visit(x.callee);
        for (const a of x.args) if (this.directionOf(x, a) !== 'out') visit(a.value);
        return;
      }
      if (x.kind === 'PathExpression') {
        const d = this.cx.declOf.get(x);
        if (d !== undefined && this.tracked.has(d) && !f.written.has(d) && !this.warned.has(d)) {
          this.warned.add(d);
          this.cx.report(M.readBeforeWrite, x.span, x.name.name);
        }
        return;
      }
      for (const child of childExpressions(x)) visit(child);
    };
    visit(e);
  }

  /** Index and slice bounds inside an l-value are reads. */
  private readInsideTarget(e: Ast.Expression, f: Flow): void {
    if (e.kind === 'MemberExpression') this.readInsideTarget(e.object, f);
    else if (e.kind === 'IndexExpression') {
      this.readInsideTarget(e.object, f);
      this.read(e.index, f);
    } else if (e.kind === 'SliceExpression') this.readInsideTarget(e.object, f);
  }

  /** Any write rooted at a variable (even to a slice) counts as writing it: warnings stay rare. */
  private write(target: Ast.Expression, f: Flow): Flow {
    let at = target;
    while (at.kind === 'MemberExpression' || at.kind === 'IndexExpression' || at.kind === 'SliceExpression')
      at = at.object;
    const d = at.kind === 'PathExpression' ? this.cx.declOf.get(at) : undefined;
    if (d === undefined || !this.tracked.has(d) || f.written.has(d)) return f;
    return { written: new Set([...f.written, d]), ended: f.ended };
  }
}

function join(flows: readonly Flow[]): Flow {
  const live = flows.filter((f) => !f.ended);
  if (live.length === 0) return { written: flows[0]?.written ?? new Set(), ended: true };
  const [first, ...rest] = live as [Flow, ...Flow[]];
  return { written: new Set([...first.written].filter((d) => rest.every((f) => f.written.has(d)))), ended: false };
}

function childExpressions(e: Ast.Expression): Ast.Expression[] {
  switch (e.kind) {
    case 'MemberExpression':
      return [e.object];
    case 'IndexExpression':
      return [e.object, e.index];
    case 'SliceExpression':
      return [e.object, e.high, e.low];
    case 'CallExpression':
      return [e.callee, ...e.args.map((a) => a.value)];
    case 'ConstructorCallExpression':
      return e.args.map((a) => a.value);
    case 'UnaryExpression':
      return [e.operand];
    case 'BinaryExpression':
      return [e.left, e.right];
    case 'ConditionalExpression':
      return [e.condition, e.whenTrue, e.whenFalse];
    case 'CastExpression':
      return [e.operand];
    case 'ListExpression':
      return [...e.elements];
    case 'StructExpression':
      return e.fields.map((m) => m.value);
    case 'MaskExpression':
      return [e.value, e.mask];
    case 'RangeExpression':
      return [e.low, e.high];
    case 'TupleKeysetExpression':
      return [...e.elements];
    default:
      return [];
  }
}
