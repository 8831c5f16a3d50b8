// Register instances and their stateful programs: Register (one word, or Tofino's paired
// word for a struct of two equal-width fields) from `services` by p4info position, RegisterAction
// (its `apply` compiled to a function over the cell), SelectorAction (one over an
// ActionSelector's liveness bits), DirectRegister (declared by the table that lists it) and
// DirectRegisterAction (emitted once that table exists).

import type { P4InfoRegister } from '../../contract/p4info.js';
import { bitType } from '../check/types.js';
import type * as Ir from '../ir/nodes.js';
import { saluFamily } from '../targets/tofino/salu-externs.js';
import type { Gen, Scope } from './context.js';
import { FnCtx } from './emit-expr.js';
import { saluEntryConditions } from './emit-salu-calls.js';
import { statements } from './emit-stmt.js';
import { scalarOf } from './emit-types.js';
import { bigArg, pairArg } from './extern-args.js';
import { jsonValue } from './p4info-tables.js';
import type { Writer } from './writer.js';

/**
 * A register of scalar cells as v1model's `register<T>` and PSA's `Register<T, I>` declare it
 * (`bool` is one bit): its p4info entry and its cells from `services`. Undefined, with nothing
 * emitted, when T is not a scalar.
 */
export function declareScalarRegister(
  gen: Gen,
  w: Writer,
  T: Ir.Type | undefined,
  p4Name: string,
  js: string,
  size: number,
  initial?: bigint,
): { width: number; type: Ir.Type } | undefined {
  const s = T === undefined ? undefined : T.kind === 'bool' ? { width: 1, signed: false } : scalarOf(T);
  if (T === undefined || s === undefined) return undefined;
  const i = gen.p4info.push('registers', {
    name: p4Name,
    gress: gen.gress,
    width: s.width,
    signed: s.signed,
    paired: false,
    size,
    ...(initial === undefined ? {} : { initial: jsonValue(initial, s.width) }),
  });
  w.line(`const ${js} = services.registers[${i}];`);
  return { width: s.width, type: T.kind === 'bool' ? bitType(1) : T };
}

