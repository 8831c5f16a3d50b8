// Calls: the dispatch of every call kind, and extern methods (Register, RegisterAction,
// Counter, Meter, their direct forms on the matched entry, Hash, Checksum, Random, ParserCounter),
// table and control applies. packet_in/packet_out, actions and functions, field lists and the
// deparser's Mirror/Resubmit/Digest have modules of their own. Each returns the JS expression
// of the call's value, or writes statements and returns undefined.

import { widthOf } from '../check/types.js';
import type * as Ir from '../ir/nodes.js';
import { SALU_RUN_METHODS, saluFamily } from '../targets/tofino/salu-externs.js';
import type { ExternBinding } from './context.js';
import { actionCall, functionCall } from './emit-calls.js';
import { inlineChecksumUpdate } from './emit-checksum.js';
import { packetOut } from './emit-deparser.js';
import { digestPack, mirrorEmit, pktgenEmit, resubmitEmit } from './emit-deparser-externs.js';
import { expr, type FnCtx, indexJs, tableOf, widthOfScalar } from './emit-expr.js';
import { fieldChain, hashGet, recordHashFields, symmetricList } from './emit-field-lists.js';
import { packetIn } from './emit-packet-in.js';
import { psaMethodCall } from './emit-psa.js';
import { residualMark } from './emit-residual.js';
import { registerClear, saluBodyCall, saluRun } from './emit-salu-calls.js';
import { repOf, typeIdent, zeroOf } from './emit-types.js';
import { v1modelMethodCall } from './emit-v1model.js';

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

export function arg(cx: FnCtx, call: Ir.Call, i: number): string | undefined {
  const a = call.args[i];
  return a === undefined ? undefined : expr(cx, a);
}

export function exitCheck(cx: FnCtx): void {
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
      if (c.name === 'setValid' && (cx.gen.arch === 'v1model' || cx.gen.arch === 'psa') && t.kind === 'header') {
        // bmv2's add_header: a header that was invalid becomes valid with every field 0.
        const zero = t.fields
          .map((f) =>
            f.type.kind === 'varbit'
              ? `${obj}.${f.name} = 0n; ${obj}.${f.name}$w = 0;`
              : f.type.kind === 'struct'
                ? `reset_${typeIdent(f.type)}(${obj}.${f.name});` // a struct inside the header: every leaf 0
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
  // The mid end inlines every parser and control instance; one left here could not be.
  cx.gen.unsupported(call.span, `applying a ${c.target} instance here`);
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
  if (obj.kind === 'This') return saluBodyCall(cx, call, c.method);
  const b = externOf(cx, obj);
  if (b === undefined) {
    cx.gen.unsupported(call.span, `the method ${c.externName}.${c.method}`);
    return undefined;
  }
  const x = b.js;
  const family = saluFamily(c.externName);
  if (family !== undefined && SALU_RUN_METHODS.has(c.method)) {
    const direct =
      family === 'DirectRegisterAction'
        ? directHandle(cx, call, b.extra?.register as ExternBinding | undefined)
        : undefined;
    return saluRun(cx, call, c.method, b, family, direct);
  }
  // An action's `ra.address()`: the address the register action's last run used.
  if (family !== undefined && family !== 'DirectRegisterAction' && c.method === 'address') return `${x}.lastAddress`;
  const key = `${c.externName}.${c.method}`;
  if (cx.gen.arch === 'psa') {
    const psa = psaMethodCall(cx, call, key, b);
    if (psa !== false) return psa;
  }
  switch (key) {
    case 'Register.clear':
    case 'DirectRegister.clear':
      registerClear(cx, call, b);
      return undefined;
    case 'Register.read':
      return `${x}.read(${idx(cx, call, 0)})`;
    case 'Register.write':
      cx.flush();
      cx.w.line(`${x}.write(${idx(cx, call, 0)}, ${arg(cx, call, 1)});`);
      return undefined;
    case 'SelectorAction.execute':
      // The index names the member whose liveness bit the action reads and writes.
      if (call.args[0] === undefined) {
        cx.gen.unsupported(call.span, 'SelectorAction.execute without an index');
        return '0';
      }
      return `${x}.execute(${idx(cx, call, 0)})`;
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
      recordHashFields(cx.gen, b?.p4Name, call.args[0]);
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
    case 'ParserCounter.push': {
      // Tofino 2: push(value[, update_with_top]) or push(field, max, rotate, mask, add[, …]).
      const load = call.args.length >= 5 && call.args[1] !== undefined;
      const follow = arg(cx, call, load ? 5 : 1) ?? 'false';
      let pushed: string;
      if (!load) pushed = `${x}.push(${arg(cx, call, 0) ?? '0'}, ${follow})`;
      else {
        const width = widthOfScalar(call.args[0]?.type ?? call.type);
        const [max, rotate, mask, add] = [1, 2, 3, 4].map((i) => arg(cx, call, i) ?? '0');
        pushed = `${x}.pushLoad(${arg(cx, call, 0) ?? '0'}, ${width}, ${max}, ${rotate}, ${mask}, ${add}, ${follow})`;
      }
      cx.flush();
      cx.w.line(`if (!${pushed}) return ${cx.gen.errorIndex('CounterRange')};`);
      return undefined;
    }
    case 'ParserCounter.pop':
      cx.flush();
      cx.w.line(`${x}.pop();`);
      return undefined;
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
    case 'MathUnit.execute':
      return `${x}.execute(${arg(cx, call, 0) ?? '0'})`;
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
    case 'Checksum.subtract_all_and_deposit':
      if (residualMark(cx, call, x)) return undefined;
      cx.gen.unsupported(call.span, 'subtract_all_and_deposit outside a parser');
      return undefined;
    case 'Mirror.emit':
      mirrorEmit(cx, call, x);
      return undefined;
    case 'Resubmit.emit':
      resubmitEmit(cx, call, x);
      return undefined;
    case 'Pktgen.emit':
      pktgenEmit(cx, call, x);
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

/** The matched entry's handle variable of the table a direct extern is attached to. */
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
