// IR expressions as short P4-like text: a canonical key for "is this the same condition /
// update / operand" and the words of diagnostics.

import type * as Ir from '../../ir/nodes.js';

export function exprText(e: Ir.Expr): string {
  switch (e.kind) {
    case 'Const':
      return typeof e.value === 'bigint' || typeof e.value === 'boolean'
        ? String(e.value)
        : JSON.stringify(e.value, big);
    case 'Ref':
      return e.name;
    case 'Member':
      return `${exprText(e.object)}.${e.member}`;
    case 'Index':
      return `${exprText(e.object)}[${exprText(e.index)}]`;
    case 'Slice':
      return `${exprText(e.object)}[${e.hi}:${e.lo}]`;
    case 'DynamicSlice':
      return `${exprText(e.object)}[${exprText(e.base)}+:${e.width}]`;
    case 'Unary':
      return `${e.op}(${exprText(e.operand)})`;
    case 'Binary':
      return `(${exprText(e.left)} ${e.op} ${exprText(e.right)})`;
    case 'Cast':
      return `(${typeText(e.type)})${exprText(e.operand)}`;
    case 'Mux':
      return `(${exprText(e.condition)} ? ${exprText(e.whenTrue)} : ${exprText(e.whenFalse)})`;
    case 'List':
      return `{${e.elements.map(exprText).join(', ')}}`;
    case 'StructInit':
      return `{${e.fields.map((f) => `${f.name} = ${exprText(f.value)}`).join(', ')}}`;
    case 'Call': {
      const c = e.callee;
      const head =
        c.kind === 'Method'
          ? `${exprText(c.object)}.${c.method}`
          : c.kind === 'Apply'
            ? `${exprText(c.object)}.apply`
            : c.kind === 'Builtin'
              ? `${exprText(c.object)}.${c.name}`
              : c.name;
      return `${head}(${e.args.map((a) => (a === undefined ? '_' : exprText(a))).join(', ')})`;
    }
    default:
      return e.kind;
  }
}

function big(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}

function typeText(t: Ir.Type): string {
  return t.kind === 'bit' || t.kind === 'int' ? `${t.kind}<${t.width}>` : t.kind;
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
