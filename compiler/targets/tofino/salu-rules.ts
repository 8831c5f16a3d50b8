// Does a RegisterAction's `apply` body fit one stateful ALU (docs/tna.md §7)? At most 2
// conditions (4 on Tofino 2), 2 update values per register half, 2 packet operands, 4 large constants, one
// value per output, and only the operators the ALU has: + - & | ^ ~, saturating +/-, min/max,
// shifts by constants. No multiplication, loops or calls. Tofino 2 adds outputs rv2..rv4 and
// two units whose result can only be a whole output: the divider (`a / b`, `a % b`, one pair
// of operands per ALU) and the 128-bit min/max unit (`this.max8(value, mask, index)`, one
// per ALU, over the register word). `this.predicate(...)` and `this.address()` are outputs too.

import { widthOf } from '../../check/types.js';
import type { DiagnosticSink } from '../../diagnostics/diagnostic.js';
import type * as Ir from '../../ir/nodes.js';
import { constInt, exprText } from './expr-text.js';
import { TofinoMessages as M } from './messages.js';
import { type TargetModel, targetModel } from './target-model.js';

const RELATIONAL = new Set(['<', '<=', '==', '!=', '>=', '>']);
const UPDATE_OPS = new Set(['+', '-', '&', '|', '^', '|+|', '|-|', '<<', '>>']);
/** Operators that take one ALU instruction (shifts by constants are the operand's). */
const INSTRUCTION_OPS = new Set(['+', '-', '&', '|', '^', '|+|', '|-|']);

/** Immediate constants of the ALU instruction are 4-bit signed; others use the register file. */
function isSmallConstant(v: bigint, type: Ir.Type): boolean {
  let s = v;
  const w = widthOf(type);
  if (type.kind === 'bit' && w !== undefined && w > 0 && v >= 1n << BigInt(w - 1)) s = v - (1n << BigInt(w));
  return s >= -8n && s <= 7n;
}

class SaluBody {
  readonly conditions = new Map<string, Ir.Expr>();
  readonly updates = new Map<string, Map<string, Ir.Expr>>();
  /** Distinct values written to each output (rv, rv2, …). */
  readonly outputs = new Map<string, Map<string, Ir.Expr>>();
  /** The operands of the ALU's one divider and of its one min/max unit, once used. */
  private divider: string | undefined;
  private minMaxUnit: string | undefined;
  readonly operands = new Map<string, Ir.Expr>();
  readonly constants = new Map<string, Ir.Expr>();
  private readonly locals = new Map<string, Ir.Expr>();
  private reported = new Set<string>();

  constructor(
    readonly name: string,
    readonly value: string,
    readonly outNames: ReadonlySet<string>,
    readonly sink: DiagnosticSink,
    readonly tofino2: boolean,
    readonly flags: ReadonlySet<string> = new Set(),
  ) {}

  private once(key: string): boolean {
    if (this.reported.has(key)) return false;
    this.reported.add(key);
    return true;
  }

  /** The root name an expression reads from: `value`, `rv`, a local or a packet operand. */
  private root(e: Ir.Expr): string | undefined {
    if (e.kind === 'Ref') return e.name;
    if (e.kind === 'Member' || e.kind === 'Slice' || e.kind === 'Index') return this.root(e.object);
    return undefined;
  }

