// Calls: extern methods (packet_out; packet_in is emit-packet-in.ts; Register, RegisterAction, Counter, Meter, their direct
// forms on the matched entry, Hash, Checksum, Random, Mirror, Resubmit, Digest), extern functions (min, max, verify), actions,
// table and control applies, and header builtins (isValid, setValid, setInvalid). Each
// returns the JS expression of the call's value, or writes statements and returns undefined.

import { type Type, widthOf } from '../check/types.js';
import type * as Ir from '../ir/nodes.js';
import type { ExternBinding } from './context.js';
import { inlineChecksumUpdate } from './emit-checksum.js';
import { packetOut } from './emit-deparser.js';
import { convert, expr, exprAs, type FnCtx, flattenFields, indexJs, tableOf, widthOfScalar } from './emit-expr.js';
import { packetIn } from './emit-packet-in.js';
import { portMetadataUnpack } from './emit-port-metadata.js';
import { storeLine } from './emit-stmt.js';
import { layoutOf, repOf, totalWidth, typeIdent, writeField, zeroOf } from './emit-types.js';
import { v1modelFunctionCall, v1modelMethodCall } from './emit-v1model.js';

export function externCall(cx: FnCtx, call: Ir.Call, asStatement: boolean): string | undefined {
  const c = call.callee;
  switch (c.kind) {
    case 'Builtin':
      return builtin(cx, call, c);
    case 'Action':
      return actionCall(cx, call, c.name);
    case 'Function':
      return functionCall(cx, call, c.name);
    case 'Apply':
      return applyCall(cx, call, c);
    case 'Method':
      return methodCall(cx, call, c, asStatement);
  }
}

function arg(cx: FnCtx, call: Ir.Call, i: number): string | undefined {
  const a = call.args[i];
  return a === undefined ? undefined : expr(cx, a);
}

function exitCheck(cx: FnCtx): void {
  if (cx.gen.exitFlag !== undefined && cx.kind !== 'parser' && cx.kind !== 'regapply')
    cx.w.line(`if (${cx.gen.exitFlag}) return;`);
}

function builtin(cx: FnCtx, call: Ir.Call, c: Ir.Callee & { kind: 'Builtin' }): string | undefined {
  const t = c.object.type;
  const obj = expr(cx, c.object);
  switch (c.name) {
    case 'isValid':
      if (t.kind === 'headerUnion') return `(${t.fields.map((f) => `${obj}.${f.name}.$valid`).join(' || ')})`;
      return `${obj}.$valid`;
    case 'setValid':
    case 'setInvalid':
      cx.flush();
      if (c.name === 'setValid' && cx.gen.arch === 'v1model' && t.kind === 'header') {
        // bmv2's add_header: a header that was invalid becomes valid with every field 0.
        const zero = t.fields
          .map((f) =>
            f.type.kind === 'varbit'
              ? `${obj}.${f.name} = 0n; ${obj}.${f.name}$w = 0;`
              : `${obj}.${f.name} = ${zeroOf(f.type)};`,
          )
          .join(' ');
        cx.w.line(`if (!${obj}.$valid) { ${zero} }`);
      }
      // A header union holds at most one valid member: making one valid invalidates the others.
      if (c.name === 'setValid' && c.object.kind === 'Member' && c.object.object.type.kind === 'headerUnion') {
        const u = expr(cx, c.object.object);
        for (const f of c.object.object.type.fields)
          if (f.name !== c.object.member) cx.w.line(`${u}.${f.name}.$valid = false;`);
      }
      cx.w.line(`${obj}.$valid = ${c.name === 'setValid'};`);
      return undefined;
    case 'push_front':
    case 'pop_front': {
      if (t.kind !== 'headerStack' || (t.element.kind !== 'header' && t.element.kind !== 'headerUnion')) break;
      const nArg = call.args[0];
      const n = nArg?.kind === 'Const' && typeof nArg.value === 'bigint' ? Number(nArg.value) : undefined;
      if (n === undefined) break;
      cx.gen.types.add(t.element);
      const copy = `copy_${typeIdent(t.element)}`;
      const reset = `reset_${typeIdent(t.element)}`;
      cx.flush();
      const w = cx.w;
      // Elements move by n; the ones shifted in are invalid; `next` moves with them (P4 §8.18).
      if (c.name === 'push_front') {
        for (let i = t.size - 1; i >= 0; i--)
          w.line(i - n >= 0 ? `${copy}(${obj}.e[${i}], ${obj}.e[${i - n}]);` : `${reset}(${obj}.e[${i}]);`);
        w.line(`${obj}.next = Math.min(${obj}.next + ${n}, ${t.size});`);
      } else {
        for (let i = 0; i < t.size; i++)
          w.line(i + n < t.size ? `${copy}(${obj}.e[${i}], ${obj}.e[${i + n}]);` : `${reset}(${obj}.e[${i}]);`);
        w.line(`${obj}.next = Math.max(${obj}.next - ${n}, 0);`);
      }
      return undefined;
    }
    default:
      break;
  }
  cx.gen.unsupported(call.span, `the header operation ${c.name}`);
  return undefined;
}

