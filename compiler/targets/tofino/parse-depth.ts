// Tofino 1's parse-depth rule, counted the way bf-p4c counts it (docs/tofino-resources.md
// "Parse depth"): an egress parser's longest path from `start` may read at most 160 bytes; a
// path shorter than 65 bytes is padded, which a parser that already uses a parser counter
// does not allow; a variable `advance` cannot be counted at all. Tofino 2 has no such limit.

import type { DiagnosticSink } from '../../diagnostics/diagnostic.js';
import { msg } from '../../diagnostics/diagnostic.js';
import type * as Ir from '../../ir/nodes.js';
import { visitExpr, visitStmts } from '../../ir/visit.js';
import type { TofinoModel } from './target-model.js';

/** Tofino 1's egress limits (bf-p4c `specs/parde_spec.h`, `TofinoPardeSpec`). */
export const EGRESS_MAX_PARSE_DEPTH = 160;
export const EGRESS_MIN_PARSE_DEPTH = 65;

export const ParseDepthMessages = {
  parseDepthExceeded: msg(
    4073,
    'parse-depth',
    (parser: string, bytes: number, limit: number, path: string) =>
      `parser '${parser}': longest path through the parser (${bytes}B: ${path}) exceeds Tofino's maximum egress parse depth (${limit}B); bf-p4c refuses it too unless built with --disable-parse-depth-limit, which p4ts also takes`,
  ),
  parseDepthVariableAdvance: msg(
    4074,
    'parse-depth',
    (state: string, parser: string, min: number, max: number) =>
      `variable-length advance in state '${state}' of parser '${parser}': Tofino cannot count its egress parse depth (at least ${min}B, at most ${max}B); advance by a constant`,
  ),
  parseDepthCounterInUse: msg(
    4075,
    'parse-depth',
    (parser: string, bytes: number, min: number, max: number) =>
      `parser '${parser}': its shortest path (${bytes}B) is under the minimum egress parse depth (${min}B), and the parser counter it pads with is already used by the parser: enforce the minimum (${min}B) / maximum (${max}B) parse depths in the parse graph yourself`,
  ),
};

const M = ParseDepthMessages;

/** What the rule needs of one parser: bytes per state, the graph, the loop bounds. */
export interface ParserDepths {
  /** Shortest and longest depth (bytes) from `start` to `accept` or `reject`. */
  readonly min: number;
  readonly max: number;
  /** The states of the longest path, `start` first. */
  readonly longestPath: readonly string[];
  /** Whether any state calls a method (bf-p4c leaves a parser that calls none alone). */
  readonly callsMethod: boolean;
}

/** Checks every Tofino 1 egress parser of the program (nothing on Tofino 2). */
export function checkParseDepths(ir: Ir.Program, sink: DiagnosticSink, model: TofinoModel): void {
  if (model !== 'tofino') return;
  for (const parser of egressParsers(ir)) checkParseDepth(parser, sink);
}

export function checkParseDepth(parser: Ir.Parser, sink: DiagnosticSink): void {
  for (const s of parser.states)
    for (const a of advancesOf(s))
      if (a.kind !== 'Const')
        sink.report(
          M.parseDepthVariableAdvance,
          a.span,
          s.name,
          parser.name,
          EGRESS_MIN_PARSE_DEPTH,
          EGRESS_MAX_PARSE_DEPTH,
        );
  const d = parseDepths(parser);
  if (!d.callsMethod) return;
  if (d.max > EGRESS_MAX_PARSE_DEPTH) {
    sink.report(
      M.parseDepthExceeded,
      parser.span,
      parser.name,
      d.max,
      EGRESS_MAX_PARSE_DEPTH,
      d.longestPath.join(' -> '),
    );
  } else if (d.min < EGRESS_MIN_PARSE_DEPTH && usesParserCounter(parser) && headersParamIsStruct(parser)) {
    sink.report(
      M.parseDepthCounterInUse,
      parser.span,
      parser.name,
      d.min,
      EGRESS_MIN_PARSE_DEPTH,
      EGRESS_MAX_PARSE_DEPTH,
    );
  }
}

