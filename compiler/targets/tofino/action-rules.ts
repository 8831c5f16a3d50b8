// Action (VLIW) rules of Tofino (docs/tna.md §7): each destination is written once per
// action; no instruction multiplies, divides or takes a modulo except by powers of two; no
// shift by a run-time amount; add/subtract on at most 64 bits (paired 32-bit instructions).

import { widthOf } from '../../check/types.js';
import type { DiagnosticSink } from '../../diagnostics/diagnostic.js';
import type * as Ir from '../../ir/nodes.js';
import { constInt, exprText, isPowerOfTwo } from './expr-text.js';
import { TofinoMessages as M } from './messages.js';
import type { ReachedAction } from './units.js';
import { pathsOverlap, splitSlice } from './units.js';

export function checkAction(action: ReachedAction, sink: DiagnosticSink): void {
  const check = (e: Ir.Expr | undefined): void => {
    if (e !== undefined) checkExpr(action.name, e, sink);
  };
  const walk = (body: readonly Ir.Stmt[]): void => {
    for (const s of body) {
      switch (s.kind) {
        case 'Assign':
          check(s.target);
          check(s.value);
          break;
        case 'CallStmt':
          check(s.call);
          break;
        case 'VarDecl':
          check(s.variable.init);
          break;
        case 'If':
          check(s.condition);
          walk(s.thenBody);
          walk(s.elseBody);
          break;
        case 'Block':
          walk(s.body);
          break;
        default:
          break;
      }
    }
  };
  walk(action.body);
  checkSingleWrites(action, sink);
}

function checkExpr(action: string, e: Ir.Expr, sink: DiagnosticSink): void {
  switch (e.kind) {
    case 'Binary': {
      const width = widthOf(e.type) ?? 0;
      const right = constInt(e.right);
      const left = constInt(e.left);
      if (
        e.op === '*' &&
        !(right !== undefined && isPowerOfTwo(right)) &&
        !(left !== undefined && isPowerOfTwo(left))
      ) {
        sink.report(
          M.noInstruction,
          e.span,
          action,
          `multiplication ('${exprText(e)}'); only by a power of two, as a shift`,
        );
      } else if ((e.op === '/' || e.op === '%') && !(right !== undefined && isPowerOfTwo(right))) {
        sink.report(
          M.noInstruction,
          e.span,
          action,
          `${e.op === '/' ? 'division' : 'modulo'} ('${exprText(e)}'); only by a power of two, as a shift or a mask`,
        );
      } else if ((e.op === '<<' || e.op === '>>') && right === undefined) {
        sink.report(M.noInstruction, e.span, action, `a shift by a run-time amount ('${exprText(e)}')`);
      } else if ((e.op === '+' || e.op === '-') && width > 64) {
        sink.report(
          M.noInstruction,
          e.span,
          action,
          `${width}-bit ${e.op === '+' ? 'addition' : 'subtraction'} (at most 64 bits, as two 32-bit instructions with carry)`,
        );
      } else if ((e.op === '|+|' || e.op === '|-|') && width > 32) {
        sink.report(M.wideOperation, e.span, action, `saturating arithmetic on ${width} bits`);
      } else if ((e.op === '<<' || e.op === '>>') && width > 64) {
        sink.report(M.wideOperation, e.span, action, `a shift of a ${width}-bit value`);
      }
      checkExpr(action, e.left, sink);
      checkExpr(action, e.right, sink);
      return;
    }
    case 'Unary':
    case 'Cast':
      checkExpr(action, e.operand, sink);
      return;
    case 'Member':
    case 'Slice':
      checkExpr(action, e.object, sink);
      return;
    case 'Mux':
      checkExpr(action, e.condition, sink);
      checkExpr(action, e.whenTrue, sink);
      checkExpr(action, e.whenFalse, sink);
      return;
    case 'List':
      for (const x of e.elements) checkExpr(action, x, sink);
      return;
    case 'StructInit':
      for (const f of e.fields) checkExpr(action, f.value, sink);
      return;
    case 'Call': {
      // bf-p4c: a Hash reads its field list through the input crossbar; an empty one has
      // nothing to hash (docs/tofino-resources.md, "bf-p4c's rules").
      const data = e.args[0];
      if (
        e.callee.kind === 'Method' &&
        e.callee.externName === 'Hash' &&
        e.callee.method === 'get' &&
        data !== undefined &&
        isEmptyList(data)
      )
        sink.report(M.hashEmptyFieldList, data.span);
      // bf-p4c: a counter's or meter's adjust_byte_count is a constant of the instruction.
      if (e.callee.kind === 'Method' && BYTE_ADJUSTED.has(e.callee.externName)) {
        const i = e.params.findIndex((p) => p.name === 'adjust_byte_count');
        const adjust = i < 0 ? undefined : e.args[i];
        if (adjust !== undefined && !compileTimeConstant(adjust))
          sink.report(M.adjustByteCountNotConstant, adjust.span, action, exprText(adjust));
      }
      for (const a of e.args) if (a !== undefined) checkExpr(action, a, sink);
      return;
    }
    default:
      return;
  }
}