function actionCall(cx: FnCtx, call: Ir.Call, name: string): string | undefined {
  const b = cx.scope.get(name);
  if (b?.kind !== 'action') {
    cx.gen.unsupported(call.span, `the call of action ${name}`);
    return undefined;
  }
  const { args, outs, copyBack } = callArgs(cx, call);
  cx.flush();
  if (outs.length === 0) cx.w.line(`${b.js}(${args.join(', ')});`);
  else {
    const r = cx.gen.temp('r');
    cx.w.line(`const ${r} = ${b.js}(${args.join(', ')});`);
    for (const [i, lv] of outs.entries()) cx.w.line(storeLine(cx, lv, `${r}[${i + 1}]`));
  }
  for (const l of copyBack) cx.w.line(l);
  exitCheck(cx);
  return undefined;
}

/**
 * Arguments of an action or function call: out scalars pass their type's zero, inout ones
 * their value; `outs` are the l-values to copy the returned `[value, ...outs]` into. In
 * v1model a header or struct argument is copied in to a scratch object of the call site (and,
 * when out or inout, copied back after the call: `copyBack`), so that a callee writing the
 * caller's variable directly neither changes its own copy nor survives the copy-out (P4 §6.7).
 */
function callArgs(cx: FnCtx, call: Ir.Call): { args: string[]; outs: Ir.Expr[]; copyBack: string[] } {
  const outs: Ir.Expr[] = [];
  const copyBack: string[] = [];
  const args = call.args.map((a, i) => {
    const p = call.params[i];
    if (a === undefined) return 'undefined';
    if (p !== undefined && (p.direction === 'out' || p.direction === 'inout') && repOf(p.type) !== 'obj') {
      if (a.kind === 'DontCare') return zeroOf(p.type);
      outs.push(a);
      return p.direction === 'out' ? zeroOf(p.type) : expr(cx, a);
    }
    const t = p?.type;
    if (
      cx.gen.arch === 'v1model' &&
      p !== undefined &&
      (p.direction === 'in' || p.direction === 'out' || p.direction === 'inout') &&
      t !== undefined &&
      (t.kind === 'header' || t.kind === 'struct' || t.kind === 'headerUnion') &&
      a.kind !== 'DontCare' &&
      (a.kind === 'Ref' || a.kind === 'Member' || a.kind === 'Index')
    ) {
      cx.gen.types.add(t);
      const scratch = cx.gen.ident(`copy_in_${typeIdent(t)}`);
      cx.gen.moduleHelpers.set(scratch, (w) => w.line(`const ${scratch} = new ${typeIdent(t)}();`));
      const place = expr(cx, a);
      cx.hoist(
        p.direction === 'inout' ? `copy_${typeIdent(t)}(${scratch}, ${place});` : `reset_${typeIdent(t)}(${scratch});`,
      );
      if (p.direction !== 'in') copyBack.push(`copy_${typeIdent(t)}(${place}, ${scratch});`);
      return scratch;
    }
    return p === undefined ? expr(cx, a) : exprAs(cx, a, p.type);
  });
  return { args, outs, copyBack };
}

