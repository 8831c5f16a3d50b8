// Calls of stateful-ALU programs and, inside their bodies, of the ALU's own functions: an
// action's execute/execute_log and Tofino 2's enqueue/dequeue/push/pop with outputs rv2..rv4
// copied out after the call; `this.address()`, `this.predicate(...)` and the 128-bit
// min/max unit (`this.max8(value, mask, index, postmod)`); Register.clear (docs/tna-externs.md).

import type * as Ir from '../ir/nodes.js';
import { exprText } from '../targets/tofino/expr-text.js';
import type { SaluFamily } from '../targets/tofino/salu-externs.js';
import type { ExternBinding } from './context.js';
import { expr, type FnCtx, indexJs } from './emit-expr.js';
import { storeLine } from './emit-stmt.js';
import { scalarOf } from './emit-types.js';

const RUN_JS: Readonly<Record<string, string>> = {
  execute: 'execute',
  execute_log: 'executeLog',
  enqueue: 'enqueue',
  dequeue: 'dequeue',
  push: 'push',
  pop: 'pop',
};

/**
 * One run of a register action: its first output is the call's value; `out` arguments
 * (rv2..rv4) are stored from the action's `out` array right after it.
 */
export function saluRun(
  cx: FnCtx,
  call: Ir.Call,
  method: string,
  b: ExternBinding,
  family: SaluFamily,
  directHandle: string | undefined,
): string {
  let runJs: string;
  let firstOut = 0;
  if (family === 'DirectRegisterAction') runJs = `${b.js}.execute(${directHandle ?? '0'})`;
  else if (method === 'execute') {
    // Tofino 2 makes the index optional (a table's own address): without one, cell 0.
    const index = call.args[0];
    runJs = `${b.js}.execute(${index === undefined ? '0' : indexJs(cx, index)})`;
    firstOut = 1;
  } else runJs = `${b.js}.${RUN_JS[method] ?? method}()`;
  const outs = call.args
    .map((a, i) => ({ a, i }))
    .filter(
      ({ a, i }) => i >= firstOut && a !== undefined && a.kind !== 'DontCare' && call.params[i]?.direction === 'out',
    );
  if (outs.length === 0) return runJs;
  const r = cx.gen.temp('r');
  cx.hoist(`const ${r} = ${runJs};`);
  for (const { a, i } of outs) cx.hoist(storeLine(cx, a as Ir.Expr, `${b.js}.out[${i - firstOut + 1}]`));
  return r;
}

/** `this.address()`, `this.predicate(...)`, `this.min8/max8/min16/max16(...)` in a body. */
export function saluBodyCall(cx: FnCtx, call: Ir.Call, method: string): string | undefined {
  if (cx.kind !== 'regapply') {
    cx.gen.unsupported(call.span, `this.${method} outside a register action`);
    return undefined;
  }
  switch (method) {
    case 'address':
      // The address of the cell the action runs on (the FIFO/stack pointer's cell for those).
      return '$index';
    case 'predicate': {
      // One bit set of 2^n (n comparisons): bit c0 + 2*c1 + 4*c2 + 8*c3. Without arguments,
      // the comparisons are the body's own conditions, as the ALU evaluated them on entry.
      const given = call.args.some((a) => a !== undefined);
      const terms = given
        ? call.args.flatMap((a, i) => (a === undefined ? [] : [`(${expr(cx, a)} ? ${1 << i} : 0)`]))
        : (ownConditions.get(cx) ?? []).map((c, i) => `(${c} ? ${1 << i} : 0)`);
      return terms.length === 0 ? '1' : `(1 << (${terms.join(' | ')}))`;
    }
    case 'min8':
    case 'max8':
    case 'min16':
    case 'max16':
      return minMax(cx, call, method);
    default:
      cx.gen.unsupported(call.span, `this.${method}`);
      return undefined;
  }
}

