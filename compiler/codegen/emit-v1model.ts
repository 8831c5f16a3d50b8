// v1model's externs in generated code (bmv2 simple_switch semantics, docs/v1model.md): the
// extern functions (mark_to_drop, clone*, resubmit*, recirculate*, hash, random, digest,
// verify/update_checksum and their _with_payload forms, truncate, log_msg, assert, assume)
// and the extern objects (register, counter, direct_counter, meter, direct_meter). Calls
// with an `out` argument become assignments; requests that act after a block (clone,
// resubmit, recirculate, truncate) go to `services.v1`, which the engine reads.

import { V1_HASH_ALGORITHMS } from '../../contract/hash-settings.js';
import type { Type } from '../check/types.js';
import type * as Ir from '../ir/nodes.js';
import type { ExternBinding, Gen, Scope } from './context.js';
import { constJs, convert, expr, type FnCtx } from './emit-expr.js';
import { declareRegisterFamily, declareScalarRegister } from './emit-register-decl.js';
import { repOf, scalarOf } from './emit-types.js';
import { declareV1modelImplementation } from './emit-v1model-selector.js';
import type { Writer } from './writer.js';

/** v1model's HashAlgorithm members, in declaration order (the enum's values). */
export const HASH_ALGORITHMS: readonly string[] = V1_HASH_ALGORITHMS;

/** Field lists of clone3 / resubmit(data) / recirculate(data) calls are numbered from here. */
const CALL_FIELD_LIST_BASE = 0x10000;

function arg(cx: FnCtx, call: Ir.Call, i: number): string | undefined {
  const a = call.args[i];
  return a === undefined ? undefined : expr(cx, a);
}

/** `lhs = value` where value is a JS number or bigint expression of `from`'s representation. */
function store(cx: FnCtx, target: Ir.Expr | undefined, value: string, from: Type): void {
  if (target === undefined || target.kind === 'DontCare') {
    cx.flush();
    cx.w.line(`${value};`);
    return;
  }
  const lv = expr(cx, target);
  cx.flush();
  cx.w.line(`${lv} = ${convert(value, from, target.type)};`);
}

/** A 64-bit unsigned result (a bigint) converted to the type of `t`. */
function fromBig(js: string, t: Type): string {
  const r = repOf(t);
  const w = scalarOf(t)?.width ?? 64;
  if (r === 'big') return `BigInt.asUintN(${w}, ${js})`;
  if (r === 'bool') return `(${js} !== 0n)`;
  return `Number(BigInt.asUintN(${w}, ${js}))`;
}

export function constMember(e: Ir.Expr | undefined): string | undefined {
  if (e?.kind !== 'Const') return undefined;
  const v = e.value;
  return typeof v === 'object' && v !== null && 'kind' in v && v.kind === 'member' ? v.member : undefined;
}

/**
 * The leaves of a field list as bmv2 packs it: fields of an invalid header are left out
 * (BufBuilder skips them), so every leaf carries the validity test of its header, if any.
 */
function listLeaves(cx: FnCtx, e: Ir.Expr): { js: string; type: Type; width: number; valid?: string }[] {
  if (e.kind === 'Cast' && repOf(e.type) === 'obj') return listLeaves(cx, e.operand);
  if (e.kind === 'List') return e.elements.flatMap((x) => listLeaves(cx, x));
  if (e.kind === 'StructInit') return e.fields.flatMap((f) => listLeaves(cx, f.value));
  if (e.kind === 'Const' && typeof e.value === 'object' && e.value.kind === 'list' && e.type.kind === 'tuple') {
    // A folded constant list: each element has the type of its tuple position.
    const types = e.type.elements;
    return e.value.elements.map((v, i) => {
      const t = types[i] as Type;
      return { js: constJs(cx.gen, v, t), type: t, width: t.kind === 'bool' ? 1 : (scalarOf(t)?.width ?? 32) };
    });
  }
  const t = e.type;
  if (t.kind === 'header' || t.kind === 'struct') {
    const base = expr(cx, e);
    const walk = (
      js: string,
      ty: Type,
      valid?: string,
    ): { js: string; type: Type; width: number; valid?: string }[] => {
      if (ty.kind === 'header') return ty.fields.flatMap((f) => walk(`${js}.${f.name}`, f.type, `${js}.$valid`));
      if (ty.kind === 'struct') return ty.fields.flatMap((f) => walk(`${js}.${f.name}`, f.type, valid));
      if (ty.kind === 'varbit') return [{ js, type: ty, width: -1, ...(valid ? { valid } : {}) }];
      if (repOf(ty) === 'obj') return [];
      return [
        { js, type: ty, width: ty.kind === 'bool' ? 1 : (scalarOf(ty)?.width ?? 32), ...(valid ? { valid } : {}) },
      ];
    };
    return walk(base, t);
  }
  // A varbit's width is the one it was extracted with (`f$w`): marked -1 here.
  const width = t.kind === 'bool' ? 1 : t.kind === 'varbit' ? -1 : (scalarOf(t)?.width ?? 32);
  if (e.kind === 'Member' && e.object.type.kind === 'header') {
    const h = expr(cx, e.object);
    return [{ js: `${h}.${e.member}`, type: t, width, valid: `${h}.$valid` }];
  }
  return [{ js: expr(cx, e), type: t, width }];
}