function functionCall(cx: FnCtx, call: Ir.Call, name: string): string | undefined {
  if (name === 'min' || name === 'max') {
    const a = arg(cx, call, 0) ?? '0';
    const b = arg(cx, call, 1) ?? '0';
    if (repOf(call.type) === 'big') return `(${a} ${name === 'min' ? '<' : '>'} ${b} ? ${a} : ${b})`;
    return `Math.${name}(${a}, ${b})`;
  }
  if (name === 'verify') {
    if (cx.kind !== 'parser') {
      cx.gen.unsupported(call.span, 'verify outside a parser');
      return undefined;
    }
    const cond = arg(cx, call, 0) ?? 'true';
    const err = arg(cx, call, 1) ?? '0';
    cx.flush();
    cx.w.line(`if (!${cond}) return ${err};`);
    return undefined;
  }
  if (name === 'static_assert') return 'true';
  if (name === 'port_metadata_unpack') {
    // A scalar T is read as a value; as a statement the port metadata is only skipped.
    return portMetadataUnpack(cx, call, undefined);
  }
  if (cx.gen.arch === 'v1model') {
    const v1 = v1modelFunctionCall(cx, call, name);
    if (v1 !== false) return v1;
  }
  const b = cx.scope.get(name);
  if (b?.kind === 'function') {
    const { args, outs, copyBack } = callArgs(cx, call);
    if (outs.length === 0 && copyBack.length === 0) return `${b.js}(${args.join(', ')})`;
    const r = cx.gen.temp('r');
    cx.hoist(`const ${r} = ${b.js}(${args.join(', ')});`);
    for (const [i, lv] of outs.entries()) cx.hoist(storeLine(cx, lv, `${r}[${i + 1}]`));
    for (const l of copyBack) cx.hoist(l);
    return outs.length === 0 ? r : `${r}[0]`;
  }
  cx.gen.unsupported(call.span, `the function ${name}`);
  return undefined;
}

function applyCall(cx: FnCtx, call: Ir.Call, c: Ir.Callee & { kind: 'Apply' }): string | undefined {
  if (c.target === 'table') {
    const t = tableOf(cx, c.object);
    if (t === undefined) {
      cx.gen.unsupported(call.span, 'this table apply');
      return undefined;
    }
    cx.flush();
    cx.w.line(`${t.apply}();`);
    exitCheck(cx);
    return undefined;
  }
  const b = c.object.kind === 'Ref' ? cx.scope.get(c.object.name) : undefined;
  if (c.target !== 'control' || b?.kind !== 'extern' || b.control === undefined) {
    cx.gen.unsupported(call.span, `applying a ${c.target} instance here`);
    return undefined;
  }
  const ctl = b.control;
  const w = cx.w;
  // Copy-in, call, copy-out (headers and structs are passed by reference).
  const outs: [string, string][] = [];
  ctl.decl.params.forEach((p, i) => {
    const a = call.args[i];
    if (a === undefined) return;
    const slot = `${ctl.params}.${p.name}`;
    if (p.direction !== 'out' || repOf(p.type) === 'obj') {
      const v = expr(cx, a);
      cx.flush();
      w.line(`${slot} = ${v};`);
    }
    if ((p.direction === 'out' || p.direction === 'inout') && repOf(p.type) !== 'obj') outs.push([expr(cx, a), slot]);
  });
  cx.flush();
  w.line(`${ctl.apply}();`);
  for (const [dst, slot] of outs) w.line(`${dst} = ${slot};`);
  exitCheck(cx);
  return undefined;
}

function externOf(cx: FnCtx, e: Ir.Expr): ExternBinding | undefined {
  if (e.kind !== 'Ref') return undefined;
  const b = cx.scope.get(e.name);
  return b?.kind === 'extern' ? b : undefined;
}

/** The P4 spelling of an l-value, for traces (`hdr.ethernet`). */
export function p4Path(e: Ir.Expr): string {
  switch (e.kind) {
    case 'Ref':
      return e.name;
    case 'Member':
      return `${p4Path(e.object)}.${e.member}`;
    case 'Index':
      return `${p4Path(e.object)}[${e.index.kind === 'Const' ? String(e.index.value) : '?'}]`;
    default:
      return '?';
  }
}

