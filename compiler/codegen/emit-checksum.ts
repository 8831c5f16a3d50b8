// Checksum.update over a field list whose layout is known at compile time (the IPv4 header
// checksum in every deparser): the list's 16-bit words are summed inline, so the packet path
// skips packing the fields into the extern's FieldList one call at a time. The result is the
// extern's own: RFC 1071's ones' complement of the folded sum, the last word zero-padded.

import type * as Ir from '../ir/nodes.js';
import { type FnCtx, flattenFields } from './emit-expr.js';
import { repOf } from './emit-types.js';

const HELPER = 'checksum16';

/** A value read twice costs nothing and changes nothing: a path or a literal. */
const PURE_JS = /^(?:[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*|\d+|0x[0-9a-fA-F]+)$/;

/**
 * The JS of `update(list, zerosAsOnes)` with the words summed inline, or undefined when a
 * field is wider than 32 bits, a varbit, or not a plain read (the extern's chain is emitted then).
 */
export function inlineChecksumUpdate(
  cx: FnCtx,
  list: Ir.Expr | undefined,
  zerosAsOnes: string | undefined,
): string | undefined {
  if (list === undefined) return undefined;
  const fields = flattenFields(cx, list);
  const values: { js: string; width: number }[] = [];
  for (const f of fields) {
    const r = repOf(f.type);
    // Only scalars of a fixed width ≤ 32 bits (a varbit's width is known at run time only).
    if ((r !== 'num' && r !== 'bool') || f.width > 32 || f.width < 1 || !PURE_JS.test(f.js)) return undefined;
    values.push({ js: r === 'bool' ? `(${f.js} ? 1 : 0)` : f.js, width: f.width });
  }
  if (values.length === 0) return undefined;
  const words: string[][] = [];
  let at = 0;
  for (const v of values) {
    // The field occupies list bits [at, at + width), most significant bit first.
    for (let lo = at; lo < at + v.width; ) {
      const word = lo >>> 4;
      const wordEnd = (word + 1) * 16;
      const hi = Math.min(at + v.width, wordEnd);
      const bits = hi - lo;
      const down = at + v.width - hi;
      const up = wordEnd - hi;
      let piece = down === 0 ? v.js : `(${v.js} >>> ${down})`;
      // A piece is at most 16 bits; masking keeps an out-of-range value to the bits the list packs.
      piece = `(${piece} & ${hex(2 ** bits - 1)})`;
      if (up > 0) piece = `(${piece} << ${up})`;
      const pieces = words[word] ?? [];
      pieces.push(piece);
      words[word] = pieces;
      lo = hi;
    }
    at += v.width;
  }
  cx.gen.moduleHelpers.set(HELPER, (w) => {
    w.line("/** Checksum.update of a list summed inline: the ones' complement of the folded 16-bit sum. */");
    w.block(`function ${HELPER}(s, zerosAsOnes)`, () => {
      w.line('while (s > 0xffff) s = (s % 0x10000) + Math.floor(s / 0x10000);');
      w.line('const c = ~s & 0xffff;');
      w.line('return zerosAsOnes && c === 0 ? 0xffff : c;');
    });
  });
  const sum = words.map((w) => (w.length === 1 ? (w[0] as string) : `(${w.join(' | ')})`)).join(' + ');
  return `${HELPER}(${sum}, ${zerosAsOnes ?? 'false'})`;
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}