/** `v1.fields().add(…)…` over a field list: the chain a hash or checksum computes over. */
export function fieldChain(cx: FnCtx, list: Ir.Expr | undefined): string {
  let js = 'v1.fields()';
  for (const l of list === undefined ? [] : listLeaves(cx, list)) {
    const s = scalarOf(l.type);
    let v = repOf(l.type) === 'bool' ? `(${l.js} ? 1 : 0)` : l.js;
    if (s?.signed === true) v = l.width > 32 ? `BigInt.asUintN(${l.width}, ${v})` : `(${v} >>> 0)`;
    const m = repOf(l.type) === 'big' || l.width < 0 ? 'addBig' : 'add';
    const width = l.width < 0 ? `${l.js}$w` : String(l.width);
    js += l.valid === undefined ? `.${m}(${v}, ${width})` : `.${m}If(${l.valid}, ${v}, ${width})`;
  }
  return js;
}

function algorithmOf(cx: FnCtx, call: Ir.Call, e: Ir.Expr | undefined): string {
  const m = constMember(e);
  if (m !== undefined && HASH_ALGORITHMS.includes(m)) return JSON.stringify(m);
  if (e?.kind === 'Const' && typeof e.value === 'bigint') return JSON.stringify(HASH_ALGORITHMS[Number(e.value)] ?? '');
  cx.gen.unsupported(call.span, 'a hash algorithm that is not a constant');
  return '"crc32"';
}

/** Numbers a clone3 / resubmit / recirculate data list as a field list of its own. */
function callFieldList(cx: FnCtx, data: Ir.Expr | undefined): number {
  if (data === undefined) return 0;
  const fields: { js: string; type: Type }[] = [];
  const add = (e: Ir.Expr) => {
    if (e.kind === 'List') for (const x of e.elements) add(x);
    else if (e.kind === 'StructInit') for (const f of e.fields) add(f.value);
    else if (e.kind === 'Cast') add(e.operand);
    else if (e.kind === 'Ref' || e.kind === 'Member') {
      const js = expr(cx, e);
      if (/^(meta|standard_metadata|hdr)\b[\w.$[\]]*$/.test(js)) fields.push({ js, type: e.type });
    }
  };
  add(data);
  if (fields.length === 0) return 0;
  const index = CALL_FIELD_LIST_BASE + cx.gen.fieldLists.size;
  cx.gen.fieldLists.set(index, fields);
  return index;
}

