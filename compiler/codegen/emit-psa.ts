// PSA's externs in generated code (docs/psa.md), where they differ from TNA's externs of the
// same name: Hash.get_hash (bmv2's algorithms over the field list), InternetChecksum (ones'
// complement sum with get_state/set_state), Checksum<W> (a Hash over its updates), Random.read, Meter/DirectMeter colours in PSA's
// numbering, ActionSelector(algorithm, size, width), and the functions psa_clone_i2e,
// psa_resubmit, psa_normal, psa_clone_e2e, psa_recirculate, assert and assume. Register,
// Counter, DirectCounter, ActionProfile and Digest are TNA's declarations and methods.

import { type P4InfoPorts, PSA_PORT_CPU, PSA_PORT_RECIRCULATE } from '../../contract/p4info.js';
import { type Type, widthOf } from '../check/types.js';
import type * as Ir from '../ir/nodes.js';
import type { ExternBinding, Gen, Scope } from './context.js';
import { convert, expr, type FnCtx, indexJs } from './emit-expr.js';
import { fieldChain as checksumFields } from './emit-field-lists.js';
import { declareScalarRegister } from './emit-register-decl.js';
import { repOf, scalarOf, zeroOf } from './emit-types.js';
import { constMember, fieldChain, HASH_ALGORITHMS, v1modelFunctionCall } from './emit-v1model.js';
import { declareV1modelImplementation } from './emit-v1model-selector.js';
import { bigArg } from './extern-args.js';
import type { Writer } from './writer.js';

/** PSA_HashAlgorithm_t members → bmv2's algorithm names (runtime/externs/v1model-hash.ts). */
const PSA_ALGORITHMS: Readonly<Record<string, string>> = {
  IDENTITY: 'identity',
  CRC32: 'crc32',
  CRC32_CUSTOM: 'crc32_custom',
  CRC16: 'crc16',
  CRC16_CUSTOM: 'crc16_custom',
  ONES_COMPLEMENT16: 'csum16',
  // bmv2's psa_switch has no algorithm of its own for TARGET_DEFAULT; p4ts takes CRC32.
  TARGET_DEFAULT: 'crc32',
};

/** The bmv2 algorithm a PSA_HashAlgorithm_t constructor argument names (undefined if not constant). */
function algorithmOf(e: Ir.Expr | undefined): string | undefined {
  const m = constMember(e);
  return m === undefined ? undefined : PSA_ALGORITHMS[m];
}

/**
 * PSA's extern objects that TNA's declarations do not cover; false for the others (TNA's
 * declaration then runs).
 */
