// Register instances and their stateful programs: Register (one word, or Tofino's paired
// word for a struct of two equal-width fields) from `services` by p4info position, RegisterAction
// (its `apply` compiled to a function over the cell), SelectorAction (one over an
// ActionSelector's liveness bits), DirectRegister (declared by the table that lists it) and
// DirectRegisterAction (emitted once that table exists).

import type { P4InfoRegister } from '../../contract/p4info.js';
import type * as Ir from '../ir/nodes.js';
import type { Gen, Scope } from './context.js';
import { FnCtx } from './emit-expr.js';
import { statements } from './emit-stmt.js';
import { scalarOf } from './emit-types.js';
import { bigArg, pairArg } from './extern-args.js';
import { jsonValue } from './p4info-tables.js';
import type { Writer } from './writer.js';

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
      if (s !== undefined) {
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
      bind({ fields: T?.kind === 'struct' ? T.fields.map((f) => f.name) : undefined });
      return;
    }
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
      const cell = reg.inst.typeArgs[0] === undefined ? undefined : scalarOf(reg.inst.typeArgs[0]);
      if (cell !== undefined && cell.width > 64) {
        // Tofino's stateful ALU runs cells of up to 64 bits (a 64-bit cell in its dual mode,
        // PIFINA's timestamps); the body then works on the cell as a bigint.
        gen.unsupported(inst.span, `a RegisterAction on a register of ${cell.width}-bit cells`);
        return;
      }
      const head = `const ${js} = services.registerAction(${JSON.stringify(p4Name)}, ${reg.js}, `;
      registerApply(gen, w, scope, method, reg.extra?.fields as string[] | undefined, head);
      bind();
      return;
    }
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
      registerApply(gen, w, scope, method, undefined, head);
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
      const init = bigArg(inst, 0);
      // Declared by the table that lists it in `registers`; its DirectRegisterActions follow.
      bind({
        register: {
          width: s.width,
          signed: s.signed,
          ...(init === undefined ? {} : { initial: jsonValue(init, s.width) }),
          ...(halves === undefined ? {} : { paired: true }),
        },
        ...(halves === undefined ? {} : { fields: halves }),
        pending: [] as (() => void)[],
      });
      return;
    }
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
      pending.push(() => registerApply(gen, w, scope, method, halves, head));
      bind({ register: reg });
      return;
    }
  }
}

/** A register action's `apply` body as `(value) => rv` over the cell (`value.lo`, `value.hi`). */
function registerApply(
  gen: Gen,
  w: Writer,
  scope: Scope,
  method: Ir.Function,
  halves: readonly string[] | undefined,
  head: string,
): void {
  const inner = scope.child();
  const [valueP, rvP] = method.params;
  // A paired cell's halves are lo and hi; a one-field struct's field is the word (lo).
  const fieldMap =
    halves === undefined ? undefined : Object.fromEntries(halves.map((h, i) => [h, i === 0 ? 'lo' : 'hi']));
  if (valueP !== undefined) {
    if (fieldMap !== undefined) inner.set(valueP.name, { kind: 'value', js: 'value', type: valueP.type, fieldMap });
    else inner.set(valueP.name, { kind: 'value', js: 'value.lo', type: valueP.type });
  }
  if (rvP !== undefined) inner.set(rvP.name, { kind: 'value', js: 'rv', type: rvP.type });
  w.block(
    `${head}(value) =>`,
    () => {
      // An output wider than 32 bits is a bigint, as every such P4 value in generated code.
      const rvWidth = rvP === undefined ? undefined : scalarOf(rvP.type)?.width;
      w.line(`let rv = ${rvWidth !== undefined && rvWidth > 32 ? '0n' : '0'};`);
      statements(new FnCtx(gen, inner, w, 'regapply'), method.body);
      w.line('return rv;');
    },
    '});',
  );
}