/** The extern functions of v1model; undefined when `name` is not one of them. */
export function v1modelFunctionCall(cx: FnCtx, call: Ir.Call, name: string): string | undefined | false {
  const w = cx.w;
  const line = (s: string) => {
    cx.flush();
    w.line(s);
  };
  switch (name) {
    case 'mark_to_drop':
      // bmv2: egress_spec = the drop port, mcast_grp = 0.
      line('standard_metadata.egress_spec = 511;');
      line('standard_metadata.mcast_grp = 0;');
      return undefined;
    case 'clone':
    case 'clone3':
    case 'clone_preserving_field_list': {
      const type = constMember(call.args[0]) === 'E2E' ? 1 : 0;
      const session = arg(cx, call, 1) ?? '0';
      const fl =
        name === 'clone'
          ? '0'
          : name === 'clone3'
            ? String(callFieldList(cx, call.args[2]))
            : (arg(cx, call, 2) ?? '0');
      line(`v1.clone(${type}, ${session}, ${fl});`);
      return undefined;
    }
    case 'resubmit':
    case 'resubmit_preserving_field_list':
    case 'recirculate':
    case 'recirculate_preserving_field_list': {
      const fl = name.endsWith('_field_list') ? (arg(cx, call, 0) ?? '0') : String(callFieldList(cx, call.args[0]));
      line(`v1.${name.startsWith('resubmit') ? 'resubmit' : 'recirculate'}(${fl});`);
      return undefined;
    }
    case 'truncate':
      line(`v1.truncate(${arg(cx, call, 0) ?? '0'});`);
      return undefined;
    case 'hash': {
      const out = call.args[0];
      const algo = algorithmOf(cx, call, call.args[1]);
      const base = call.args[2];
      const max = call.args[4];
      const bigOf = (e: Ir.Expr | undefined) =>
        e === undefined ? '0n' : repOf(e.type) === 'big' ? expr(cx, e) : `BigInt(${expr(cx, e)})`;
      const h = `v1.hashResult(${fieldChain(cx, call.args[3])}.compute(${algo}), ${bigOf(base)}, ${bigOf(max)})`;
      if (out !== undefined && out.kind !== 'DontCare') {
        const lv = expr(cx, out);
        line(`${lv} = ${fromBig(h, out.type)};`);
      } else line(`${h};`);
      return undefined;
    }
    case 'random': {
      const out = call.args[0];
      if (out === undefined) return undefined;
      const big = repOf(out.type) === 'big';
      const lo = arg(cx, call, 1) ?? '0';
      const hi = arg(cx, call, 2) ?? '0';
      store(cx, out, big ? `v1.randomBig(${lo}, ${hi})` : `v1.random(${lo}, ${hi})`, out.type);
      return undefined;
    }
    case 'digest': {
      const data = call.args[1];
      if (data === undefined) return undefined;
      digest(cx, call, data);
      return undefined;
    }
    case 'verify_checksum':
    case 'verify_checksum_with_payload':
    case 'update_checksum':
    case 'update_checksum_with_payload': {
      const cond = arg(cx, call, 0) ?? 'true';
      const target = call.args[2];
      if (target === undefined) return undefined;
      let chain = `${fieldChain(cx, call.args[1])}`;
      if (name.endsWith('_with_payload')) chain += '.payload()';
      const computed = `${chain}.compute(${algorithmOf(cx, call, call.args[3])})`;
      const t = target.type;
      const width = scalarOf(t)?.width ?? 16;
      const cur = expr(cx, target);
      if (name.startsWith('verify')) {
        const now = repOf(t) === 'big' ? cur : `BigInt(${cur})`;
        line(`if (${cond} && BigInt.asUintN(${width}, ${computed}) !== ${now}) standard_metadata.checksum_error = 1;`);
      } else line(`if (${cond}) ${cur} = ${fromBig(computed, t)};`);
      return undefined;
    }
    case 'log_msg': {
      const msg = arg(cx, call, 0) ?? '""';
      const data = call.args[1];
      const values =
        data === undefined
          ? '[]'
          : `[${listLeaves(cx, data)
              .map((l) => l.js)
              .join(', ')}]`;
      line(`v1.log(${msg}, ${values});`);
      return undefined;
    }
    case 'assert':
    case 'assume': {
      const c = arg(cx, call, 0) ?? 'true';
      line(`if (!${c}) v1.assertionFailed(${JSON.stringify(name)}, ${JSON.stringify(sourceOf(cx, call))});`);
      return undefined;
    }
    default:
      return false;
  }
}

function sourceOf(_cx: FnCtx, call: Ir.Call): string {
  return `offset ${call.span.start}`;
}