function methodCall(
  cx: FnCtx,
  call: Ir.Call,
  c: Ir.Callee & { kind: 'Method' },
  asStatement: boolean,
): string | undefined {
  const obj = c.object;
  if (obj.kind === 'Ref') {
    const pb = cx.scope.get(obj.name);
    if (pb?.kind === 'packet')
      return pb.dir === 'in' ? packetIn(cx, call, c.method, pb.js) : packetOut(cx, call, c.method, pb.js);
  }
  const b = externOf(cx, obj);
  if (b === undefined) {
    cx.gen.unsupported(call.span, `the method ${c.externName}.${c.method}`);
    return undefined;
  }
  const x = b.js;
  const key = `${c.externName}.${c.method}`;
  switch (key) {
    case 'Register.read':
      return `${x}.read(${idx(cx, call, 0)})`;
    case 'Register.write':
      cx.flush();
      cx.w.line(`${x}.write(${idx(cx, call, 0)}, ${arg(cx, call, 1)});`);
      return undefined;
    case 'RegisterAction.execute':
      return `${x}.execute(${idx(cx, call, 0)})`;
    case 'DirectRegisterAction.execute':
      return `${x}.execute(${directHandle(cx, call, b.extra?.register as ExternBinding | undefined)})`;
    case 'DirectRegister.read':
      return `${x}.read(${directHandle(cx, call, b)})`;
    case 'DirectRegister.write':
      cx.flush();
      cx.w.line(`${x}.write(${directHandle(cx, call, b)}, ${arg(cx, call, 0)});`);
      return undefined;
    case 'Counter.count': {
      const adj = arg(cx, call, 1);
      if (trueEgress(cx, b)) return deferCount(x, idx(cx, call, 0), adj);
      return `${x}.count(${idx(cx, call, 0)}, cur.length${adj === undefined ? '' : `, ${adj}`})`;
    }
    case 'DirectCounter.count': {
      const adj = arg(cx, call, 0);
      if (trueEgress(cx, b)) return deferCount(x, directHandle(cx, call, b), adj);
      return `${x}.count(${directHandle(cx, call, b)}, cur.length${adj === undefined ? '' : `, ${adj}`})`;
    }
    case 'Meter.execute':
      return colored(b, `${x}.execute(${idx(cx, call, 0)}, cur.length${meterArgs(cx, call)})`);
    case 'DirectMeter.execute':
      return colored(b, `${x}.execute(${directHandle(cx, call, b)}, cur.length${meterArgs(cx, call)})`);
    case 'Hash.get':
      return hashGet(cx, symmetricList(call, b?.inst), x);
    case 'DirectLpf.execute':
    case 'DirectWred.execute':
      return `${x}.execute(${arg(cx, call, 0) ?? '0'}, ${directHandle(cx, call, b)}, cur.nowNs)`;
    case 'RegisterParam.read':
      return `${x}.value`;
    case 'Lpf.execute':
    case 'Wred.execute':
      // The filter's time is the pass clock; T wider than 32 bits comes back as a bigint.
      return `${x}.execute(${arg(cx, call, 0) ?? '0'}, ${idx(cx, call, 1)}, cur.nowNs)`;
    case 'ParserCounter.set': {
      let v = arg(cx, call, 0) ?? '0';
      if (call.args.length < 5) return `${x}.set(${v})`;
      let width = widthOfScalar(call.args[0]?.type ?? call.type);
      // Tofino loads the counter from the packet byte that holds a narrow header field, so
      // `rotate` counts within that byte (docs/tna-externs.md, "ParserCounter").
      const inByte = call.args[0] === undefined ? undefined : shiftInByte(call.args[0]);
      if (inByte !== undefined && inByte > 0) {
        v = `(${v} << ${inByte})`;
        width = 8;
      } else if (inByte === 0) width = 8;
      const [max, rotate, mask, add] = [1, 2, 3, 4].map((i) => arg(cx, call, i) ?? '0');
      cx.flush();
      cx.w.line(
        `if (!${x}.load(${v}, ${width}, ${max}, ${rotate}, ${mask}, ${add})) return ${cx.gen.errorIndex('CounterRange')};`,
      );
      return undefined;
    }
    case 'ParserCounter.increment':
      return `${x}.increment(${arg(cx, call, 0) ?? '0'})`;
    case 'ParserCounter.decrement':
      return `${x}.decrement(${arg(cx, call, 0) ?? '0'})`;
    case 'ParserCounter.is_zero':
      return `${x}.isZero()`;
    case 'ParserCounter.is_negative':
      return `${x}.isNegative()`;
    case 'ParserPriority.set':
      return '';
    case 'Random.get':
      return repOf(call.type) === 'big' ? `${x}.getBig()` : `${x}.get()`;
    case 'Checksum.add':
    case 'Checksum.subtract':
      cx.flush();
      cx.w.line(`${fieldChain(cx, call.args[0], x, 'field')}.${c.method}();`);
      return undefined;
    case 'Checksum.update': {
      const zeros = arg(cx, call, 1);
      return (
        inlineChecksumUpdate(cx, call.args[0], zeros) ??
        `${fieldChain(cx, call.args[0], x, 'field')}.update(${zeros ?? ''})`
      );
    }
    case 'Checksum.verify':
      return `${x}.verify()`;
    case 'Checksum.get':
      return `${x}.get()`;
    case 'Checksum.subtract_all_and_deposit': {
      // The residual goes to the out argument (docs/tna-semantics.md, "Checksum").
      const target = call.args[0];
      if (target === undefined) return undefined;
      cx.flush();
      cx.w.line(storeLine(cx, target, `${x}.residual()`));
      return undefined;
    }
    case 'Mirror.emit':
      mirrorEmit(cx, call, x);
      return undefined;
    case 'Resubmit.emit':
      resubmitEmit(cx, call, x);
      return undefined;
    case 'Digest.pack':
      digestPack(cx, call, x);
      return undefined;
    default: {
      void asStatement;
      if (cx.gen.arch === 'v1model') {
        const v1 = v1modelMethodCall(cx, call, key, b);
        if (v1 !== false) return v1;
      }
      cx.gen.unsupported(call.span, `the extern method ${key}`);
      return undefined;
    }
  }
}