/**
 * bf-p4c's `IdentifyPadRequirements`: a state's size is the bits it extracts plus its constant
 * advances, in whole bytes; the shortest depth is a plain shortest path; the longest is a
 * relaxation from `start` in which a state joins a path at most once and a state on a loop
 * counts as many times as the smallest header stack it extracts into (`ParserLoopsInfo`).
 */
export function parseDepths(parser: Ir.Parser): ParserDepths {
  const size = new Map<string, number>();
  let callsMethod = false;
  for (const s of parser.states) {
    const bits = stateBits(s);
    size.set(s.name, Math.floor(bits.bits / 8));
    callsMethod ||= bits.callsMethod;
  }
  const succs = successors(parser);
  const sizeOf = (s: string): number => size.get(s) ?? 0;
  const next = (s: string): readonly string[] => succs.get(s) ?? [];
  const loopDepth = loopDepths(parser, succs);

  const minTo = new Map<string, number>([['start', sizeOf('start')]]);
  let frontier = ['start'];
  while (frontier.length > 0) {
    const out = new Set<string>();
    for (const s of frontier)
      for (const n of next(s)) {
        const d = (minTo.get(s) as number) + sizeOf(n);
        const old = minTo.get(n);
        if (old === undefined || d < old) {
          minTo.set(n, d);
          out.add(n);
        }
      }
    frontier = [...out].sort();
  }

  const maxTo = new Map<string, number>([['start', sizeOf('start')]]);
  const pathTo = new Map<string, string[]>([['start', ['start']]]);
  frontier = ['start'];
  while (frontier.length > 0) {
    const out = new Set<string>();
    for (const s of frontier) {
      const path = pathTo.get(s) as string[];
      for (const n of next(s)) {
        const d = (maxTo.get(s) as number) + (loopDepth.get(n) ?? 1) * sizeOf(n);
        const old = maxTo.get(n);
        if (old === undefined || (d > old && !path.includes(n))) {
          maxTo.set(n, d);
          pathTo.set(n, path.includes(n) ? path : [...path, n]);
          out.add(n);
        }
      }
    }
    frontier = [...out].sort();
  }

  // As bf-p4c: the depth at `accept` (0 when no path reaches it), unless `reject` is reached
  // with a smaller (for the shortest) or larger (for the longest) depth.
  const minAccept = minTo.get('accept') ?? 0;
  const minReject = minTo.get('reject');
  const maxAccept = maxTo.get('accept') ?? 0;
  const maxReject = maxTo.get('reject');
  const maxEnd = maxReject !== undefined && (maxReject > maxAccept || !maxTo.has('accept')) ? 'reject' : 'accept';
  return {
    min: minReject !== undefined && minReject < minAccept ? minReject : minAccept,
    max: maxEnd === 'reject' ? (maxReject as number) : maxAccept,
    longestPath: pathTo.get(maxEnd) ?? [],
    callsMethod,
  };
}

/** Bits a state reads (extracts at the header's full width, a varbit at its maximum; constant advances). */
function stateBits(s: Ir.ParserState): { bits: number; callsMethod: boolean } {
  let bits = 0;
  let callsMethod = false;
  const v = {
    expr: (e: Ir.Expr): boolean | undefined => {
      if (e.kind !== 'Call') return undefined;
      callsMethod = true;
      const c = e.callee;
      if (c.kind === 'Method' && c.externName === 'packet_in') {
        if (c.method === 'extract') bits += headerBits(e.typeArgs[0] ?? e.args[0]?.type);
        else if (c.method === 'advance') {
          const a = e.args[0];
          if (a?.kind === 'Const' && typeof a.value === 'bigint') bits += Number(a.value);
        }
      }
      return false;
    },
  };
  visitStmts(s.statements, v);
  if (s.transition.kind === 'Select') for (const k of s.transition.keys) visitExpr(k, v);
  return { bits, callsMethod };
}

function headerBits(t: Ir.Type | undefined): number {
  if (t === undefined) return 0;
  if (t.kind === 'header' || t.kind === 'struct') return t.fields.reduce((sum, f) => sum + headerBits(f.type), 0);
  if (t.kind === 'bit' || t.kind === 'int' || t.kind === 'varbit') return t.width;
  if (t.kind === 'bool') return 1;
  if (t.kind === 'serEnum') return t.underlying.width;
  if (t.kind === 'newtype') return headerBits(t.base);
  return 0;
}