/** digest<T>(receiver, data): one p4info digest per struct type T, named after it (as P4Runtime does). */
function digest(cx: FnCtx, call: Ir.Call, data: Ir.Expr): void {
  const t = call.typeArgs[0] ?? data.type;
  const leaves = listLeaves(cx, data);
  const name = t.kind === 'struct' || t.kind === 'header' ? t.name : `digest_${cx.gen.p4info.digests.length}`;
  let i = cx.gen.p4info.digests.findIndex((d) => d.name === name);
  if (i < 0)
    i = cx.gen.p4info.push('digests', {
      name,
      digestType: 0,
      gress: 'ingress',
      fields: leaves.map((l, k) => ({
        name: l.js.split('.').pop() ?? `f${k}`,
        width: l.width,
      })),
    });
  cx.flush();
  const f = cx.gen.temp('d');
  cx.w.line(`const ${f} = services.digests[${i}];`);
  leaves.forEach((l, k) => {
    const v = repOf(l.type) === 'bool' ? `(${l.js} ? 1 : 0)` : l.js;
    cx.w.line(`${f}.fields[${k}] = ${v};`);
  });
  cx.w.line(`${f}.pack();`);
}

/** The methods of v1model's extern objects; false when the method is not one of them. */
export function v1modelMethodCall(cx: FnCtx, call: Ir.Call, key: string, b: ExternBinding): string | undefined | false {
  const x = b.js;
  const size = typeof b.extra?.size === 'number' ? b.extra.size : undefined;
  // The index is the first argument but for register.read(out result, in index).
  const idx = () => {
    const a = call.args[key === 'register.read' ? 1 : 0];
    if (a === undefined) return '0';
    const js = expr(cx, a);
    return repOf(a.type) === 'big' ? `Number(${js})` : js;
  };
  const w = cx.w;
  // A register of struct cells is bound as Tofino's paired word (for <tofino/stateful_alu.p4>'s
  // RegisterActions); its own read/write are not, and bmv2 has no struct cells either.
  if ((key === 'register.read' || key === 'register.write') && b.extra?.type === undefined) {
    cx.gen.unsupported(
      call.span,
      `${key.slice('register.'.length)} of a register whose cells are structs (bmv2 takes bit<W> and int<W> cells)`,
    );
    return undefined;
  }
  switch (key) {
    case 'register.read': {
      // bmv2 leaves the destination unchanged when the index is out of range.
      const out = call.args[0];
      const i = cx.gen.temp('i');
      cx.hoist(`const ${i} = ${idx()};`);
      const wide = (b.extra?.width as number) > 32;
      const t = b.extra?.type as Type;
      if (out === undefined) return undefined;
      const lv = expr(cx, out);
      cx.flush();
      w.line(`if (${i} < ${size}) ${lv} = ${convert(wide ? `${x}.readBig(${i})` : `${x}.read(${i})`, t, out.type)};`);
      return undefined;
    }
    case 'register.write': {
      const i = cx.gen.temp('i');
      cx.hoist(`const ${i} = ${idx()};`);
      const v = call.args[1];
      const wide = (b.extra?.width as number) > 32;
      const t = b.extra?.type as Type;
      const vj = v === undefined ? '0' : convert(expr(cx, v), v.type, t);
      cx.flush();
      w.line(
        `if (${i} < ${size}) ${x}.${wide ? 'writeBig' : 'write'}(${i}, ${repOf(t) === 'bool' ? `(${vj} ? 1 : 0)` : vj});`,
      );
      return undefined;
    }
    case 'counter.count': {
      const i = cx.gen.temp('i');
      cx.hoist(`const ${i} = ${idx()};`);
      cx.flush();
      w.line(`if (${i} < ${size}) ${x}.count(${i}, cur.length);`);
      return undefined;
    }
    case 'direct_counter.count':
      // bmv2 counts every hit of the table itself (emit-control.ts); the call adds nothing.
      return undefined;
    case 'meter.execute_meter': {
      const i = cx.gen.temp('i');
      cx.hoist(`const ${i} = ${idx()};`);
      const out = call.args[1];
      cx.flush();
      if (out === undefined) return undefined;
      const lv = expr(cx, out);
      cx.flush();
      // The runtime's RED is Tofino's 3; v1model's is 2.
      w.line(`if (${i} < ${size}) ${lv} = ${convert(`v1.color(${x}.execute(${i}, cur.length))`, bit(32), out.type)};`);
      return undefined;
    }
    case 'Checksum16.get':
      // v1model's old checksum unit: the ones' complement checksum (csum16) of the data.
      return `Number(${fieldChain(cx, call.args[0])}.compute("csum16"))`;
    case 'direct_meter.read': {
      const out = call.args[0];
      const handle = b.extra?.handle;
      if (out === undefined || typeof handle !== 'string') {
        cx.gen.unsupported(call.span, 'a direct_meter not attached to a table');
        return undefined;
      }
      store(cx, out, `v1.color(${x}.execute(${handle}, cur.length))`, bit(32));
      return undefined;
    }
    default:
      return false;
  }
}