  /** Checks operators and records operands and constants of an update or output expression. */
  operand(e: Ir.Expr, inCondition: boolean): void {
    switch (e.kind) {
      case 'Const': {
        const v = constInt(e);
        if (v !== undefined && !isSmallConstant(v, e.type) && !this.constants.has(`${v}`))
          this.constants.set(`${v}`, e);
        return;
      }
      case 'Ref':
      case 'Member':
      case 'Slice':
      case 'Index': {
        const root = this.root(e);
        if (root === this.value || (root !== undefined && this.outNames.has(root))) return;
        if (root !== undefined && this.locals.has(root)) {
          this.operand(this.locals.get(root) as Ir.Expr, inCondition);
          return;
        }
        this.operands.set(exprText(e), e);
        return;
      }
      case 'Cast':
        this.operand(e.operand, inCondition);
        return;
      case 'Unary':
        if (e.op === '!' && !inCondition && this.once(`op!${e.span.start}`))
          this.sink.report(M.saluOperator, e.span, this.name, '!');
        this.operand(e.operand, inCondition);
        return;
      case 'Binary': {
        if (e.op === '++' && constInt(e.left) === 0n) {
          // `16w0 ++ x` widens x with zeros: p4c's strength reduction makes it a cast.
          this.operand(e.right, inCondition);
          return;
        }
        // A concatenation of packet bits only is assembled by the input crossbar before the
        // ALU: one operand (bf-p4c's ixbar_expr tests).
        if (e.op === '++' && this.packetOnly(e)) {
          this.operands.set(exprText(e), e);
          return;
        }
        const ok = UPDATE_OPS.has(e.op) || (inCondition && (RELATIONAL.has(e.op) || e.op === '&&' || e.op === '||'));
        const shiftByVariable = (e.op === '<<' || e.op === '>>') && constInt(e.right) === undefined;
        if ((!ok || shiftByVariable) && this.once(`op${e.span.start}`))
          this.sink.report(M.saluOperator, e.span, this.name, shiftByVariable ? `${e.op} by a run-time amount` : e.op);
        this.operand(e.left, inCondition);
        if (!(e.op === '<<' || e.op === '>>')) this.operand(e.right, inCondition);
        return;
      }
      case 'Call': {
        const c = e.callee;
        if (c.kind === 'Function' && (c.name === 'max' || c.name === 'min')) {
          // The ALU's minu/mins/maxu/maxs work at the register's width and write back to
          // memory: a min/max is an update value, never a condition's operand (docs/tofino-resources.md).
          if (inCondition && this.once(`mm${e.span.start}`))
            this.sink.report(M.saluMinMaxInCondition, e.span, this.name);
          for (const a of e.args) if (a !== undefined) this.operand(a, inCondition);
          return;
        }
        if (c.kind === 'Method' && c.externName === 'RegisterParam') {
          // A run-time constant: it takes a slot of the ALU's constant register file.
          this.constants.set(exprText(e), e);
          return;
        }
        if (c.kind === 'Function' && (c.name === 'sizeInBits' || c.name === 'sizeInBytes') && fixedSize(e.args[0])) {
          // The size of a fixed-size type is a compile-time constant (PIFINA counts header
          // bytes with `value + sizeInBytes(hdr)`): it takes a constant slot like a literal.
          this.constants.set(exprText(e), e);
          return;
        }
        if (c.kind === 'Method' && c.object.kind === 'This' && (c.method === 'address' || c.method === 'predicate')) {
          // The cell's address, or the flags of the comparisons given (each one condition).
          for (const a of e.args) if (a !== undefined && a.kind !== 'Const') this.condition(a);
          return;
        }
        if (c.kind === 'Builtin' && c.name === 'isValid') {
          // bf-p4c's mid end turns `h.isValid()` into a read of the header's 1-bit `$valid`
          // (`h.$valid == 1`) before it builds the ALU's instruction (CopyHeaders): a PHV
          // operand like any field (docs/tofino-resources.md "Stateful ALU").
          this.operands.set(`${exprText(c.object)}.$valid`, e);
          return;
        }
        if (c.kind === 'Method' && c.externName === 'MathUnit') {
          for (const a of e.args) if (a !== undefined) this.operand(a, inCondition);
          return;
        }
        if (this.once(`call${e.span.start}`))
          this.sink.report(M.saluStatement, e.span, this.name, `a call to '${exprText(e).split('(')[0]}'`);
        return;
      }
      case 'Mux':
        this.condition(e.condition);
        this.operand(e.whenTrue, inCondition);
        this.operand(e.whenFalse, inCondition);
        return;
      default:
        if (this.once(`k${e.span.start}`)) this.sink.report(M.saluStatement, e.span, this.name, `'${exprText(e)}'`);
        return;
    }
  }

  /** True when `e` reads only packet bits and constants (no register value, no output). */
  private packetOnly(e: Ir.Expr): boolean {
    switch (e.kind) {
      case 'Const':
        return true;
      case 'Ref':
      case 'Member':
      case 'Slice':
      case 'Index': {
        const root = this.root(e);
        if (root === this.value || (root !== undefined && this.outNames.has(root))) return false;
        if (root !== undefined && this.locals.has(root)) return this.packetOnly(this.locals.get(root) as Ir.Expr);
        return e.kind !== 'Index' || this.packetOnly(e.index);
      }
      case 'Cast':
        return this.packetOnly(e.operand);
      case 'Binary':
        return e.op === '++' && this.packetOnly(e.left) && this.packetOnly(e.right);
      default:
        return false;
    }
  }

