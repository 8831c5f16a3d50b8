// The configuration of a TNA MathUnit from its constructor, as Tofino's compiler derives it:
// given directly (`invert, shift, scale, data` with data listed from entry 15 down to 0), or
// from an operation and a factor (`MathOp_t.SQR, 1`; `MathOp_t.MUL, A, B` for A/B): each
// entry i holds round(factor · f(i/8) · 2^−scale), the largest scale keeping every entry
// below 256 (runtime/externs/math-unit.ts says how the unit reads the table).

import type * as Ir from '../ir/nodes.js';
import { bigArg, constArg, memberArg } from './extern-args.js';

export interface MathUnitSettings {
  readonly invert: boolean;
  readonly shift: -1 | 0 | 1;
  readonly scale: number;
  readonly data: readonly number[];
}

/** MathOp_t: [invert, shift, f over the mantissa m/8] (tofino1_base.p4's table). */
const OPERATIONS: Readonly<Record<string, readonly [boolean, -1 | 0 | 1, (x: number) => number]>> = {
  MUL: [false, 0, (x) => x],
  SQR: [false, 1, (x) => x * x],
  SQRT: [false, -1, (x) => Math.sqrt(x)],
  DIV: [true, 0, (x) => 1 / x],
  RSQR: [true, 1, (x) => 1 / (x * x)],
  RSQRT: [true, -1, (x) => 1 / Math.sqrt(x)],
};

/** Round half to even (C's rint in the default rounding mode). */
function rint(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function fromOperation(op: string, factor: number): MathUnitSettings | string {
  const o = OPERATIONS[op];
  if (o === undefined) return `the MathOp_t ${op}`;
  const [invert, shift, f] = o;
  const first = shift >= 0 ? 8 : 4;
  let max = 0;
  for (let i = first; i < 16; i++) max = Math.max(max, f(i / 8) * factor);
  if (!(max > 0)) return 'a MathUnit whose factor is not positive';
  const scale = Math.min(31, Math.max(-32, Math.floor(Math.log2(max)) - 7));
  const data = Array.from({ length: 16 }, (_, i) =>
    i < first ? 0 : Math.min(255, Math.max(0, rint(f(i / 8) * factor * 2 ** -scale))),
  );
  return { invert, shift, scale, data };
}

/** The settings, or what makes the constructor's arguments unusable. */
export function mathUnitSettings(inst: Ir.Instance): MathUnitSettings | string {
  const n = inst.ctorArgs.length;
  const first = constArg(inst, 0);
  if (typeof first === 'boolean') {
    const shift = Number(bigArg(inst, 1) ?? 0n);
    const scale = Number(bigArg(inst, 2) ?? 0n);
    const list = inst.ctorArgs[3];
    const values =
      list?.kind === 'List'
        ? list.elements.map((e) => {
            let x = e;
            while (x.kind === 'Cast') x = x.operand;
            return x.kind === 'Const' && typeof x.value === 'bigint' ? Number(x.value) : undefined;
          })
        : list?.kind === 'Const' && typeof list.value === 'object' && list.value.kind === 'list'
          ? list.value.elements.map((v) => (typeof v === 'bigint' ? Number(v) : undefined))
          : [];
    if (values.length === 0 || values.length > 16 || values.some((v) => v === undefined))
      return 'a MathUnit whose data is not a list of at most 16 constants';
    if (shift !== -1 && shift !== 0 && shift !== 1) return `a MathUnit shift of ${shift}`;
    // Listed from entry 15 down; entries not listed are 0.
    const data = Array.from({ length: 16 }, (_, i) => (values[15 - i] ?? 0) & 0xff);
    return { invert: first, shift, scale, data };
  }
  const op = memberArg(inst, 0);
  const a = bigArg(inst, 1);
  const b = n >= 3 ? bigArg(inst, 2) : 1n;
  if (op === undefined || a === undefined || b === undefined || b === 0n)
    return 'a MathUnit whose operation and factor are not constants';
  return fromOperation(op, Number(a) / Number(b));
}
