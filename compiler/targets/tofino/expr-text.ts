// IR expressions as short P4-like text: a canonical key for "is this the same condition /
// update / operand" and the words of diagnostics.

import { exprText as printExpr } from '../../ir/expr-text.js';
import type * as Ir from '../../ir/nodes.js';

const TERSE = { terse: true } as const;

/** The terse text of the compiler's one expression printer (`ir/expr-text.ts`). */
export function exprText(e: Ir.Expr): string {
  return printExpr(e, TERSE);
}

/** The integer value of a constant (through casts), if it is one. */
export function constInt(e: Ir.Expr): bigint | undefined {
  if (e.kind === 'Const' && typeof e.value === 'bigint') return e.value;
  if (e.kind === 'Cast') return constInt(e.operand);
  return undefined;
}

export function isPowerOfTwo(v: bigint): boolean {
  return v > 0n && (v & (v - 1n)) === 0n;
}