/** Declares a Register, RegisterAction, DirectRegister or DirectRegisterAction instance. */
export function declareRegisterFamily(
  gen: Gen,
  w: Writer,
  inst: Ir.Instance,
  p4Name: string,
  scope: Scope,
  js: string,
  bind: (extra?: Record<string, unknown>) => void,
): void {
  const T = inst.typeArgs[0];
  switch (inst.typeName) {
    case 'Register': {
      const size = Number(bigArg(inst, 0) ?? 1n);
      const init = bigArg(inst, 1);
      const s = T === undefined ? undefined : scalarOf(T);
      let info: Omit<P4InfoRegister, 'id'>;
      if (s !== undefined && s.width === 128 && !s.signed) {
        // Tofino 2's 128-bit word (the min/max unit's): stored as two 64-bit halves, low first.
        info = { name: p4Name, gress: gen.gress, width: 64, signed: false, paired: true, halves: ['lo', 'hi'], size };
        if (init !== undefined)
          Object.assign(info, {
            initial: jsonValue(BigInt.asUintN(64, init), 64),
            initialHi: jsonValue(init >> 64n, 64),
          });
      } else if (s !== undefined) {
        info = { name: p4Name, gress: gen.gress, width: s.width, signed: s.signed, paired: false, size };
        if (init !== undefined) Object.assign(info, { initial: jsonValue(init, s.width) });
      } else if (T?.kind === 'struct' && T.fields.length === 1 && scalarOf((T.fields[0] as Ir.Param).type)) {
        // A struct of one field is that field's word (`value.f` in a RegisterAction is the cell).
        const f = scalarOf((T.fields[0] as Ir.Param).type) as { width: number; signed: boolean };
        info = { name: p4Name, gress: gen.gress, width: f.width, signed: f.signed, paired: false, size };
      } else if (T?.kind === 'struct' && T.fields.length === 2) {
        const [a, b] = T.fields as [Ir.Param, Ir.Param];
        const sa = scalarOf(a.type);
        const sb = scalarOf(b.type);
        if (sa === undefined || sb === undefined || sa.width !== sb.width) {
          gen.unsupported(inst.span, 'a register of a struct whose two fields differ in width');
          return;
        }
        info = {
          name: p4Name,
          gress: gen.gress,
          width: sa.width,
          signed: sa.signed,
          paired: true,
          halves: [a.name, b.name] as [string, string],
          size,
        };
        // `initial_value = {first, second}`: each half starts at its own value.
        const pair = pairArg(inst, 1, [a.name, b.name]);
        if (pair !== undefined)
          Object.assign(info, { initial: jsonValue(pair[0], sa.width), initialHi: jsonValue(pair[1], sa.width) });
      } else {
        gen.unsupported(inst.span, 'a register of this type');
        return;
      }
      const i = gen.p4info.push('registers', info);
      w.line(`const ${js} = services.registers[${i}];`);
      const chain = chainOf(gen, inst, size);
      bind({ fields: T?.kind === 'struct' ? T.fields.map((f) => f.name) : undefined, chain });
      return;
    }
    case 'RegisterAction2':
    case 'RegisterAction3':
    case 'RegisterAction4':
    case 'MinMaxAction':
    case 'MinMaxAction2':
    case 'MinMaxAction3':
    case 'MinMaxAction4':
    case 'RegisterAction': {
      const regRef = inst.ctorArgs[0];
      const reg = regRef?.kind === 'Ref' ? scope.get(regRef.name) : undefined;
      const method = inst.methods.find((m) => m.name === 'apply');
      // A TNA Register, or a v1model register (bf-p4c's <tofino/stateful_alu.p4>, docs/v1model.md).
      const onRegister =
        reg?.kind === 'extern' && (reg.inst.typeName === 'Register' || reg.inst.typeName === 'register');
      if (reg?.kind !== 'extern' || !onRegister || method === undefined) {
        gen.unsupported(inst.span, 'this RegisterAction');
        return;
      }
      const cellBits = cellBitsOf(reg.inst.typeArgs[0]);
      const minMax = saluFamily(inst.typeName) === 'MinMaxAction';
      if (cellBits === undefined || (!minMax && cellBits > 64 && cellBits !== 128)) {
        gen.unsupported(inst.span, `a ${inst.typeName} on a register of ${cellBits ?? 'unknown'}-bit cells`);
        return;
      }
      // Tofino's stateful ALU runs cells of up to 64 bits (a 64-bit cell in its dual mode,
      // PIFINA's timestamps) and, on Tofino 2, 128-bit words; MinMaxAction sees 128 bits of
      // narrower cells at once. Cells over 32 bits reach the body as bigints.
      const scalarCell = scalarOf(reg.inst.typeArgs[0] as Ir.Type) !== undefined;
      const lanes = minMax || (cellBits === 128 && scalarCell) ? 128 / cellBits : undefined;
      if (lanes !== undefined && !Number.isInteger(lanes)) {
        gen.unsupported(inst.span, `a ${inst.typeName} on ${cellBits}-bit cells (128 is not a multiple)`);
        return;
      }
      const halves = lanes === undefined ? (reg.extra?.fields as string[] | undefined) : undefined;
      const extras: string[] = lanes === undefined ? [] : [`lanes: ${lanes}`];
      const chain = reg.extra?.chain as RegisterChain | undefined;
      if (chain !== undefined) extras.push(`chain: { base: ${chain.base}, total: ${chain.total} }`);
      for (const name of ['overflow', 'underflow']) {
        const m = inst.methods.find((x) => x.name === name);
        if (m === undefined) continue;
        const fn = gen.ident(`${p4Name}_${name}`);
        registerApply(gen, w, scope, m, halves, `const ${fn} = `, '};');
        extras.push(`${name}: ${fn}`);
      }
      const head = `const ${js} = services.registerAction(${JSON.stringify(p4Name)}, ${reg.js}, `;
      const tail = extras.length === 0 ? '});' : `}, { ${extras.join(', ')} });`;
      registerApply(gen, w, scope, method, halves, head, tail);
      bind();
      return;
    }
    case 'LearnAction':
    case 'LearnAction2':
    case 'LearnAction3':
    case 'LearnAction4':
      // The digest and learn inputs come from Tofino 2's d-left hash table, whose hashing p4ts
      // does not model (docs/tna-externs.md).
      gen.unsupported(inst.span, `${inst.typeName} (Tofino 2's d-left learning)`);
      return;
    case 'SelectorAction': {
      // A register action on the selector's liveness bits (a bit per member id): the register
      // the selector was given, or one of its own (`<selector>_liveness`, a bit per member).
      const selRef = inst.ctorArgs[0];
      const sel = selRef?.kind === 'Ref' ? scope.get(selRef.name) : undefined;
      const method = inst.methods.find((m) => m.name === 'apply');
      const info = sel?.kind === 'extern' ? (sel.extra?.selector as { name: string } | undefined) : undefined;
      const profile = sel?.kind === 'extern' ? (sel.extra?.profile as { size: number } | undefined) : undefined;
      if (sel?.kind !== 'extern' || info === undefined || profile === undefined || method === undefined) {
        gen.unsupported(inst.span, 'this SelectorAction (name an ActionSelector declared before it)');
        return;
      }
      let reg = sel.extra?.liveness as { js: string } | undefined;
      if (reg === undefined) {
        const name = `${info.name}_liveness`;
        const i = gen.p4info.push('registers', {
          name,
          gress: gen.gress,
          width: 1,
          signed: false,
          paired: false,
          size: profile.size,
        });
        reg = { js: gen.ident(name) };
        w.line(`const ${reg.js} = services.registers[${i}];`);
        w.line(`${sel.js}.useLiveness(${reg.js});`);
        (sel.extra as Record<string, unknown>).liveness = reg;
      }
      const head = `const ${js} = services.registerAction(${JSON.stringify(p4Name)}, ${reg.js}, `;
      registerApply(gen, w, scope, method, undefined, head, '});');
      bind();
      return;
    }
    case 'DirectRegister': {
      let s = T === undefined ? undefined : scalarOf(T);
      // A struct of two equal-width fields is Tofino's paired 64-bit word, as for Register.
      let halves: string[] | undefined;
      if (s === undefined && T?.kind === 'struct' && T.fields.length === 2) {
        const [a, b] = T.fields as [Ir.Param, Ir.Param];
        const sa = scalarOf(a.type);
        if (sa !== undefined && sa.width === scalarOf(b.type)?.width && sa.signed === scalarOf(b.type)?.signed) {
          s = sa;
          halves = [a.name, b.name];
        }
      }
      if (s === undefined || s.width > 32) {
        gen.unsupported(inst.span, 'a DirectRegister of a type other than bit<1..32>, int<1..32> or a pair of them');
        return;
      }
      // `DirectRegister<pair>({lo, hi})`: each half starts at its own value.
      const pair = halves === undefined ? undefined : pairArg(inst, 0, halves as [string, string]);
      const init = pair?.[0] ?? bigArg(inst, 0);
      // Declared by the table that lists it in `registers`; its DirectRegisterActions follow.
      bind({
        register: {
          width: s.width,
          signed: s.signed,
          ...(init === undefined ? {} : { initial: jsonValue(init, s.width) }),
          ...(pair === undefined ? {} : { initialHi: jsonValue(pair[1], s.width) }),
          ...(halves === undefined ? {} : { paired: true }),
        },
        ...(halves === undefined ? {} : { fields: halves }),
        pending: [] as (() => void)[],
      });
      return;
    }
    case 'DirectRegisterAction2':
    case 'DirectRegisterAction3':
    case 'DirectRegisterAction4':
    case 'DirectRegisterAction': {
      const regRef = inst.ctorArgs[0];
      const reg = regRef?.kind === 'Ref' ? scope.get(regRef.name) : undefined;
      const method = inst.methods.find((m) => m.name === 'apply');
      const pending = reg?.kind === 'extern' ? (reg.extra?.pending as (() => void)[] | undefined) : undefined;
      if (
        reg?.kind !== 'extern' ||
        (reg.inst.typeName !== 'DirectRegister' && reg.inst.typeName !== 'register') ||
        method === undefined ||
        pending === undefined
      ) {
        gen.unsupported(inst.span, 'this DirectRegisterAction');
        return;
      }
      // The register's constant exists only once its table is declared: emit there.
      const head = `const ${js} = services.directRegisterAction(${JSON.stringify(p4Name)}, ${reg.js}, `;
      const halves = reg.extra?.fields as string[] | undefined;
      pending.push(() => registerApply(gen, w, scope, method, halves, head, '});'));
      bind({ register: reg });
      return;
    }
  }
}