export function declarePsaInstance(gen: Gen, w: Writer, inst: Ir.Instance, p4Name: string, scope: Scope): boolean {
  const js = gen.ident(p4Name);
  const bind = (extra?: Record<string, unknown>) =>
    scope.set(inst.name, { kind: 'extern', inst, js, p4Name, ...(extra === undefined ? {} : { extra }) });
  switch (inst.typeName) {
    case 'Hash': {
      const algorithm = algorithmOf(inst.ctorArgs[0]);
      if (algorithm === undefined) {
        gen.unsupported(inst.span, 'a Hash whose algorithm is not a constant');
        return true;
      }
      bind({ algorithm });
      return true;
    }
    case 'InternetChecksum':
      gen.imports.add('Checksum');
      w.line(`const ${js} = new Checksum();`);
      bind();
      return true;
    case 'Register': {
      // A scalar cell of any width (wider than 32 bits reads and writes as a bigint); a
      // struct of two fields is TNA's paired register.
      const size = Number(bigArg(inst, 0) ?? 1n);
      const init =
        bigArg(inst, 1) ?? (inst.ctorArgs[1]?.kind === 'Const' && inst.ctorArgs[1].value === true ? 1n : undefined);
      const cell = declareScalarRegister(gen, w, inst.typeArgs[0], p4Name, js, size, init);
      if (cell === undefined) return false;
      bind({ psaRegister: true, size, ...cell });
      return true;
    }
    case 'Checksum': {
      const algorithm = algorithmOf(inst.ctorArgs[0]);
      if (algorithm === undefined) {
        gen.unsupported(inst.span, 'a Checksum whose algorithm is not a constant');
        return true;
      }
      gen.imports.add('PsaChecksum');
      w.line(`const ${js} = new PsaChecksum(${JSON.stringify(algorithm)});`);
      bind({ psaChecksum: true });
      return true;
    }
    case 'Random': {
      const lo = inst.ctorArgs[0];
      const hi = inst.ctorArgs[1];
      if (lo?.kind !== 'Const' || hi?.kind !== 'Const') {
        gen.unsupported(inst.span, 'a Random without constant bounds');
        return true;
      }
      bind({ lo: lo.value, hi: hi.value });
      return true;
    }
    case 'ActionSelector': {
      // Same shape as v1model's action_selector(algorithm, size, width): reuse it.
      const algorithm = algorithmOf(inst.ctorArgs[0]);
      const index = algorithm === undefined ? -1 : HASH_ALGORITHMS.indexOf(algorithm);
      const first = inst.ctorArgs[0] as Ir.Expr;
      const asV1: Ir.Instance = {
        ...inst,
        typeName: 'action_selector',
        ctorArgs: [{ ...first, kind: 'Const', value: BigInt(index) } as Ir.Expr, ...inst.ctorArgs.slice(1)],
      };
      declareV1modelImplementation(gen, w, asV1, p4Name, js, bind);
      return true;
    }
    default:
      return false;
  }
}

/** PSA's Checksum<W>: clear, update(data) appending a list packed as Hash's, get() truncated to W. */
function psaChecksumCall(cx: FnCtx, call: Ir.Call, key: string, x: string): string | undefined | false {
  switch (key) {
    case 'Checksum.clear':
      cx.flush();
      cx.w.line(`${x}.clear();`);
      return undefined;
    case 'Checksum.update':
      cx.flush();
      cx.w.line(`${hashFields(cx, call.args[0]).replace(/^v1\.fields\(\)/, `${x}.update()`)};`);
      return undefined;
    case 'Checksum.get':
      return fromBig(`${x}.get()`, call.type);
    default:
      return false;
  }
}

/** The bits of a field list, when every field has a fixed width. */
function listBits(e: Ir.Expr): number | undefined {
  if (e.kind === 'List') return sum(e.elements.map(listBits));
  if (e.kind === 'StructInit') return sum(e.fields.map((f) => listBits(f.value)));
  const t = e.type;
  if (t.kind === 'struct' || t.kind === 'header') return sum(t.fields.map((f) => widthOf(f.type)));
  return t.kind === 'bool' ? 1 : widthOf(t);
}

function sum(xs: readonly (number | undefined)[]): number | undefined {
  let n = 0;
  for (const x of xs) {
    if (x === undefined) return undefined;
    n += x;
  }
  return n;
}

/**
 * The field list a PSA Hash computes over. bmv2's psa_switch packs the fields one after the
 * other and pads the list with zero bits at its start to whole bytes (unlike v1model's hash,
 * which pads at the end): a 12-bit field hashes as two bytes 0x0456, not 0x4560.
 */
function hashFields(cx: FnCtx, list: Ir.Expr | undefined): string {
  const chain = fieldChain(cx, list);
  const bits = list === undefined ? 0 : listBits(list);
  const pad = bits === undefined ? 0 : (8 - (bits % 8)) % 8;
  return pad === 0 ? chain : chain.replace(/^v1\.fields\(\)/, `v1.fields().add(0, ${pad})`);
}

/** `x` (a bigint) as a value of type `t`. */
function fromBig(js: string, t: Type): string {
  const r = repOf(t);
  const width = scalarOf(t)?.width ?? 64;
  if (r === 'big') return `BigInt.asUintN(${width}, ${js})`;
  if (r === 'bool') return `(${js} !== 0n)`;
  return `Number(BigInt.asUintN(${width}, ${js}))`;
}