  /** Splits a condition into the comparisons the ALU's two condition units evaluate. */
  condition(e: Ir.Expr): void {
    if (e.kind === 'Binary' && (e.op === '&&' || e.op === '||')) {
      this.condition(e.left);
      this.condition(e.right);
      return;
    }
    if (e.kind === 'Unary' && e.op === '!') {
      this.condition(e.operand);
      return;
    }
    if (e.kind === 'Const') return;
    // LearnAction's `learn` input is a flag of the learning hardware, not a comparison.
    if (e.kind === 'Ref' && this.flags.has(e.name)) return;
    const key = exprText(this.substitute(e));
    if (!this.conditions.has(key)) this.conditions.set(key, e);
    if (e.kind === 'Binary' && RELATIONAL.has(e.op)) {
      for (const side of [e.left, e.right]) {
        const bad = nonLinear(side);
        // Operators the ALU lacks are reported by operand(); bitwise ones may fit newer chips.
        // Tofino 2 masks a compared operand with a constant (bf-p4c's `tmatch`).
        const masked =
          this.tofino2 &&
          bad?.kind === 'Binary' &&
          bad.op === '&' &&
          (constInt(bad.left) !== undefined || constInt(bad.right) !== undefined);
        if (bad?.kind === 'Binary' && UPDATE_OPS.has(bad.op) && !masked && this.once(`c${bad.span.start}`))
          this.sink.report(M.saluConditionMaybe, bad.span, this.name, bad.op);
      }
    }
    this.operand(e, true);
  }

  private substitute(e: Ir.Expr): Ir.Expr {
    if (e.kind === 'Ref' && this.locals.has(e.name)) return this.locals.get(e.name) as Ir.Expr;
    return e;
  }

  stmts(body: readonly Ir.Stmt[]): void {
    for (const s of body) this.stmt(s);
  }

  stmt(s: Ir.Stmt): void {
    switch (s.kind) {
      case 'Assign': {
        const root = this.root(s.target);
        if (root === this.value) {
          if (s.value.kind === 'StructInit') {
            for (const f of s.value.fields) this.update(`${exprText(s.target)}.${f.name}`, f.value);
          } else this.update(exprText(s.target), s.value);
        } else if (root !== undefined && this.outNames.has(root)) {
          // A comparison as the output (`rv = x > value`, also cast to bits) is a condition
          // whose flag is output: the ALU's output can be the predicate of its conditions.
          const bare = uncast(s.value);
          if (bare.type.kind === 'bool') this.condition(bare);
          else if (this.tofino2 && bare.kind === 'Binary' && (bare.op === '/' || bare.op === '%')) this.divide(bare);
          else if (this.tofino2 && isMinMaxCall(bare)) this.minMax(bare);
          else {
            this.shape(s.value);
            this.operand(s.value, false);
          }
          const values = this.outputs.get(root) ?? new Map<string, Ir.Expr>();
          this.outputs.set(root, values);
          // address(0) and address(1) are one output whose subword the ALU picks (bf-p4c's
          // output_address_subword_predicate).
          const text = exprText(this.substitute(s.value));
          values.set(text.startsWith('This.address(') ? 'This.address' : text, s.value);
        } else if (root !== undefined && this.locals.has(root)) {
          this.locals.set(root, s.value);
        } else if (this.once(`w${s.span.start}`)) {
          this.sink.report(
            M.saluStatement,
            s.span,
            this.name,
            `writing '${exprText(s.target)}' (only the register cell and the output)`,
          );
        }
        return;
      }
      case 'VarDecl':
        this.locals.set(
          s.variable.name,
          s.variable.init ?? { kind: 'Const', value: 0n, type: s.variable.type, span: s.span },
        );
        return;
      case 'If':
        this.condition(s.condition);
        this.stmts(s.thenBody);
        this.stmts(s.elseBody);
        return;
      case 'Block':
        this.stmts(s.body);
        return;
      case 'Return':
      case 'Exit':
        return;
      case 'CallStmt':
        this.operand(s.call, false);
        return;
      default:
        if (this.once(`s${s.span.start}`))
          this.sink.report(
            M.saluStatement,
            s.span,
            this.name,
            `a ${s.kind === 'For' || s.kind === 'ForIn' ? 'loop' : s.kind.toLowerCase()}`,
          );
        return;
    }
  }

