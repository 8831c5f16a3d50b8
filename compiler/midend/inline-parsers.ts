// Pass `inlineParsers`: every sub-parser instance (`TofinoIngressParser() tofino_parser;`
// applied as `tofino_parser.apply(pkt, ig_intr_md)`) is replaced by a copy of its states in
// the calling parser. The calling state is split at the apply: the statements before it and
// the copy-in go to the callee's `start`; the callee's `accept` continues in a new state that
// copies out and runs the rest of the calling state (or, when nothing is left of it, goes
// straight to the calling state's next state); its `reject` rejects (P4 spec §13.8).
// The callee's locals (variables, value sets, extern instances) join the caller under the
// instance's name (`tofino_parser.x`); each apply gets its own copy of the states. Sub-parsers
// are inlined into their callers first, so nesting of any depth ends in one flat parser.

import { bitType } from '../check/types.js';
import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import { inlinedAnnotations } from '../ir/control-plane-name.js';
import type * as Ir from '../ir/nodes.js';
import { rewriteLocal, rewriteStmts, rewriteTransition } from '../ir/rewrite.js';
import { someStmt } from '../ir/visit.js';
import { withAnonymousInstances } from './anonymous-instances.js';
import { bindArguments, invalidateHeaders, refTo } from './bind-arguments.js';
import { MidendMessages as M } from './messages.js';
import { ctorValues, type Renaming, renamer, uniqueName } from './rename.js';

/** The apply of a parser instance, if `s` is one: the instance's name and the call. */
function parserApply(s: Ir.Stmt): { instance: string; call: Ir.Call } | undefined {
  if (s.kind !== 'CallStmt') return undefined;
  const c = s.call.callee;
  if (c.kind !== 'Apply' || c.target !== 'parser' || c.object.kind !== 'Ref') return undefined;
  return { instance: c.object.name, call: s.call };
}

export function inlineParsers(program: Ir.Program, sink: DiagnosticSink): Ir.Program {
  const byName = new Map(program.parsers.map((p) => [p.name, p]));
  const done = new Map<string, Ir.Parser>();
  const inProgress = new Set<string>();
  const flat = (name: string): Ir.Parser | undefined => {
    const d = done.get(name);
    if (d !== undefined) return d;
    const p = byName.get(name);
    if (p === undefined || inProgress.has(name)) return p;
    inProgress.add(name);
    const r = inlineInto(p, flat, sink);
    inProgress.delete(name);
    done.set(name, r);
    return r;
  };
  const parsers = program.parsers.map((p) => flat(p.name) as Ir.Parser);
  return parsers.every((p, i) => p === program.parsers[i]) ? program : { ...program, parsers };
}

/**
 * A state whose apply of a sub-parser sits inside an `if` (or a plain block) becomes states
 * the inliner handles: the statements before the `if` end in a select on the condition (as
 * `(bit<1>)` of it), each arm is a state of its own, and both continue in a state with the
 * statements after it and the original transition. The condition is evaluated where the `if`
 * stood, after the statements before it, so nothing changes for the packet. Undefined when
 * the apply sits elsewhere (a switch, a block declaring variables).
 */
