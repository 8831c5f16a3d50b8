// bf-p4c's rules on how a Tofino parser writes a field along one path through the parse
// graph (docs/tofino-resources.md "Parser writes"): one checksum residual per field, a
// verify result only into a field no other state on the path writes, and a field set in
// two states is not then ORed into (Tofino 1's write semantics).

import type { DiagnosticSink } from '../../diagnostics/diagnostic.js';
import type * as Ir from '../../ir/nodes.js';
import { pathKey } from '../../midend/bind-arguments.js';
import type { Span } from '../../source/span.js';
import { TofinoMessages as M } from './messages.js';
import { pathsOverlap } from './units.js';

type WriteKind = 'extract' | 'set' | 'zero' | 'or' | 'verify' | 'deposit';

interface ParserWrite {
  readonly state: string;
  /** Position in program order within the state. */
  readonly order: number;
  readonly path: string;
  readonly kind: WriteKind;
  /** The constant a `set` writes, when it is one. */
  readonly value?: bigint;
  readonly span: Span;
}

/** Checks one (mid-end flattened) parser: sub-parsers are already inlined into its states. */
export function checkParserWrites(parser: Ir.Parser, sink: DiagnosticSink, model: 'tofino' | 'tofino2'): void {
  const writes = parser.states.flatMap((s) => writesOf(s));
  const reach = reachability(parser);
  // a before b on some path: b's state is reachable from a's, or the same state, later.
  const before = (a: ParserWrite, b: ParserWrite): boolean =>
    a.state === b.state ? a.order < b.order : (reach.get(a.state)?.has(b.state) ?? false);
  const onOnePath = (a: ParserWrite, b: ParserWrite): boolean => before(a, b) || before(b, a);

  const deposits = writes.filter((w) => w.kind === 'deposit');
  deposits.forEach((d, i) => {
    // Deposits on exclusive branches (bf-p4c's ptf checksum_splitting, udpv4_and_v6_checksum) are fine.
    const earlier = deposits.slice(0, i).find((e) => pathsOverlap(e.path, d.path, 1) && onOnePath(e, d));
    if (earlier !== undefined) sink.report(M.parserTwoDeposits, d.span, d.path, earlier.state);
  });

  for (const v of writes.filter((w) => w.kind === 'verify')) {
    // Counted: writes in other states of the path. Not counted: a 0 (the parser zeroes
    // metadata anyway), an explicit OR with the field (`e = ck.verify() || e`, bf-p4c's
    // parser_multi_write_checksum_verify_5), and writes in the verify's own state (an extract
    // there is only a warning for bf-p4c on Tofino 1: parser_multi_write_checksum_verify_2).
    const other = writes.find(
      (w) =>
        w !== v &&
        w.kind !== 'zero' &&
        w.kind !== 'or' &&
        w.state !== v.state &&
        pathsOverlap(w.path, v.path, 1) &&
        onOnePath(w, v),
    );
    if (other === undefined) continue;
    const what = other.kind === 'extract' ? 'extracted' : other.kind === 'verify' ? 'set by a verify' : 'assigned';
    sink.report(M.parserVerifyRewritten, v.span, v.path, what, other.state);
  }

  // Tofino 2 refuses any second write on a path (its own message); only the Tofino 1 rule of
  // one write semantic per field is checked here.
  // A field set once and then ORed into is fine (bf-p4c's stf parser_multi_write_3/4: the
  // OR lands on the set value), and so is a second constant that keeps the first one's bits
  // (multi_write_6: 0x2, then 0x2 again, is itself an OR). A second constant that clears
  // bits of the first overwrites the field, and an OR after it is refused
  // (errors/parser_multi_write_7: 0x1, then 0x2, then `| 0x3`). A 0 is the parser's own
  // initial value (multi_write_4). Only constants are judged: other writes are left alone.
  if (model !== 'tofino') return;
  for (const o of writes.filter((w) => w.kind === 'or')) {
    const sets = writes.filter(
      (w) => w.kind === 'set' && w.value !== undefined && w.state !== o.state && pathsOverlap(w.path, o.path, 1),
    );
    const overwrite = sets.find((b) =>
      sets.some(
        (a) =>
          a.state !== b.state && before(a, b) && before(b, o) && ((a.value as bigint) & ~(b.value as bigint)) !== 0n,
      ),
    );
    if (overwrite !== undefined) sink.report(M.parserMixedWrite, o.span, o.path, overwrite.state);
  }
}

function writesOf(state: Ir.ParserState): ParserWrite[] {
  const out: ParserWrite[] = [];
  const add = (e: Ir.Expr | undefined, kind: WriteKind, span: Span, value?: bigint): void => {
    const path = e === undefined ? undefined : pathKey(e);
    // Header stack elements written in a loop are different elements each time round.
    if (path === undefined || path.includes('[')) return;
    out.push({ state: state.name, order: out.length, path, kind, span, ...(value === undefined ? {} : { value }) });
  };
  const walk = (stmts: readonly Ir.Stmt[]): void => {
    for (const s of stmts) {
      if (s.kind === 'Block') walk(s.body);
      else if (s.kind === 'If') {
        walk(s.thenBody);
        walk(s.elseBody);
      } else if (s.kind === 'CallStmt' && s.call.callee.kind === 'Method') {
        const m = s.call.callee.method;
        if (m === 'extract') add(s.call.args[0], 'extract', s.span);
        else if (m === 'subtract_all_and_deposit') add(s.call.args[0], 'deposit', s.span);
      } else if (s.kind === 'Assign') {
        const v = s.value.kind === 'Const' && typeof s.value.value === 'bigint' ? s.value.value : undefined;
        add(s.target, assignKind(s), s.span, v);
      }
    }
  };
  walk(state.statements);
  return out;
}

function assignKind(s: Extract<Ir.Stmt, { kind: 'Assign' }>): WriteKind {
  const v = s.value;
  if (v.kind === 'Call' && v.callee.kind === 'Method' && v.callee.method === 'verify') return 'verify';
  if (v.kind === 'Const' && (v.value === 0n || v.value === false)) return 'zero';
  const target = pathKey(s.target);
  if (v.kind === 'Binary' && (v.op === '|' || v.op === '||') && target !== undefined)
    if (pathKey(v.left) === target || pathKey(v.right) === target) return 'or';
  return 'set';
}

/** For each state, the states some path leads to from it (itself only through a loop). */
function reachability(parser: Ir.Parser): Map<string, Set<string>> {
  const next = new Map<string, string[]>();
  for (const s of parser.states) {
    const t = s.transition;
    next.set(s.name, t.kind === 'Goto' ? [t.state] : t.cases.map((c) => c.state));
  }
  const out = new Map<string, Set<string>>();
  for (const s of parser.states) {
    const seen = new Set<string>();
    const todo = [...(next.get(s.name) ?? [])];
    while (todo.length > 0) {
      const x = todo.pop() as string;
      if (seen.has(x)) continue;
      seen.add(x);
      todo.push(...(next.get(x) ?? []));
    }
    out.set(s.name, seen);
  }
  return out;
}
