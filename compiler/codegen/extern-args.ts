// Constructor arguments of an extern instance, as the mid end left them: folded constants
// (numbers, booleans, enum members) and two-field struct constants.

import type { ConstValue } from '../check/const-fold.js';
import type * as Ir from '../ir/nodes.js';

/** The constructor arguments of an instance, or of a constructor call in place (`New`). */
type WithCtorArgs = Pick<Ir.Instance, 'ctorArgs'>;

export function constArg(inst: WithCtorArgs, i: number): ConstValue | undefined {
  const a = inst.ctorArgs[i];
  return a?.kind === 'Const' ? a.value : undefined;
}

export function bigArg(inst: WithCtorArgs, i: number): bigint | undefined {
  const v = constArg(inst, i);
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'object' && v.kind === 'member' && v.value !== undefined) return v.value;
  return undefined;
}

/** A two-field struct constant (`{5, 7}`, `(pair){5, 7}`, `{lo = 5, hi = 7}`) as [first, second]. */
export function pairArg(inst: Ir.Instance, i: number, names: readonly [string, string]): [bigint, bigint] | undefined {
  const num = (v: ConstValue | undefined) =>
    typeof v === 'bigint' ? v : typeof v === 'boolean' ? (v ? 1n : 0n) : undefined;
  const fromValue = (v: ConstValue | undefined): [bigint, bigint] | undefined => {
    if (typeof v !== 'object') return undefined;
    if (v.kind === 'list') {
      const [x, y] = [num(v.elements[0]), num(v.elements[1])];
      return x === undefined || y === undefined ? undefined : [x, y];
    }
    if (v.kind === 'struct') {
      const [x, y] = [num(v.fields.get(names[0])), num(v.fields.get(names[1]))];
      return x === undefined || y === undefined ? undefined : [x, y];
    }
    return undefined;
  };
  let a = inst.ctorArgs[i];
  while (a?.kind === 'Cast') a = a.operand;
  if (a === undefined) return undefined;
  if (a.kind === 'Const') return fromValue(a.value);
  const constOf = (e: Ir.Expr | undefined) => {
    let x = e;
    while (x?.kind === 'Cast') x = x.operand;
    return x?.kind === 'Const' ? num(x.value) : undefined;
  };
  if (a.kind === 'List') {
    const [x, y] = [constOf(a.elements[0]), constOf(a.elements[1])];
    return x === undefined || y === undefined ? undefined : [x, y];
  }
  if (a.kind === 'StructInit') {
    const [x, y] = names.map((n) => constOf(a.fields.find((f) => f.name === n)?.value));
    return x === undefined || y === undefined ? undefined : [x, y];
  }
  return undefined;
}

export function memberArg(inst: Ir.Instance, i: number): string | undefined {
  const v = constArg(inst, i);
  return typeof v === 'object' && v.kind === 'member' ? v.member : undefined;
}