function big(cx: FnCtx, e: Ir.Expr | undefined): string {
  if (e === undefined) return '0n';
  const js = expr(cx, e);
  return repOf(e.type) === 'big' ? js : `BigInt(${js})`;
}

/** The module-level colour tables: Tofino's colours (GREEN 0, YELLOW 1, RED 3) ↔ PSA_MeterColor_t (RED 0, GREEN 1, YELLOW 2). */
function colourTables(gen: Gen): void {
  gen.moduleHelpers.set('psa_colours', (w) => {
    w.line('/** Tofino colour (GREEN 0, YELLOW 1, RED 3) → PSA_MeterColor_t index (RED 0, GREEN 1, YELLOW 2). */');
    w.line('const PSA_COLOUR = [1, 2, 2, 0];');
    w.line('/** PSA_MeterColor_t index → the runtime meter colour (color-aware execute). */');
    w.line('const TOFINO_COLOUR = [3, 0, 1];');
  });
}

/** A PSA extern method; false when TNA's handling applies. */
export function psaMethodCall(cx: FnCtx, call: Ir.Call, key: string, b: ExternBinding): string | undefined | false {
  const x = b.js;
  const line = (s: string) => {
    cx.flush();
    cx.w.line(s);
  };
  if (b.extra?.psaChecksum === true) return psaChecksumCall(cx, call, key, x);
  switch (key) {
    case 'Register.read':
    case 'Register.write': {
      if (b.extra?.psaRegister !== true) return false;
      const size = b.extra.size as number;
      const t = b.extra.type as Type;
      const wide = (b.extra.width as number) > 32;
      const i = cx.gen.temp('i');
      cx.hoist(`const ${i} = ${indexJs(cx, call.args[0] as Ir.Expr)};`);
      if (key === 'Register.read')
        // An index out of range reads 0 (PSA leaves the value undefined).
        return `(${i} < ${size} ? ${convert(wide ? `${x}.readBig(${i})` : `${x}.read(${i})`, t, call.type)} : ${zeroOf(call.type)})`;
      const v = call.args[1];
      const vj = v === undefined ? '0' : convert(expr(cx, v), v.type, t);
      line(
        `if (${i} < ${size}) ${x}.${wide ? 'writeBig' : 'write'}(${i}, ${repOf(t) === 'bool' ? `(${vj} ? 1 : 0)` : vj});`,
      );
      return undefined;
    }
    case 'Hash.get_hash': {
      const algorithm = JSON.stringify(b.extra?.algorithm ?? 'crc32');
      if (call.args.length >= 3) {
        // get_hash(base, data, max): base + (hash mod max), as the PSA specification defines it.
        const h = `${hashFields(cx, call.args[1])}.compute(${algorithm})`;
        const max = cx.gen.temp('max');
        cx.hoist(`const ${max} = ${big(cx, call.args[2])};`);
        return fromBig(`(${big(cx, call.args[0])} + (${max} === 0n ? 0n : ${h} % ${max}))`, call.type);
      }
      return fromBig(`${hashFields(cx, call.args[0])}.compute(${algorithm})`, call.type);
    }
    case 'InternetChecksum.clear':
      line(`${x}.clear();`);
      return undefined;
    case 'InternetChecksum.add':
    case 'InternetChecksum.subtract':
      line(`${checksumFields(cx, call.args[0], x, 'field')}.${key === 'InternetChecksum.add' ? 'add' : 'subtract'}();`);
      return undefined;
    case 'InternetChecksum.get':
      return `(~${x}.get() & 0xffff)`;
    case 'InternetChecksum.get_state':
      return `${x}.get()`;
    case 'InternetChecksum.set_state': {
      const a = call.args[0];
      line(`${x}.setState(${a === undefined ? '0' : expr(cx, a)});`);
      return undefined;
    }
    case 'Random.read': {
      const lo = b.extra?.lo;
      const hi = b.extra?.hi;
      if (repOf(call.type) === 'big') return `v1.randomBig(${String(lo)}n, ${String(hi)}n)`;
      return `v1.random(${Number(lo)}, ${Number(hi)})`;
    }
    case 'Counter.count':
    case 'DirectCounter.count': {
      // p4c's dpdk/psa.p4 adds count(index, pkt_len) and count(pkt_len): the bytes counted are
      // pkt_len, not the packet's length. The one-argument forms are TNA's.
      const direct = key === 'DirectCounter.count';
      const lengthArg = call.args[direct ? 0 : 1];
      if (lengthArg === undefined) return false;
      const handle = b.extra?.handle;
      if (direct && typeof handle !== 'string') return false;
      const index = direct ? (handle as string) : indexJs(cx, call.args[0] as Ir.Expr);
      line(`${x}.count(${index}, ${convert(expr(cx, lengthArg), lengthArg.type, { kind: 'bit', width: 32 })});`);
      return undefined;
    }
    case 'Meter.execute':
    case 'DirectMeter.execute':
    case 'Meter.dpdk_execute':
    case 'DirectMeter.dpdk_execute': {
      colourTables(cx.gen);
      const direct = key.startsWith('DirectMeter.');
      const handle = b.extra?.handle;
      if (direct && typeof handle !== 'string') {
        cx.gen.unsupported(call.span, 'a DirectMeter not attached to a table (psa_direct_meter)');
        return '1';
      }
      const index = direct ? (handle as string) : indexJs(cx, call.args[0] as Ir.Expr);
      const rest = call.args.slice(direct ? 0 : 1);
      // dpdk_execute([colour,] pkt_len) (p4c's dpdk/psa.p4): the meter measures pkt_len bytes.
      const lengthArg = key.endsWith('.dpdk_execute') ? rest.pop() : undefined;
      const length =
        lengthArg === undefined
          ? 'cur.length'
          : convert(expr(cx, lengthArg), lengthArg.type, { kind: 'bit', width: 32 });
      const colourArg = rest[0];
      // psa.p4 for Tofino makes a colour Tofino's own 8-bit value: nothing to translate.
      if (call.type.kind !== 'enum') {
        const colour = colourArg === undefined ? '' : `, ${expr(cx, colourArg)}`;
        return `${x}.execute(${index}, ${length}${colour})`;
      }
      const colour = colourArg === undefined ? '' : `, TOFINO_COLOUR[${expr(cx, colourArg)}]`;
      return `PSA_COLOUR[${x}.execute(${index}, ${length}${colour})]`;
    }
    default:
      return false;
  }
}