/** The matched entry's handle variable of the table a direct extern is attached to. */
/** A meter with its own colour values maps Tofino's colour through them. */
function colored(b: ExternBinding, js: string): string {
  const colors = b.extra?.colors;
  return typeof colors === 'string' ? `${colors}[${js}]` : js;
}

/**
 * A Tofino 2 counter built with true_egress_accounting (Counter's third constructor argument,
 * DirectCounter's second), counting in egress: its bytes are those the egress deparser sends.
 */
function trueEgress(cx: FnCtx, b: ExternBinding | undefined): boolean {
  if (b === undefined || cx.gen.gress !== 'egress') return false;
  const a = b.inst.ctorArgs[b.inst.typeName === 'Counter' ? 2 : 1];
  return a?.kind === 'Const' && a.value === true;
}

/** Counted (packet and bytes) once the egress deparser is done (runtime/arch/tna.ts). */
function deferCount(x: string, index: string, adjust: string | undefined): string {
  return `cur.deferred.push({ counter: ${x}, index: ${index}, adjust: ${adjust ?? '0'} })`;
}

function directHandle(cx: FnCtx, call: Ir.Call, b: ExternBinding | undefined): string {
  const handle = b?.extra?.handle;
  if (typeof handle === 'string') return handle;
  cx.gen.unsupported(call.span, `a ${b?.inst.typeName ?? 'direct extern'} not attached to a table`);
  return '0';
}

/**
 * `, color, adjust` for a meter's runtime execute: the overloads are told apart by parameter
 * name (`execute(index, adjust)` has no color), a missing color is -1 (color-blind).
 */
function meterArgs(cx: FnCtx, call: Ir.Call): string {
  const at = (name: string) => {
    const i = call.params.findIndex((p) => p.name === name);
    return i < 0 ? undefined : arg(cx, call, i);
  };
  const color = at('color');
  const adj = at('adjust_byte_count');
  return adj === undefined ? (color === undefined ? '' : `, ${color}`) : `, ${color ?? '-1'}, ${adj}`;
}

function idx(cx: FnCtx, call: Ir.Call, i: number): string {
  const a = call.args[i];
  return a === undefined ? '0' : indexJs(cx, a);
}

/** `x.field(v, w).field(…)` (Checksum) or `x.add(v, w)…` (Hash) over a flattened field list. */
function fieldChain(cx: FnCtx, list: Ir.Expr | undefined, x: string, method: 'field' | 'add'): string {
  return list === undefined ? x : chainOf(flattenFields(cx, list), x, method);
}

function chainOf(
  fields: readonly { js: string; type: Type; width: number }[],
  x: string,
  method: 'field' | 'add',
): string {
  let js = x;
  for (const f of fields) {
    const r = repOf(f.type);
    const big = method === 'field' ? 'fieldBig' : 'addBig';
    if (r === 'big') js += `.${big}(${signedFix(f.js, f.type, f.width)}, ${f.width})`;
    else js += `.${method}(${r === 'bool' ? `(${f.js} ? 1 : 0)` : signedFix(f.js, f.type, f.width)}, ${f.width})`;
  }
  return js;
}