/** Externs whose count or execute takes adjust_byte_count. */
const BYTE_ADJUSTED = new Set(['Counter', 'DirectCounter', 'Meter', 'DirectMeter']);

/** A literal, the size of a type (`sizeInBytes(h)`), or arithmetic and casts of those. */
function compileTimeConstant(e: Ir.Expr): boolean {
  switch (e.kind) {
    case 'Const':
      return true;
    case 'Cast':
    case 'Unary':
      return compileTimeConstant(e.operand);
    case 'Binary':
      return compileTimeConstant(e.left) && compileTimeConstant(e.right);
    case 'Call':
      return e.callee.kind === 'Function' && (e.callee.name === 'sizeInBytes' || e.callee.name === 'sizeInBits');
    default:
      return false;
  }
}

/** `{}`: an empty list or struct initialiser, as written or folded to a constant. */
function isEmptyList(e: Ir.Expr): boolean {
  if (e.kind === 'List') return e.elements.length === 0;
  if (e.kind === 'StructInit') return e.fields.length === 0;
  if (e.kind !== 'Const' || typeof e.value !== 'object') return false;
  return e.value.kind === 'list'
    ? e.value.elements.length === 0
    : e.value.kind === 'struct' && e.value.fields.size === 0;
}

/** The destination an assignment writes, as text; a slice keeps its bit range (`x[15:8]`). */
function destination(e: Ir.Expr): string {
  if (e.kind !== 'Slice') return exprText(e);
  const inner = splitSlice(destination(e.object));
  const lo = inner.lo ?? 0;
  return `${inner.base}[${lo + e.hi}:${lo + e.lo}]`;
}

/** Bits, not containers: the rule is about reading what the first write wrote. */
const overlaps = (a: string, b: string): boolean => pathsOverlap(a, b, 1);

function reads(e: Ir.Expr, dest: string): boolean {
  switch (e.kind) {
    case 'Ref':
    case 'Member':
      return overlaps(exprText(e), dest);
    case 'Index':
      return overlaps(exprText(e), dest) || reads(e.index, dest);
    case 'Slice':
      // Reading bits of a field the first write did not touch does not read that write.
      return e.object.kind === 'Ref' || e.object.kind === 'Member' || e.object.kind === 'Slice'
        ? overlaps(destination(e), dest)
        : reads(e.object, dest);
    case 'Unary':
    case 'Cast':
      return reads(e.operand, dest);
    case 'Binary':
      return reads(e.left, dest) || reads(e.right, dest);
    case 'Mux':
      return reads(e.condition, dest) || reads(e.whenTrue, dest) || reads(e.whenFalse, dest);
    case 'List':
      return e.elements.some((x) => reads(x, dest));
    case 'StructInit':
      return e.fields.some((f) => reads(f.value, dest));
    case 'Call':
      return e.args.some((a) => a !== undefined && reads(a, dest));
    default:
      return false;
  }
}

/**
 * Whether a later read of `dest` can take the value of its earlier whole write instead, as the
 * mid end's copy propagation does within an action (p4c's LocalCopyPropagation, which bf-p4c
 * runs, tracks fields too): the value is a constant, or a plain read of a field that no write
 * in between changes. `x = 0; x = x + 1` is then the one write `x = 1`.
 */
function propagates(
  earlier: { dest: string; stmt: Extract<Ir.Stmt, { kind: 'Assign' }> },
  dest: string,
  between: readonly { dest: string }[],
): boolean {
  if (earlier.dest !== dest || earlier.stmt.target.kind === 'Slice') return false;
  const v = earlier.stmt.value;
  if (v.kind === 'Const') return true;
  // An action parameter is left alone: `x = p; x = x + 1` would add 1 to action data.
  if (v.kind !== 'Member') return false;
  const source = exprText(v);
  return !overlaps(source, dest) && !between.some((w) => overlaps(w.dest, source));
}

/** Unconditional writes of one action body: a second write of a destination is an error
 *  when it reads the first (two instructions in sequence), a warning when it just replaces it. */
function checkSingleWrites(action: ReachedAction, sink: DiagnosticSink): void {
  const writes: { dest: string; stmt: Extract<Ir.Stmt, { kind: 'Assign' }> }[] = [];
  for (const s of action.body) {
    if (s.kind !== 'Assign') continue;
    const dest = destination(s.target);
    if (dest.includes('$local') || s.target.kind === 'Ref') {
      writes.push({ dest, stmt: s });
      continue;
    }
    const earlier = writes.find((w) => overlaps(w.dest, dest) && w.stmt.target.kind !== 'Ref');
    if (earlier !== undefined) {
      const sliceWrites = earlier.stmt.target.kind === 'Slice' || s.target.kind === 'Slice';
      const later = writes.slice(writes.indexOf(earlier) + 1);
      if (reads(s.value, dest) && !propagates(earlier, dest, later))
        sink.report(M.writtenTwice, s.span, action.name, dest);
      else if (!sliceWrites) sink.report(M.deadWrite, earlier.stmt.span, action.name, earlier.dest);
    }
    writes.push({ dest, stmt: s });
  }
}
