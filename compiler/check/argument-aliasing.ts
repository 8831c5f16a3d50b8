// Out and inout arguments of one call that share storage (`f(x, x)`, `f(h, h.f)`): the call
// copies them out one after the other, so the later one silently overwrites the earlier.
// p4c warns about it (ordering); so do we, with p4c's aliasing rule.

import type * as Ast from '../parser/ast.js';
import type { Checker } from './context.js';
import { CheckMessages as M } from './messages.js';
import type { Param } from './types.js';

/** One step of an l-value: a declaration, a field, or an index (undefined when not constant). */
type Step = { readonly decl: object } | { readonly field: string } | { readonly index: bigint | undefined };

export function warnAliasedOutArguments(
  cx: Checker,
  params: readonly Param[],
  args: readonly (Ast.Expression | undefined)[],
): void {
  const written: { arg: Ast.Expression; path: Step[] }[] = [];
  for (const [i, arg] of args.entries()) {
    const p = params[i];
    if (arg === undefined || p === undefined || (p.direction !== 'out' && p.direction !== 'inout')) continue;
    const path = pathOf(cx, arg);
    if (path === undefined) continue;
    const earlier = written.find((w) => mayAlias(w.path, path));
    if (earlier !== undefined) {
      const d = cx.sink.report(M.aliasedOutArguments, earlier.arg.span, text(earlier.arg), text(arg));
      cx.sink.addRelated(d, arg.span, `'${text(arg)}' is copied out after it`);
    }
    written.push({ arg, path });
  }
}

/** The storage an l-value names, outermost first; undefined for anything that is not one. */
function pathOf(cx: Checker, e: Ast.Expression): Step[] | undefined {
  switch (e.kind) {
    case 'PathExpression': {
      const decl = cx.declOf.get(e);
      return decl === undefined ? undefined : [{ decl }];
    }
    case 'MemberExpression': {
      const base = pathOf(cx, e.object);
      return base === undefined ? undefined : [...base, { field: e.member.name }];
    }
    case 'IndexExpression': {
      const base = pathOf(cx, e.object);
      const v = cx.valueOf.get(e.index);
      return base === undefined ? undefined : [...base, { index: typeof v === 'bigint' ? v : undefined }];
    }
    case 'SliceExpression':
      // Two slices of one field may not overlap, but p4c treats the field as a whole.
      return pathOf(cx, e.object);
    default:
      return undefined;
  }
}

/** One path is a prefix of the other, step by step; an index not known at compile time may be any. */
function mayAlias(a: readonly Step[], b: readonly Step[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as Step;
    const y = b[i] as Step;
    if ('decl' in x) {
      if (!('decl' in y) || x.decl !== y.decl) return false;
    } else if ('field' in x) {
      if (!('field' in y) || x.field !== y.field) return false;
    } else if (!('index' in y) || (x.index !== undefined && y.index !== undefined && x.index !== y.index)) return false;
  }
  return true;
}

/** The l-value as written, for the message (`hdr.h[1].f`). */
function text(e: Ast.Expression): string {
  switch (e.kind) {
    case 'PathExpression':
      return e.name.name;
    case 'MemberExpression':
      return `${text(e.object)}.${e.member.name}`;
    case 'IndexExpression':
      return `${text(e.object)}[${e.index.kind === 'IntegerLiteral' ? e.index.value.toString() : '...'}]`;
    case 'SliceExpression':
      return `${text(e.object)}[..]`;
    default:
      return 'this argument';
  }
}