function minMax(cx: FnCtx, call: Ir.Call, method: string): string {
  const [valArg, maskArg, indexArg, postmodArg] = call.args;
  const laneBits = method.endsWith('16') ? 16 : 8;
  if (valArg === undefined || maskArg === undefined || scalarOf(valArg.type)?.width !== 128) {
    cx.gen.unsupported(call.span, `this.${method} of a value other than bit<128>`);
    return '0';
  }
  cx.gen.imports.add('saluMinMax');
  const t = cx.gen.temp('mm');
  const val = expr(cx, valArg);
  const postmod = postmodArg === undefined ? 'undefined' : expr(cx, postmodArg);
  const isMax = method.startsWith('max');
  cx.hoist(`const ${t} = saluMinMax(${val}, ${laneBits}, ${expr(cx, maskArg)}, ${isMax}, ${postmod});`);
  // postmod changes the chosen lane of the register word the unit read.
  if (postmodArg !== undefined && val === 'value.lo') cx.hoist(`value.lo = ${t}.value;`);
  if (indexArg !== undefined && indexArg.kind !== 'DontCare') cx.hoist(storeLine(cx, indexArg, `${t}.index`));
  return `${t}.result`;
}

/** Register.clear(value[, busy]): every cell takes the value (a 128-bit word: both halves). */
export function registerClear(cx: FnCtx, call: Ir.Call, reg: ExternBinding): void {
  const v = call.args[0];
  if (v === undefined) return;
  // The hardware's sweep writes a value fixed in its configuration (bf-p4c: "clear value
  // must be a constant"), and so is the busy value.
  for (const a of call.args) {
    if (a !== undefined && a.kind !== 'Const' && a.kind !== 'StructInit') {
      cx.gen.unsupported(a.span, 'a Register.clear value that is not a compile-time constant');
      return;
    }
  }
  const js = expr(cx, v);
  const width = scalarOf(v.type)?.width;
  cx.flush();
  if (width === 128) cx.w.line(`${reg.js}.fill(BigInt.asUintN(64, ${js}), ${js} >> 64n);`);
  else if (v.type.kind === 'struct' && v.type.fields.length === 2) {
    const [a, b] = v.type.fields as [Ir.Param, Ir.Param];
    cx.w.line(`${reg.js}.fill(${js}.${a.name}, ${js}.${b.name});`);
  } else cx.w.line(`${reg.js}.fill(${js});`);
}

/** The JS names of a body's own conditions, for `this.predicate()` without arguments. */
const ownConditions = new WeakMap<FnCtx, string[]>();

/**
 * When a body calls `this.predicate()` with no argument, evaluates its conditions (the `if`
 * conditions split at &&, || and !, distinct by text, in order: the ALU's comparison units)
 * on entry, before any update, as the ALU compares the cell it read.
 */
export function saluEntryConditions(cx: FnCtx, body: readonly Ir.Stmt[]): void {
  if (!body.some(callsBarePredicate)) return;
  const seen = new Map<string, Ir.Expr>();
  const split = (e: Ir.Expr): void => {
    if (e.kind === 'Binary' && (e.op === '&&' || e.op === '||')) {
      split(e.left);
      split(e.right);
    } else if (e.kind === 'Unary' && e.op === '!') split(e.operand);
    else if (e.kind !== 'Const' && !seen.has(exprText(e))) seen.set(exprText(e), e);
  };
  const walk = (stmts: readonly Ir.Stmt[]): void => {
    for (const st of stmts) {
      if (st.kind === 'If') {
        split(st.condition);
        walk(st.thenBody);
        walk(st.elseBody);
      } else if (st.kind === 'Block') walk(st.body);
    }
  };
  walk(body);
  const names = [...seen.values()].slice(0, 4).map((e, i) => {
    const name = `$c${i}`;
    const js = expr(cx, e);
    cx.flush();
    cx.w.line(`const ${name} = ${js};`);
    return name;
  });
  ownConditions.set(cx, names);
}

/** Whether a statement calls `this.predicate()` with no argument (a walk over its IR). */
function callsBarePredicate(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return false;
  const n = node as {
    kind?: string;
    callee?: { kind?: string; method?: string; object?: { kind?: string } };
    args?: unknown[];
  };
  if (
    n.kind === 'Call' &&
    n.callee?.kind === 'Method' &&
    n.callee.method === 'predicate' &&
    n.callee.object?.kind === 'This' &&
    (n.args ?? []).every((a) => a === undefined)
  )
    return true;
  return Object.values(node).some((v) => callsBarePredicate(v));
}