/**
 * The program's PSA_PORT_RECIRCULATE and PSA_PORT_CPU (psa.p4 declares bmv2's 32-bit ids, or
 * Tofino's ports when compiled for Tofino), as p4info's ports.
 */
export function psaPorts(gen: Gen): P4InfoPorts {
  const constantOf = (name: string, fallback: number) => {
    const v = gen.ir.constants.find((c) => c.name === name)?.value;
    return typeof v === 'bigint' ? Number(v) : fallback;
  };
  return {
    recirculation: [constantOf('PSA_PORT_RECIRCULATE', PSA_PORT_RECIRCULATE)],
    cpu: constantOf('PSA_PORT_CPU', PSA_PORT_CPU),
  };
}

/** PSA's extern functions; false for any other name. */
export function psaFunctionCall(cx: FnCtx, call: Ir.Call, name: string): string | undefined | false {
  const a = (i: number) => {
    const e = call.args[i];
    return e === undefined ? 'undefined' : expr(cx, e);
  };
  switch (name) {
    case 'psa_clone_i2e':
    case 'psa_clone_e2e':
      return `${a(0)}.clone`;
    case 'psa_resubmit':
      return `(!${a(0)}.drop && ${a(0)}.resubmit)`;
    case 'psa_normal':
      return `(!${a(0)}.drop && !${a(0)}.resubmit)`;
    case 'psa_recirculate':
      return `(!${a(0)}.drop && ${a(1)}.egress_port === ${psaPorts(cx.gen).recirculation[0]})`;
    case 'assert':
    case 'assume':
      return v1modelFunctionCall(cx, call, name);
    default:
      return false;
  }
}