function splitAtNestedApply(s: Ir.ParserState, taken: Set<string>): Ir.ParserState[] | undefined {
  const at = s.statements.findIndex((x) => someStmt([x], (y) => parserApply(y) !== undefined));
  const x = s.statements[at];
  if (x === undefined) return undefined;
  const before = s.statements.slice(0, at);
  const after = s.statements.slice(at + 1);
  if (x.kind === 'Block') {
    if (x.body.some((y) => y.kind === 'VarDecl')) return undefined;
    return [{ ...s, statements: [...before, ...x.body, ...after] }];
  }
  if (x.kind !== 'If') return undefined;
  const join = uniqueName(`${s.name}.join`, taken);
  const thenName = uniqueName(`${s.name}.then`, taken);
  const elseName = x.elseBody.length === 0 ? join : uniqueName(`${s.name}.else`, taken);
  const span = x.span;
  const bit1 = bitType(1);
  const key: Ir.Expr = { kind: 'Cast', operand: x.condition, type: bit1, span: x.condition.span };
  const states: Ir.ParserState[] = [
    {
      ...s,
      statements: before,
      transition: {
        kind: 'Select',
        keys: [key],
        cases: [
          { keysets: [{ kind: 'Value', value: 1n }], state: thenName, span },
          { keysets: [{ kind: 'Default' }], state: elseName, span },
        ],
        span,
      },
    },
    { ...s, name: thenName, statements: x.thenBody, transition: { kind: 'Goto', state: join, span } },
  ];
  if (elseName !== join)
    states.push({ ...s, name: elseName, statements: x.elseBody, transition: { kind: 'Goto', state: join, span } });
  states.push({ ...s, name: join, statements: after });
  return states;
}

/**
 * The variables a state declares at its top level become parser locals (`p0.phdr`), so that
 * states split off it still see them. Each declaration becomes what it does when the state
 * runs: its initializer assigned, or, without one, its headers made invalid (P4 spec §11.2:
 * an uninitialized header is invalid). Undefined when the state declares none.
 */
function hoistStateVariables(
  s: Ir.ParserState,
  taken: Set<string>,
): { state: Ir.ParserState; variables: Ir.Variable[] } | undefined {
  const decls = s.statements.filter((x): x is Ir.Stmt & { kind: 'VarDecl' } => x.kind === 'VarDecl');
  if (decls.length === 0) return undefined;
  const names = new Map(decls.map((d) => [d.variable.name, uniqueName(`${s.name}.${d.variable.name}`, taken)]));
  const r = renamer({ locals: names, actions: new Map(), values: new Map() });
  const variables: Ir.Variable[] = [];
  const statements = s.statements.flatMap((x): Ir.Stmt[] => {
    if (x.kind !== 'VarDecl') return [...rewriteStmts([x], r)];
    const v = x.variable;
    const name = names.get(v.name) as string;
    variables.push({ ...v, name, init: undefined });
    const target = refTo(name, v.type, v.span);
    if (v.init === undefined) return invalidateHeaders(target, v.span);
    const [init] = rewriteStmts([{ kind: 'Assign', target, value: v.init, span: x.span }], r);
    return [init as Ir.Stmt];
  });
  return { state: { ...s, statements }, variables };
}