function advancesOf(s: Ir.ParserState): Ir.Expr[] {
  const out: Ir.Expr[] = [];
  visitStmts(s.statements, {
    expr: (e) => {
      if (e.kind === 'Call' && e.callee.kind === 'Method' && e.callee.method === 'advance') {
        const a = e.args[0];
        if (e.callee.externName === 'packet_in' && a !== undefined) out.push(a);
        return false;
      }
      return undefined;
    },
  });
  return out;
}

/** Each state's successors in transition order (accept and reject included), no repeats. */
function successors(parser: Ir.Parser): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of parser.states) {
    const t = s.transition;
    out.set(s.name, [...new Set(t.kind === 'Goto' ? [t.state] : t.cases.map((c) => c.state))]);
  }
  return out;
}

/**
 * For each state on a loop of the parse graph, how many times the loop can run: the smallest
 * size of the header stacks the state extracts into with `next`/`last` (a state on a loop
 * that extracts into no stack counts once).
 */
function loopDepths(parser: Ir.Parser, succs: Map<string, string[]>): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of parser.states) {
    if (!onLoop(s.name, succs)) continue;
    let depth = -1;
    visitStmts(s.statements, {
      stmt: (st) => {
        if (st.kind !== 'CallStmt') return undefined;
        const a = st.call.args[0];
        if (a?.kind === 'Member' && a.object.type.kind === 'headerStack') {
          const n = a.object.type.size;
          depth = depth === -1 ? n : Math.min(depth, n);
        }
        return false;
      },
    });
    if (depth > 0) out.set(s.name, depth);
  }
  return out;
}

function onLoop(state: string, succs: Map<string, string[]>): boolean {
  const seen = new Set<string>();
  const todo = [...(succs.get(state) ?? [])];
  while (todo.length > 0) {
    const x = todo.pop() as string;
    if (x === state) return true;
    if (seen.has(x)) continue;
    seen.add(x);
    todo.push(...(succs.get(x) ?? []));
  }
  return false;
}

/** A ParserCounter of the parser's own set, decremented or tested in one of its states. */
function usesParserCounter(parser: Ir.Parser): boolean {
  const counters = new Set(
    parser.locals.filter((l) => l.kind === 'Instance' && l.typeName === 'ParserCounter').map((l) => l.name),
  );
  if (counters.size === 0) return false;
  let used = false;
  const v = {
    expr: (e: Ir.Expr): boolean | undefined => {
      if (e.kind === 'Call' && e.callee.kind === 'Method' && e.callee.object.kind === 'Ref')
        if (
          counters.has(e.callee.object.name) &&
          ['set', 'decrement', 'is_negative', 'is_zero'].includes(e.callee.method)
        )
          used = true;
      return undefined;
    },
  };
  for (const s of parser.states) {
    visitStmts(s.statements, v);
    if (s.transition.kind === 'Select') for (const k of s.transition.keys) visitExpr(k, v);
  }
  return used;
}

/** bf-p4c pads a parser whose headers parameter is a header with bytes, not with counter states. */
function headersParamIsStruct(parser: Ir.Parser): boolean {
  return parser.params[1]?.type.kind === 'struct';
}

/** Every parser given as an egress parser (`egress_parser`, or inside `EgressParsers(...)`), once. */
export function egressParsers(ir: Ir.Program): Ir.Parser[] {
  const names = new Set<string>();
  const visit = (p: Ir.PackageInstance, egress: boolean): void => {
    for (const a of p.args) {
      const v = a.value;
      const here = egress || a.role === 'egress_parser' || a.role === 'eg_prsr';
      if (v.kind === 'PackageInstance') visit(v, here || v.packageType.startsWith('EgressParsers'));
      else if (here && v.kind === 'BlockInstance' && v.block === 'parser') names.add(v.name);
    }
  };
  if (ir.main !== undefined) visit(ir.main, false);
  return ir.parsers.filter((p) => names.has(p.name));
}