function signedFix(js: string, t: Type, w: number): string {
  if (t.kind !== 'int') return js;
  return w > 32 ? `BigInt.asUintN(${w}, ${js})` : w >= 32 ? `(${js} >>> 0)` : `(${js} & ${2 ** w - 1})`;
}

/**
 * Hash.get: a list of whole-byte fields is streamed (`feed`, no packing for CRC hashes);
 * any other list is packed with `add`.
 */
/**
 * `@symmetric("a", "b")` on a Hash: the hash must not change when a and b swap values. Tofino
 * gives both fields the same hash-matrix columns, so the result is that of the list with
 * a ^ b in the place of the one that comes later in the list and zero in the other's (a CRC
 * is linear in its input; bf-p4c's symmetric_hash pins the place), which we compute
 * (docs/tna-semantics.md, "Hash").
 */
function symmetricList(call: Ir.Call, inst: Ir.Instance | undefined): Ir.Call {
  const pairs = (inst?.annotations ?? []).filter((a) => a.name === 'symmetric').map((a) => quotedNames(a.body));
  const list = call.args[0];
  if (pairs.length === 0 || list?.kind !== 'List') return call;
  const elements = [...list.elements];
  for (const pair of pairs) {
    if (pair.length !== 2) continue;
    const i = elements.findIndex((e) => pathText(e) === pair[0]);
    const j = elements.findIndex((e) => pathText(e) === pair[1]);
    const a = elements[i];
    const b = elements[j];
    if (a === undefined || b === undefined || i === j || widthOf(a.type) !== widthOf(b.type)) continue;
    const [first, later] = i < j ? [i, j] : [j, i];
    const x = elements[later] as Ir.Expr;
    elements[later] = { kind: 'Binary', op: '^', left: a, right: b, type: x.type, span: x.span };
    elements[first] = { kind: 'Const', value: 0n, type: (elements[first] as Ir.Expr).type, span: x.span };
  }
  return { ...call, args: [{ ...list, elements }, ...call.args.slice(1)] };
}

/** The strings of an annotation body: `"hdr.a", "hdr.b"` → [hdr.a, hdr.b]. */
function quotedNames(body: string): string[] {
  return [...body.matchAll(/"([^"]*)"/g)].map((m) => (m[1] as string).replace(/\s+/g, ''));
}

/** `hdr.ipv4.src_addr` for a field reference, undefined for anything else. */
function pathText(e: Ir.Expr): string | undefined {
  if (e.kind === 'Ref') return e.name;
  if (e.kind === 'Member') {
    const o = pathText(e.object);
    return o === undefined ? undefined : `${o}.${e.member}`;
  }
  return undefined;
}

function hashGet(cx: FnCtx, call: Ir.Call, x: string): string {
  return hashOfList(cx, call.args[0], call.type, x);
}

/** The value of Hash `x` over a field list, of type `result` (also an ActionSelector's hash). */
export function hashOfList(cx: FnCtx, list: Ir.Expr | undefined, result: Type, x: string): string {
  const fields = list === undefined ? [] : flattenFields(cx, list);
  if (fields.length > 0 && fields.every((f) => f.width > 0 && f.width % 8 === 0 && repOf(f.type) !== 'bool')) {
    let chain = x;
    for (const f of fields) {
      const js = signedFix(f.js, f.type, f.width);
      chain += repOf(f.type) === 'big' ? `.feedBig(${js}, ${f.width})` : `.feed(${js}, ${f.width})`;
    }
    return repOf(result) === 'big' ? `${chain}.getFedBig()` : `${chain}.getFed()`;
  }
  const chain = chainOf(fields, x, 'add');
  return repOf(result) === 'big' ? `${chain}.getBig()` : `${chain}.get()`;
}

/** The leaves of a header value given as a list, a struct expression or a header reference. */
function headerLeaves(cx: FnCtx, value: Ir.Expr, t: Type): { js: string; type: Type; width: number }[] | undefined {
  if (t.kind !== 'header' && t.kind !== 'struct') return undefined;
  const layout = layoutOf(t);
  if (layout === undefined) return undefined;
  let v = value;
  while (v.kind === 'Cast') v = v.operand;
  if (v.kind === 'StructInit') {
    return layout.map((f) => {
      const fv = v.kind === 'StructInit' ? v.fields.find((x) => x.name === f.name)?.value : undefined;
      return { js: fv === undefined ? '0' : convert(expr(cx, fv), fv.type, f.type), type: f.type, width: f.width };
    });
  }
  if (v.kind === 'List') {
    return layout.map((f, i) => {
      const fv = v.kind === 'List' ? v.elements[i] : undefined;
      return { js: fv === undefined ? '0' : convert(expr(cx, fv), fv.type, f.type), type: f.type, width: f.width };
    });
  }
  const base = expr(cx, v);
  return layout.map((f) => ({ js: `${base}.${f.name}`, type: f.type, width: f.width }));
}