/**
 * A register action's body (`apply`, `overflow` or `underflow`) as
 * `(value, $index, $out) => rv` over the cell (`value.lo`, `value.hi`): rv is the first
 * output, and the others (Tofino 2's rv2..rv4) are left in `$out[1..3]` for the caller.
 */
function registerApply(
  gen: Gen,
  w: Writer,
  scope: Scope,
  method: Ir.Function,
  halves: readonly string[] | undefined,
  head: string,
  tail: string,
): void {
  const inner = scope.child();
  // overflow()/underflow() may leave out the register value (`@optional inout T value`).
  const hasValue = method.params[0] !== undefined && method.params[0].direction === 'inout';
  const valueP = hasValue ? method.params[0] : undefined;
  const outputs = method.params.slice(hasValue ? 1 : 0);
  // A paired cell's halves are lo and hi; a one-field struct's field is the word (lo).
  const fieldMap =
    halves === undefined ? undefined : Object.fromEntries(halves.map((h, i) => [h, i === 0 ? 'lo' : 'hi']));
  if (valueP !== undefined) {
    if (fieldMap !== undefined) inner.set(valueP.name, { kind: 'value', js: 'value', type: valueP.type, fieldMap });
    else inner.set(valueP.name, { kind: 'value', js: 'value.lo', type: valueP.type });
  }
  const names = outputs.map((_, i) => (i === 0 ? 'rv' : `$rv${i + 1}`));
  outputs.forEach((p, i) => {
    inner.set(p.name, { kind: 'value', js: names[i] as string, type: p.type });
  });
  w.block(
    `${head}(value, $index, $out) =>`,
    () => {
      // An output wider than 32 bits is a bigint, as every such P4 value in generated code.
      if (outputs.length === 0) w.line('let rv = 0;');
      outputs.forEach((p, i) => {
        const width = scalarOf(p.type)?.width;
        w.line(`let ${names[i]} = ${width !== undefined && width > 32 ? '0n' : '0'};`);
      });
      const cx = new FnCtx(gen, inner, w, 'regapply');
      saluEntryConditions(cx, method.body);
      statements(cx, method.body);
      for (let i = 1; i < names.length; i++) w.line(`$out[${i}] = ${names[i]};`);
      w.line('return rv;');
    },
    tail,
  );
}