  /** ALU instructions an update or output value takes (its locals substituted). */
  private instructions(e: Ir.Expr): number {
    switch (e.kind) {
      case 'Binary':
        if (e.op === '++')
          return constInt(e.left) === 0n
            ? this.instructions(e.right)
            : this.instructions(e.left) + this.instructions(e.right);
        return (INSTRUCTION_OPS.has(e.op) ? 1 : 0) + this.instructions(e.left) + this.instructions(e.right);
      case 'Cast':
      case 'Unary':
        return this.instructions(e.operand);
      case 'Mux':
        return Math.max(this.instructions(e.whenTrue), this.instructions(e.whenFalse));
      case 'Ref':
      case 'Member':
      case 'Slice':
      case 'Index': {
        const root = this.root(e);
        const local = root === undefined ? undefined : this.locals.get(root);
        return local === undefined || local === e ? 0 : this.instructions(local);
      }
      default:
        return 0;
    }
  }

  /**
   * bf-p4c's shape rules for a value written to the cell or the output: the result of an
   * instruction cannot be sliced, and two or more binary instructions need `|` outermost (the
   * ALU ORs the results of its two halves; docs/tofino-resources.md, "bf-p4c's rules").
   */
  private shape(e: Ir.Expr): void {
    const bare = uncast(e);
    if (bare.kind === 'Slice') {
      const root = this.root(bare.object);
      const inner = root === undefined ? bare.object : (this.locals.get(root) ?? bare.object);
      if (this.instructions(inner) > 0 && this.once(`slice${e.span.start}`)) {
        this.sink.report(M.saluSliceOfResult, e.span, this.name, exprText(bare));
        return;
      }
    }
    const top = this.resolved(bare);
    if (this.instructions(top) > 1 && !(top.kind === 'Binary' && top.op === '|') && this.once(`ops${e.span.start}`))
      this.sink.report(M.saluTwoInstructions, e.span, this.name, exprText(e));
  }

  /** `e` itself, or the value of the local it names. */
  private resolved(e: Ir.Expr): Ir.Expr {
    if (e.kind !== 'Ref') return e;
    const local = this.locals.get(e.name);
    return local === undefined || local === e ? e : this.resolved(uncast(local));
  }

  /** Tofino 2's divider: a whole output `a / b` or `a % b`, one pair of operands per ALU. */
  private divide(e: Ir.Expr & { kind: 'Binary' }): void {
    const key = `${exprText(e.left)}, ${exprText(e.right)}`;
    if (this.divider !== undefined && this.divider !== key && this.once(`div${e.span.start}`))
      this.sink.report(M.saluDivide, e.span, this.name, `divides ${key}, but the ALU already divides ${this.divider}`);
    this.divider ??= key;
    this.operand(e.left, false);
    this.operand(e.right, false);
  }

  /** Tofino 2's min/max unit: over the 128-bit register word, a constant mask, one use per ALU. */
  private minMax(e: Ir.Expr & { kind: 'Call' }): void {
    const [source, mask, index, postmod] = e.args;
    const callee = e.callee as { method: string };
    const key = exprText({ ...e, args: [source, mask, undefined, postmod] });
    const problem =
      source === undefined || this.root(source) !== this.value || widthOf(source.type) !== 128
        ? 'its source must be the 128-bit register value'
        : mask === undefined || constInt(mask) === undefined
          ? 'its lane mask must be a constant'
          : index !== undefined && index.kind !== 'DontCare' && !this.outNames.has(this.root(index) ?? '')
            ? "its lane index can only go to one of the action's outputs"
            : this.minMaxUnit !== undefined && this.minMaxUnit !== key
              ? `the ALU already runs ${this.minMaxUnit}`
              : undefined;
    if (problem !== undefined && this.once(`mmu${e.span.start}`))
      this.sink.report(M.saluMinMaxUnit, e.span, this.name, callee.method, problem);
    this.minMaxUnit ??= key;
    if (postmod !== undefined) this.operand(postmod, false);
  }

