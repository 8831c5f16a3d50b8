// IR expressions as P4-like text: the one printer behind IR dumps (`--dump-ir-after`), the code
// generator's field-list names and Tofino's rule checks. Tofino's checks ask for the terse style: a
// canonical key for "is this the same condition / update / operand" and the words of their
// diagnostics, whose spelling tests and users already see.

import { type ConstValue, printConst } from '../check/const-fold.js';
import { printType, type Type } from '../check/types.js';
import type * as Ir from './nodes.js';

export interface ExprTextStyle {
  /** Tofino's spelling: `x[b+:w]`, `-(x)`, casts to `bit<W>`/`int<W>` or the type's kind, calls
   * without type arguments, constants other than numbers and booleans as JSON, and the forms the
   * checks never compare (`{#}`, `_`, `...`, `this`, anonymous instances) by their kind. */
  readonly terse?: boolean;
}

export function exprText(e: Ir.Expr, style: ExprTextStyle = {}): string {
  const terse = style.terse === true;
  const text = (x: Ir.Expr | undefined): string => (x === undefined ? '_' : exprText(x, style));
  switch (e.kind) {
    case 'Const':
      return terse ? terseConst(e.value) : printConst(e.value);
    case 'Ref':
      return e.name;
    case 'Member':
      return `${text(e.object)}.${e.member}`;
    case 'Index':
      return `${text(e.object)}[${text(e.index)}]`;
    case 'Slice':
      return `${text(e.object)}[${e.hi}:${e.lo}]`;
    case 'DynamicSlice':
      return `${text(e.object)}[${text(e.base)}${terse ? '+:' : ' +: '}${e.width}]`;
    case 'Unary':
      return terse ? `${e.op}(${text(e.operand)})` : `${e.op}${text(e.operand)}`;
    case 'Binary':
      return `(${text(e.left)} ${e.op} ${text(e.right)})`;
    case 'Cast':
      return `(${terse ? terseType(e.type) : printType(e.type)})${text(e.operand)}`;
    case 'Mux':
      return `(${text(e.condition)} ? ${text(e.whenTrue)} : ${text(e.whenFalse)})`;
    case 'List':
      return `{${e.elements.map(text).join(', ')}}`;
    case 'StructInit':
      return `{${e.fields.map((f) => `${f.name} = ${text(f.value)}`).join(', ')}}`;
    case 'Call': {
      const args = e.args.map(text).join(', ');
      const targs = !terse && e.typeArgs.length > 0 ? `<${e.typeArgs.map(printType).join(', ')}>` : '';
      const c = e.callee;
      switch (c.kind) {
        case 'Method':
          return `${text(c.object)}.${c.method}${targs}(${args})`;
        case 'Apply':
          return `${text(c.object)}.apply(${args})`;
        case 'Builtin':
          return `${text(c.object)}.${c.name}(${args})`;
        case 'Function':
        case 'Action':
          return `${c.name}${targs}(${args})`;
      }
    }
  }
  if (terse) return e.kind;
  switch (e.kind) {
    case 'InvalidHeader':
      return '{#}';
    case 'DontCare':
      return '_';
    case 'Default':
      return '...';
    case 'This':
      return 'this';
    case 'New':
      return `${e.typeName}(${e.ctorArgs.map(text).join(', ')})`;
  }
}

function terseConst(v: ConstValue): string {
  return typeof v === 'bigint' || typeof v === 'boolean' ? String(v) : JSON.stringify(v, bigintAsString);
}

function bigintAsString(_key: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}

function terseType(t: Type): string {
  return t.kind === 'bit' || t.kind === 'int' ? `${t.kind}<${t.width}>` : t.kind;
}