/** Bits of a register cell: a scalar's width, a one-field struct's field, or both halves of a pair. */
function cellBitsOf(t: Ir.Type | undefined): number | undefined {
  if (t === undefined) return undefined;
  const s = scalarOf(t);
  if (s !== undefined) return s.width;
  if (t.kind === 'struct' && t.fields.length === 1) return scalarOf((t.fields[0] as Ir.Param).type)?.width;
  if (t.kind !== 'struct' || t.fields.length !== 2) return undefined;
  const half = scalarOf((t.fields[0] as Ir.Param).type);
  return half === undefined ? undefined : 2 * half.width;
}

/** A register's place in a multistage chain: its first address and the chain's size. */
interface RegisterChain {
  readonly base: number;
  readonly total: number;
}

/** The chain being declared, per generator: the next register's first address. */
const openChains = new WeakMap<Gen, { next: number; total: number }>();

/**
 * bf-p4c's multistage registers: `@chain_total_size(N)` on a Register starts a chain, and the
 * Registers declared right after it join until their sizes add up to N. One address space
 * runs over them all, each register holding its own range of it (docs/tna-externs.md).
 */
function chainOf(gen: Gen, inst: Ir.Instance, size: number): RegisterChain | undefined {
  const note = inst.annotations?.find((a) => a.name === 'chain_total_size');
  const total = note === undefined ? undefined : Number.parseInt(note.body.trim(), 0);
  if (total !== undefined && Number.isSafeInteger(total) && total > size) {
    openChains.set(gen, { next: size, total });
    return { base: 0, total };
  }
  const open = openChains.get(gen);
  if (open === undefined || open.next >= open.total) {
    openChains.delete(gen);
    return undefined;
  }
  const base = open.next;
  open.next += size;
  return { base, total: open.total };
}