  private update(half: string, e: Ir.Expr): void {
    this.shape(e);
    this.operand(e, false);
    const key = exprText(this.substitute(e));
    if (key === half) return;
    const m = this.updates.get(half) ?? new Map<string, Ir.Expr>();
    this.updates.set(half, m);
    if (!m.has(key)) m.set(key, e);
  }
}

/** The first part of a comparison operand that is not a sum or difference of leaves. */
function nonLinear(e: Ir.Expr): Ir.Expr | undefined {
  switch (e.kind) {
    case 'Binary':
      if (e.op !== '+' && e.op !== '-') return e;
      return nonLinear(e.left) ?? nonLinear(e.right);
    case 'Cast':
      return nonLinear(e.operand);
    case 'Unary':
      return e.op === '-' ? nonLinear(e.operand) : e;
    default:
      return undefined;
  }
}

/** Whether `e` calls Tofino 2's min/max unit (`this.max8(...)` and the like). */
function isMinMaxCall(e: Ir.Expr): e is Ir.Expr & { kind: 'Call' } {
  return (
    e.kind === 'Call' &&
    e.callee.kind === 'Method' &&
    e.callee.object.kind === 'This' &&
    /^(min|max)(8|16)$/.test(e.callee.method)
  );
}

/**
 * Checks one register action (any stateful-ALU family); `name` is its qualified name. Its
 * apply body and, for a FIFO or stack, its overflow and underflow bodies each are one ALU
 * program.
 */
export function checkRegisterAction(
  ra: Ir.Instance,
  name: string,
  sink: DiagnosticSink,
  model: Pick<TargetModel, 'name' | 'saluConditions'> = targetModel(),
): void {
  for (const m of ra.methods) {
    if (m.name === 'apply' || m.name === 'overflow' || m.name === 'underflow') checkProgram(m, name, sink, model);
  }
}

function checkProgram(
  apply: Ir.Function,
  name: string,
  sink: DiagnosticSink,
  model: Pick<TargetModel, 'name' | 'saluConditions'>,
): void {
  const maxConditions = model.saluConditions;
  // `inout value` first (optional in overflow/underflow), then LearnAction's digest and learn
  // inputs, then the outputs.
  const hasValue = apply.params[0]?.direction === 'inout';
  const value = hasValue ? (apply.params[0]?.name ?? 'value') : '';
  const outs = new Set(apply.params.filter((p) => p.direction === 'out').map((p) => p.name));
  const flags = new Set(apply.params.filter((p) => p.direction === 'in' && p.type.kind === 'bool').map((p) => p.name));
  const body = new SaluBody(name, value, outs, sink, model.name === 'tofino2', flags);
  body.stmts(apply.body);
  if (body.conditions.size > maxConditions) {
    const over = [...body.conditions.values()][maxConditions] as Ir.Expr;
    sink.report(M.saluTooManyConditions, over.span, name, body.conditions.size, maxConditions);
  }
  for (const [half, values] of body.updates) {
    if (values.size > 2) {
      const third = [...values.values()][2] as Ir.Expr;
      sink.report(M.saluTooManyUpdates, third.span, name, half, values.size);
    }
  }
  if (body.operands.size > 2) {
    const third = [...body.operands.values()][2] as Ir.Expr;
    sink.report(M.saluTooManyOperands, third.span, name, [...body.operands.keys()].map((k) => `'${k}'`).join(', '));
  }
  if (body.constants.size > 4) {
    const fifth = [...body.constants.values()][4] as Ir.Expr;
    sink.report(M.saluTooManyConstants, fifth.span, name, body.constants.size);
  }
  for (const values of body.outputs.values()) {
    const outputs = [...values].filter(([, e]) => constInt(e) !== 0n);
    if (outputs.length > 1) {
      const second = outputs[1]?.[1] as Ir.Expr;
      sink.report(M.saluOutput, second.span, name, `it returns ${outputs.map(([k]) => `'${k}'`).join(' or ')}`);
    }
  }
}

/** Whether the argument of sizeInBits/sizeInBytes has a size fixed at compile time (no varbit, no stack of them). */
function fixedSize(a: Ir.Expr | undefined): boolean {
  return a !== undefined && widthOf(a.type) !== undefined;
}

function uncast(e: Ir.Expr): Ir.Expr {
  return e.kind === 'Cast' ? uncast(e.operand) : e;
}