function inlineInto(given: Ir.Parser, flat: (name: string) => Ir.Parser | undefined, sink: DiagnosticSink): Ir.Parser {
  const anonymous = withAnonymousInstances(
    given.locals,
    given.states.flatMap((s) => s.statements),
    'parser',
  );
  const p = anonymous === given.locals ? given : { ...given, locals: anonymous };
  const instances = new Map<string, { inst: Ir.Instance; callee: Ir.Parser }>();
  for (const l of p.locals) {
    if (l.kind !== 'Instance' || l.type.kind !== 'parser') continue;
    const callee = flat(l.typeName);
    if (callee === undefined) continue;
    instances.set(l.name, { inst: l, callee });
  }
  if (instances.size === 0) return p;

  const takenStates = new Set(p.states.map((s) => s.name));
  const takenLocals = new Set(p.locals.map((l) => l.name));
  const locals: Ir.Local[] = p.locals.filter((l) => !(l.kind === 'Instance' && instances.has(l.name)));
  // Per instance: its locals renamed into the caller once, shared by every apply of it.
  const renamedLocals = new Map<string, Map<string, string>>();
  for (const [name, { inst, callee }] of instances) {
    const names = new Map<string, string>();
    for (const l of callee.locals) names.set(l.name, uniqueName(`${name}.${l.name}`, takenLocals));
    renamedLocals.set(name, names);
    const r = renamer({ locals: names, actions: new Map(), values: ctorValues(callee.ctorParams, inst.ctorArgs) });
    for (const l of callee.locals) {
      const moved = { ...rewriteLocal(l, r), name: names.get(l.name) as string };
      // An extern's `@name` follows it, under the instance's name (as in inlineControls).
      const annotations = moved.kind === 'Instance' ? inlinedAnnotations(inst, l as Ir.Instance) : undefined;
      locals.push(annotations === undefined ? moved : ({ ...moved, annotations } as Ir.Local));
    }
  }

  const applies = new Map<string, number>();
  const out: Ir.ParserState[] = [];
  const work = [...p.states];
  while (work.length > 0) {
    const s = work.shift() as Ir.ParserState;
    const at = s.statements.findIndex((x) => parserApply(x) !== undefined);
    if (at < 0) {
      const nested = s.statements.some(
        (x) => x.kind !== 'CallStmt' && someStmt([x], (y) => parserApply(y) !== undefined),
      );
      if (nested) {
        const split = splitAtNestedApply(s, takenStates);
        if (split !== undefined) {
          work.unshift(...split);
          continue;
        }
        sink.report(M.cannotInline, s.span, 'a parser apply inside a switch or a block with declarations');
      }
      out.push(s);
      continue;
    }
    // The state is split at the apply, so its own variables must outlive it (p4c's
    // parser-inline-test13 hands one to the sub-parser and reads it after).
    const hoisted = hoistStateVariables(s, takenLocals);
    if (hoisted !== undefined) {
      locals.push(...hoisted.variables);
      work.unshift(hoisted.state);
      continue;
    }
    const stmt = s.statements[at] as Ir.Stmt;
    const { instance, call } = parserApply(stmt) as { instance: string; call: Ir.Call };
    const found = instances.get(instance);
    if (found === undefined) {
      sink.report(M.cannotInline, stmt.span, `the parser instance ${instance}`);
      out.push(s);
      continue;
    }
    const { callee } = found;
    const n = (applies.get(instance) ?? 0) + 1;
    applies.set(instance, n);
    const prefix = n === 1 ? `${instance}.` : `${instance}.${n}.`;
    const bound = bindArguments(callee.params, call.args, (x) => uniqueName(`${prefix}${x}`, takenLocals), call.span);
    locals.push(...bound.temps);
    const stateNames = new Map(callee.states.map((cs) => [cs.name, uniqueName(`${prefix}${cs.name}`, takenStates)]));
    // The rest of the calling state; when there is none, accept goes straight to its next state.
    const rest = [...bound.copyOut, ...s.statements.slice(at + 1)];
    const direct = rest.length === 0 && s.transition.kind === 'Goto' ? s.transition.state : undefined;
    const after = direct ?? uniqueName(`${s.name}.after_${instance}${n === 1 ? '' : `_${n}`}`, takenStates);
    const renaming: Renaming = {
      locals: renamedLocals.get(instance) as Map<string, string>,
      actions: new Map(),
      values: new Map([...ctorValues(callee.ctorParams, found.inst.ctorArgs), ...bound.subst]),
    };
    const r = {
      ...renamer(renaming),
      state: (x: string) => (x === 'accept' ? after : x === 'reject' ? 'reject' : (stateNames.get(x) ?? x)),
    };
    const start = stateNames.get('start') ?? after;
    out.push({
      ...s,
      statements: [...s.statements.slice(0, at), ...bound.copyIn],
      transition: { kind: 'Goto', state: start, span: call.span },
    });
    for (const cs of callee.states) {
      out.push({
        ...cs,
        name: stateNames.get(cs.name) as string,
        statements: rewriteStmts(cs.statements, r),
        transition: rewriteTransition(cs.transition, r),
      });
    }
    // The rest of the calling state may apply another sub-parser: it goes round again.
    if (direct === undefined) work.unshift({ ...s, name: after, statements: rest });
  }
  return { ...p, locals, states: out };
}