function writeLeaves(cx: FnCtx, buf: string, o: string, leaves: { js: string; type: Type; width: number }[]): void {
  let off = 0;
  for (const l of leaves) {
    cx.w.line(writeField(l.type, l.width, buf, off === 0 ? o : `${o} + ${off}`, l.js));
    off += l.width;
  }
}

/** The header type T of `emit<T>(…, hdr)`: the type argument, else the argument's type. */
function emittedType(call: Ir.Call, argIndex: number): Type | undefined {
  const a = call.args[argIndex];
  const t = call.typeArgs[0] ?? a?.type;
  return t;
}

function mirrorEmit(cx: FnCtx, call: Ir.Call, x: string): void {
  const session = arg(cx, call, 0) ?? '0';
  const w = cx.w;
  if (call.args.length < 2 || call.args[1] === undefined) {
    cx.flush();
    w.line(`${x}.emit(${session});`);
    return;
  }
  const t = emittedType(call, 1);
  const leaves = t === undefined ? undefined : headerLeaves(cx, call.args[1] as Ir.Expr, t);
  if (leaves === undefined) {
    cx.gen.unsupported(call.span, 'this Mirror.emit header');
    return;
  }
  const o = cx.gen.temp('o');
  cx.flush();
  w.line(`const ${o} = ${x}.emitHeader(${session}, ${totalWidth(leaves)});`);
  w.block(`if (${o} >= 0)`, () => {
    const b = cx.gen.temp('b');
    w.line(`const ${b} = ${x}.headerBuf;`);
    writeLeaves(cx, b, o, leaves);
  });
}

/**
 * For a header field narrower than a byte that lies within one byte: how far its lowest bit
 * is from the byte's lowest bit. undefined for anything else.
 */
function shiftInByte(e: Ir.Expr): number | undefined {
  if (e.kind !== 'Member' || e.object.type.kind !== 'header') return undefined;
  let offset = 0;
  for (const f of e.object.type.fields) {
    const w = widthOf(f.type);
    if (w === undefined) return undefined;
    if (f.name === e.member) {
      const inByte = offset % 8;
      return w >= 8 || inByte + w > 8 ? undefined : 8 - inByte - w;
    }
    offset += w;
  }
  return undefined;
}

function resubmitEmit(cx: FnCtx, call: Ir.Call, x: string): void {
  const w = cx.w;
  const a = call.args[0];
  if (a === undefined) {
    cx.flush();
    w.line(`${x}.emit();`);
    return;
  }
  const t = emittedType(call, 0);
  const leaves = t === undefined ? undefined : headerLeaves(cx, a, t);
  if (leaves === undefined) {
    cx.gen.unsupported(call.span, 'this Resubmit.emit header');
    return;
  }
  const o = cx.gen.temp('o');
  cx.flush();
  w.line(`const ${o} = ${x}.emitHeader(${totalWidth(leaves)});`);
  w.block(`if (${o} >= 0)`, () => {
    const b = cx.gen.temp('b');
    w.line(`const ${b} = ${x}.headerBuf;`);
    writeLeaves(cx, b, o, leaves);
  });
}

function digestPack(cx: FnCtx, call: Ir.Call, x: string): void {
  const a = call.args[0];
  if (a === undefined) return;
  const t = a.type;
  const leaves = headerLeaves(cx, a, t) ?? flattenFields(cx, a);
  const f = cx.gen.temp('f');
  cx.flush();
  cx.w.line(`const ${f} = ${x}.fields;`);
  leaves.forEach((l, i) => {
    const v = repOf(l.type) === 'bool' ? `(${l.js} ? 1 : 0)` : signedFix(l.js, l.type, l.width);
    cx.w.line(`${f}[${i}] = ${v};`);
  });
  cx.w.line(`${x}.pack();`);
}