function bit(width: number): Type {
  return { kind: 'bit', width };
}

function bigArg(inst: Ir.Instance, i: number): bigint | undefined {
  const a = inst.ctorArgs[i];
  const v = a?.kind === 'Const' ? a.value : undefined;
  return typeof v === 'bigint' ? v : undefined;
}

const COUNTER_TYPES: Readonly<Record<string, 'PACKETS' | 'BYTES' | 'PACKETS_AND_BYTES'>> = {
  packets: 'PACKETS',
  bytes: 'BYTES',
  packets_and_bytes: 'PACKETS_AND_BYTES',
};

/** v1model's extern objects; false when `inst` is not one of them. */
export function declareV1modelInstance(
  gen: Gen,
  w: Writer,
  inst: Ir.Instance,
  p4Name: string,
  scope: Scope,
  js: string,
): boolean {
  const bind = (extra?: Record<string, unknown>) =>
    scope.set(inst.name, { kind: 'extern', inst, js, p4Name, ...(extra === undefined ? {} : { extra }) });
  switch (inst.typeName) {
    case 'register': {
      const T = inst.typeArgs[0];
      // A struct of two equal-width fields: Tofino's paired word, for the RegisterActions of
      // <tofino/stateful_alu.p4> (docs/v1model.md), laid out as a TNA Register's.
      // A register of size 0 with a DirectRegisterAction: bf-p4c gives it one cell per entry of
      // the table whose action executes it (emit-control.ts attaches it there).
      if (bigArg(inst, 0) === 0n) {
        declareRegisterFamily(gen, w, { ...inst, typeName: 'DirectRegister', ctorArgs: [] }, p4Name, scope, js, bind);
        return true;
      }
      if (T?.kind === 'struct') {
        declareRegisterFamily(gen, w, { ...inst, typeName: 'Register' }, p4Name, scope, js, bind);
        return true;
      }
      const size = Number(bigArg(inst, 0) ?? 1n);
      const cell = declareScalarRegister(gen, w, T, p4Name, js, size);
      if (cell === undefined) {
        gen.unsupported(inst.span, 'a register of this type');
        return true;
      }
      bind({ size, ...cell });
      return true;
    }
    case 'counter': {
      const size = Number(bigArg(inst, 0) ?? 1n);
      const type = COUNTER_TYPES[constMember(inst.ctorArgs[1] as Ir.Expr) ?? 'packets'] ?? 'PACKETS';
      const i = gen.p4info.push('counters', { name: p4Name, type, size });
      w.line(`const ${js} = services.counters[${i}];`);
      bind({ size });
      return true;
    }
    case 'meter': {
      const size = Number(bigArg(inst, 0) ?? 1n);
      const type = constMember(inst.ctorArgs[1] as Ir.Expr) === 'bytes' ? 'BYTES' : 'PACKETS';
      const i = gen.p4info.push('meters', { name: p4Name, type, size });
      w.line(`const ${js} = services.meters[${i}];`);
      bind({ size });
      return true;
    }
    case 'direct_counter':
      // Declared by the table that lists it in `counters` (emit-control.ts).
      bind({ counterType: COUNTER_TYPES[constMember(inst.ctorArgs[0] as Ir.Expr) ?? 'packets'] ?? 'PACKETS' });
      return true;
    case 'direct_meter':
      bind({ meterType: constMember(inst.ctorArgs[0] as Ir.Expr) === 'bytes' ? 'BYTES' : 'PACKETS' });
      return true;
    case 'Checksum16':
      // Stateless: get(data) computes over its argument (v1modelMethodCall).
      bind();
      return true;
    case 'action_profile':
    case 'action_selector':
      declareV1modelImplementation(gen, w, inst, p4Name, js, bind);
      return true;
    default:
      return false;
  }
}
