// How P4 values live in the generated JavaScript, and the per-type helpers the rest of the
// generated code calls. Representation (docs/pipeline-module.md, runtime/bits.ts):
//   bit<W>, int<W>, serializable enums, W ≤ 32  → number (bit unsigned, int sign-extended)
//   the same with W > 32                          → bigint (bit unsigned, int signed)
//   bool → boolean; error and plain enums → number (the member's index)
//   headers → one class per type: `$valid` plus every field, created in the constructor, so
//   every instance keeps one hidden class; structs likewise; header stacks → { e: [...], next };
//   header unions → an object holding one instance per member header.
// Fields of 33..64 bits inside headers and structs are stored as two numbers (`f$hi`, `f$lo`)
// behind a bigint getter and setter: parsing and deparsing (which touch every field) then
// never allocate, and only P4 code that reads such a field pays for the bigint.
// Per header type the module gets `extract_T(h, buf, o)` / `write_T(buf, o, h)`; per struct or
// header type `reset_T(x)` (what a parser's `out` parameter starts as) and `copy_T(dst, src)`.

import type { StructLikeType, Type } from '../check/types.js';
import { widthOf } from '../check/types.js';
import type { Writer } from './writer.js';

export type Rep = 'num' | 'big' | 'bool' | 'obj';

/** The underlying fixed-width integer of a scalar type, if it is one. */
export function scalarOf(t: Type): { width: number; signed: boolean } | undefined {
  switch (t.kind) {
    case 'bit':
      return { width: t.width, signed: false };
    case 'int':
      return { width: t.width, signed: true };
    case 'serEnum':
      return scalarOf(t.underlying);
    case 'newtype':
      return scalarOf(t.base);
    default:
      return undefined;
  }
}

export function repOf(t: Type): Rep {
  const s = scalarOf(t);
  if (s !== undefined) return s.width > 32 ? 'big' : 'num';
  switch (t.kind) {
    case 'bool':
      return 'bool';
    case 'error':
    case 'enum':
    case 'infint':
    case 'matchKind':
      return 'num';
    default:
      return 'obj';
  }
}

export function zeroOf(t: Type): string {
  const r = repOf(t);
  return r === 'big' ? '0n' : r === 'bool' ? 'false' : '0';
}

/** A JS identifier for a P4 type name (class and helper names). */
export function typeIdent(t: StructLikeType): string {
  return t.name.replace(/[^A-Za-z0-9_$]/g, '_');
}

/**
 * Names the generated module binds itself (the engine objects of every architecture, short
 * temporaries and parameters) or reads from JavaScript's global scope: a P4 type with one of
 * these names (p4c's samples declare `header hdr`) would be shadowed by, or shadow, them.
 */
const GENERATED_NAMES =
  /^(?:[A-Za-z]\w{0,2}|hdr|meta|standard_metadata|out_pkt|pkt|parser|deparser|services|(?:ig|eg)_(?:md|hdr|out|exit|intr_md(?:_from_prsr|_for_tm|_for_dprsr|_for_oport)?)|ingressParser|egressParser|Object|Array|Map|Set|Number|String|Boolean|BigInt|Math|JSON|Error|TypeError|RangeError|Uint8Array|DataView|Symbol|Date|Promise|Infinity|NaN|undefined|globalThis)$/;

/**
 * The JavaScript class of a struct, header or union: its P4 name, with a `$` after it when the
 * name is one the generated code uses for something else (`$` cannot occur in a P4 name, so
 * the class collides with nothing).
 */
export function classIdent(t: StructLikeType): string {
  const id = typeIdent(t);
  return GENERATED_NAMES.test(id) ? `${id}$` : id;
}

export interface FieldLayout {
  readonly name: string;
  readonly type: Type;
  readonly offset: number;
  readonly width: number;
}

/**
 * The bit layout of a header (or a struct of scalars), in field order. A field of struct type
 * (P4 allows them in headers; P4DB's `lock_pair locks`) is laid out in place, its leaves named
 * by their path (`locks.left`), which is also how the generated classes hold them.
 */
export function layoutOf(t: StructLikeType): FieldLayout[] | undefined {
  const out: FieldLayout[] = [];
  return addLeaves(t, '', 0, out) === undefined ? undefined : out;
}

/** Appends the leaves of `t` at bit `offset` with names under `prefix`; the offset after them. */
function addLeaves(t: StructLikeType, prefix: string, offset: number, out: FieldLayout[]): number | undefined {
  let at = offset;
  for (const f of t.fields) {
    if (f.type.kind === 'struct') {
      const next = addLeaves(f.type, `${prefix}${f.name}.`, at, out);
      if (next === undefined) return undefined;
      at = next;
      continue;
    }
    if (f.type.kind === 'headerStack' && f.type.element.kind !== 'header' && f.type.element.kind !== 'headerUnion') {
      // An array of scalars inside a header (P4 1.2.5's `bit<8>[16] arr`, p4c's array1): one
      // leaf per element, held as a stack's elements are (`arr.e[3]`).
      const el = f.type.element;
      const ew = el.kind === 'bool' ? 1 : widthOf(el);
      if (ew === undefined || (el.kind !== 'bit' && el.kind !== 'int' && el.kind !== 'bool')) return undefined;
      for (let i = 0; i < f.type.size; i++) {
        out.push({ name: `${prefix}${f.name}.e[${i}]`, type: el, offset: at, width: ew });
        at += ew;
      }
      continue;
    }
    const w = f.type.kind === 'bool' ? 1 : widthOf(f.type);
    if (w === undefined || f.type.kind === 'header') return undefined;
    out.push({ name: `${prefix}${f.name}`, type: f.type, offset: at, width: w });
    at += w;
  }
  return at;
}

export function totalWidth(l: readonly { readonly width: number }[]): number {
  return l.reduce((s, f) => s + f.width, 0);
}

/** JS that reads a field of type `t` and width `w` at bit offset `o` of `buf`. */
export function readField(t: Type, w: number, buf: string, o: string): string {
  const s = scalarOf(t);
  if (t.kind === 'bool') return `readBits(${buf}, ${o}, 1) !== 0`;
  if (s === undefined) return '0';
  if (w > 32)
    return s.signed ? `BigInt.asIntN(${w}, readBitsBig(${buf}, ${o}, ${w}))` : `readBitsBig(${buf}, ${o}, ${w})`;
  return s.signed ? `toSigned(readBits(${buf}, ${o}, ${w}), ${w})` : `readBits(${buf}, ${o}, ${w})`;
}

/** JS statement that writes value `v` (of type `t`, width `w`) at bit offset `o` of `buf`. */
export function writeField(t: Type, w: number, buf: string, o: string, v: string): string {
  if (t.kind === 'bool') return `writeBits(${buf}, ${o}, 1, ${v} ? 1 : 0);`;
  return w > 32 ? `writeBitsBig(${buf}, ${o}, ${w}, ${v});` : `writeBits(${buf}, ${o}, ${w}, ${v});`;
}

const plus = (o: number) => (o === 0 ? 'o' : `o + ${o}`);

/** Collects every struct-like type reachable from the roots, dependencies first, each once. */
export class TypeRegistry {
  readonly ordered: StructLikeType[] = [];
  private readonly seen = new Set<string>();
  /** Header types whose extract/write helpers are needed. */
  readonly unsupported: string[] = [];

  add(t: Type): void {
    if (t.kind === 'headerStack') {
      this.add(t.element);
      return;
    }
    if (t.kind === 'tuple') {
      for (const el of t.elements) this.add(el);
      return;
    }
    if (t.kind !== 'struct' && t.kind !== 'header' && t.kind !== 'headerUnion') return;
    if (t.name === '' || this.seen.has(t.name)) return;
    this.seen.add(t.name);
    for (const f of t.fields) this.add(f.type);
    this.ordered.push(t);
  }

  /** Classes and helpers for every registered type, at module level. */
  emit(w: Writer): void {
    for (const t of this.ordered) emitClass(w, t);
    for (const t of this.ordered) emitHelpers(w, t);
  }
}

export function initOf(t: Type): string {
  switch (t.kind) {
    case 'struct':
    case 'header':
    case 'headerUnion':
      return `new ${classIdent(t)}()`;
    case 'headerStack':
      return `{ e: [${Array.from({ length: t.size }, () => initOf(t.element)).join(', ')}], next: 0 }`;
    case 'tuple':
      // A tuple field of a struct (p4c's issue4057), indexed with constants as a stack is.
      return `{ e: [${t.elements.map(initOf).join(', ')}] }`;
    default:
      return zeroOf(t);
  }
}

/** A 33..64-bit scalar field, kept as `$hi`/`$lo` numbers behind a bigint accessor. */
export function isSplit(t: Type): boolean {
  const s = scalarOf(t);
  return s !== undefined && s.width > 32 && s.width <= 64;
}

/**
 * Structs the engine writes before every pass (timestamps): plain bigint fields, since a
 * setter would cost more there than it saves.
 */
export const ENGINE_WRITTEN = new Set([
  'ingress_intrinsic_metadata_from_parser_t',
  'egress_intrinsic_metadata_from_parser_t',
]);

/** Whether field `f` of type `t` is stored split. */
export function splitField(owner: StructLikeType, t: Type): boolean {
  return isSplit(t) && !ENGINE_WRITTEN.has(owner.name);
}

function emitClass(w: Writer, t: StructLikeType): void {
  w.block(`class ${classIdent(t)}`, () => {
    w.block('constructor()', () => {
      if (t.kind === 'header') w.line('this.$valid = false;');
      for (const f of t.fields) {
        if (splitField(t, f.type)) {
          w.line(`this.${f.name}$hi = 0;`);
          w.line(`this.${f.name}$lo = 0;`);
        } else if (f.type.kind === 'varbit') {
          // A varbit is its value and its current width in bits.
          w.line(`this.${f.name} = 0n;`);
          w.line(`this.${f.name}$w = 0;`);
        } else w.line(`this.${f.name} = ${initOf(f.type)};`);
      }
    });
    for (const f of t.fields) {
      if (!splitField(t, f.type)) continue;
      const s = scalarOf(f.type) as { width: number; signed: boolean };
      const hiBits = s.width - 32;
      const joined = `(BigInt(this.${f.name}$hi) << 32n) | BigInt(this.${f.name}$lo)`;
      w.block(`get ${f.name}()`, () => w.line(`return ${s.signed ? `BigInt.asIntN(${s.width}, ${joined})` : joined};`));
      w.block(`set ${f.name}(v)`, () => {
        w.line(`this.${f.name}$hi = Number(BigInt.asUintN(${hiBits}, v >> 32n));`);
        w.line(`this.${f.name}$lo = Number(BigInt.asUintN(32, v));`);
      });
    }
  });
}

export function resetLine(w: Writer, t: Type, x: string, split = false): void {
  if (split) {
    w.line(`${x}$hi = 0;`);
    w.line(`${x}$lo = 0;`);
    return;
  }
  switch (t.kind) {
    case 'header':
    case 'struct':
    case 'headerUnion':
      w.line(`reset_${typeIdent(t)}(${x});`);
      return;
    case 'headerStack':
      for (let i = 0; i < t.size; i++) resetLine(w, t.element, `${x}.e[${i}]`);
      w.line(`${x}.next = 0;`);
      return;
    case 'tuple':
      t.elements.forEach((el, i) => {
        resetLine(w, el, `${x}.e[${i}]`);
      });
      return;
    case 'varbit':
      // A varbit is a bigint and its current width.
      w.line(`${x} = 0n;`);
      w.line(`${x}$w = 0;`);
      return;
    default:
      w.line(`${x} = ${zeroOf(t)};`);
  }
}

export function copyLine(w: Writer, t: Type, dst: string, src: string): void {
  switch (t.kind) {
    case 'header':
    case 'struct':
    case 'headerUnion':
      w.line(`copy_${typeIdent(t)}(${dst}, ${src});`);
      return;
    case 'headerStack':
      for (let i = 0; i < t.size; i++) copyLine(w, t.element, `${dst}.e[${i}]`, `${src}.e[${i}]`);
      w.line(`${dst}.next = ${src}.next;`);
      return;
    case 'tuple':
      t.elements.forEach((el, i) => {
        copyLine(w, el, `${dst}.e[${i}]`, `${src}.e[${i}]`);
      });
      return;
    case 'varbit':
      w.line(`${dst} = ${src};`);
      w.line(`${dst}$w = ${src}$w;`);
      return;
    default:
      w.line(`${dst} = ${src};`);
  }
}

function emitHelpers(w: Writer, t: StructLikeType): void {
  const id = typeIdent(t);
  // A header starts invalid and, as Tofino's PHV does for each packet, with zero fields: a
  // program that reads a header its parser did not extract this time (Intel's tna_mirror
  // reads the bridged header's flag on a mirrored copy) sees 0, not the previous packet's
  // value (docs/tna-semantics.md, "Headers a parser did not extract").
  w.block(`function reset_${id}(x)`, () => {
    if (t.kind === 'header') w.line('x.$valid = false;');
    for (const f of t.fields) resetLine(w, f.type, `x.${f.name}`, splitField(t, f.type));
  });
  w.block(`function copy_${id}(d, s)`, () => {
    if (t.kind === 'header') w.line('d.$valid = s.$valid;');
    for (const f of t.fields) {
      if (splitField(t, f.type)) {
        w.line(`d.${f.name}$hi = s.${f.name}$hi;`);
        w.line(`d.${f.name}$lo = s.${f.name}$lo;`);
      } else copyLine(w, f.type, `d.${f.name}`, `s.${f.name}`);
    }
  });
  if (t.kind !== 'header') return;
  const layout = layoutOf(t);
  if (layout === undefined) {
    emitVarbitHelpers(w, t);
    return;
  }
  // Parsed and deparsed headers almost always start on a byte boundary: then every field is
  // read or written with byte operations inlined here, else through bits.ts.
  const parts = layout.flatMap((f): Part[] => {
    if (splitField(t, f.type))
      return [
        { target: `${f.name}$hi`, type: f.type, offset: f.offset, width: f.width - 32, num: true },
        { target: `${f.name}$lo`, type: f.type, offset: f.offset + f.width - 32, width: 32, num: true },
      ];
    return [{ target: f.name, type: f.type, offset: f.offset, width: f.width, num: f.width <= 32 }];
  });
  w.block(`function extract_${id}(h, b, o)`, () => {
    w.block(
      'if ((o & 7) === 0)',
      () => {
        w.line('const i = o >>> 3;');
        for (const p of parts)
          w.line(`h.${p.target} = ${p.num ? alignedRead(p) : readField(p.type, p.width, 'b', plus(p.offset))};`);
      },
      '} else {',
    );
    w.indent();
    for (const p of parts)
      w.line(
        `h.${p.target} = ${p.num ? readField(p.width > 32 ? bitType32 : p.type, p.width, 'b', plus(p.offset)) : readField(p.type, p.width, 'b', plus(p.offset))};`,
      );
    w.dedent();
    w.line('}');
    w.line('h.$valid = true;');
  });
  // Deparsers write into freshly emitted bits, which are zero: bytes can be OR-ed together.
  w.block(`function write_${id}(b, o, h)`, () => {
    w.block(
      'if ((o & 7) === 0)',
      () => {
        w.line('const i = o >>> 3;');
        for (const p of parts) {
          if (p.num) for (const l of alignedWrite(p, `h.${p.target}`)) w.line(l);
          else w.line(writeField(p.type, p.width, 'b', plus(p.offset), `h.${p.target}`));
        }
      },
      '} else {',
    );
    w.indent();
    for (const p of parts) {
      if (p.num && p.width <= 32 && p.type.kind !== 'bool')
        w.line(`writeBits(b, ${plus(p.offset)}, ${p.width}, h.${p.target});`);
      else w.line(writeField(p.type, p.width, 'b', plus(p.offset), `h.${p.target}`));
    }
    w.dedent();
    w.line('}');
  });
}

interface Part {
  readonly target: string;
  readonly type: Type;
  readonly offset: number;
  readonly width: number;
  /** Held as a number (≤ 32 bits, or one half of a split field). */
  readonly num: boolean;
}

const bitType32: Type = { kind: 'bit', width: 32 };

/** A ≤ 32-bit field at a static bit offset from byte `i`, with byte loads and shifts. */
function alignedRead(p: Part): string {
  const first = p.offset >> 3;
  const sh = p.offset & 7;
  const nb = (sh + p.width + 7) >> 3;
  const signed =
    p.width <= 32 && scalarOf(p.type)?.signed === true && !p.target.endsWith('$hi') && !p.target.endsWith('$lo');
  if (nb > 4) return readField(p.type, p.width, 'b', `o + ${p.offset}`);
  const idx = (k: number) => `b[i + ${first + k}]`.replace('i + 0]', 'i]');
  const bytes = Array.from({ length: nb }, (_, k) => {
    const s = 8 * (nb - 1 - k);
    return s === 0 ? idx(k) : `(${idx(k)} << ${s})`;
  });
  let v = bytes.length === 1 ? (bytes[0] as string) : `(${bytes.join(' | ')})`;
  if (nb === 4) v = `(${v} >>> 0)`;
  const down = 8 * nb - sh - p.width;
  if (down > 0) v = `(${v} >>> ${down})`;
  if (p.width < 8 * nb - down) v = `(${v} & ${p.width >= 32 ? '0xffffffff' : `0x${(2 ** p.width - 1).toString(16)}`})`;
  if (p.type.kind === 'bool') return `${v} !== 0`;
  return signed ? `toSigned(${v}, ${p.width})` : v;
}

/** OR-ing a ≤ 32-bit value into the zeroed bytes of its field, from byte `i`. */
function alignedWrite(p: Part, value: string): string[] {
  const first = p.offset >> 3;
  const last = (p.offset + p.width - 1) >> 3;
  if (last - first + 1 > 5) return [writeField(p.type, p.width, 'b', `o + ${p.offset}`, value)];
  const signed = scalarOf(p.type)?.signed === true && !p.target.endsWith('$hi') && !p.target.endsWith('$lo');
  let v = value;
  if (p.type.kind === 'bool') v = `(${value} ? 1 : 0)`;
  else if (signed) v = p.width >= 32 ? `(${value} >>> 0)` : `(${value} & 0x${(2 ** p.width - 1).toString(16)})`;
  const out: string[] = [];
  const needsTemp = last > first;
  const x = needsTemp ? `v_${p.target.replace(/[.$]/g, '_')}` : v;
  if (needsTemp) out.push(`const ${x} = ${v};`);
  for (let q = first; q <= last; q++) {
    const s = p.offset + p.width - 8 * q - 8;
    const part = s > 0 ? `(${x} >>> ${s})` : s < 0 ? `(${x} << ${-s})` : x;
    const whole = q > first && q < last;
    const masked =
      whole || (s >= 0 && q === first && (p.offset & 7) === 0 && p.width - 8 * (q - first) >= 8)
        ? `${part} & 0xff`
        : `${part} & 0xff`;
    const idx = `b[i + ${q}]`.replace('i + 0]', 'i]');
    out.push(q === first && (p.offset & 7) === 0 && p.width >= 8 ? `${idx} = ${masked};` : `${idx} |= ${masked};`);
  }
  return out;
}

/** The fixed bits of a header with one varbit field (all, and those before it), and that field; undefined for any other header. */
export function varbitLayout(
  t: StructLikeType,
): { fixed: number; beforeVarbit: number; field: string; max: number } | undefined {
  let fixed = 0;
  let beforeVarbit = 0;
  let field: { name: string; max: number } | undefined;
  for (const f of t.fields) {
    if (f.type.kind === 'varbit') {
      if (field !== undefined) return undefined;
      field = { name: f.name, max: f.type.width };
      beforeVarbit = fixed;
      continue;
    }
    const w = f.type.kind === 'bool' ? 1 : widthOf(f.type);
    if (w === undefined) return undefined;
    fixed += w;
  }
  return field === undefined ? undefined : { fixed, beforeVarbit, field: field.name, max: field.max };
}

/**
 * A header with a varbit field: `extractv_T(h, b, o, n)` reads it with an n-bit varbit,
 * `peekv_T(h, b, o)` only the fields before the varbit, `size_T(h)` is its current size in bits and `write_T(b, o, h)` writes it (bit by bit
 * through bits.ts: such headers are rare).
 */
function emitVarbitHelpers(w: Writer, t: StructLikeType): void {
  const id = typeIdent(t);
  const v = varbitLayout(t);
  if (v === undefined) return;
  const step = (f: { name: string; type: Type }, read: boolean) => {
    if (f.type.kind === 'varbit') {
      if (read) {
        w.line(`h.${f.name} = n === 0 ? 0n : readBitsBig(b, o, n);`);
        w.line(`h.${f.name}$w = n;`);
        w.line('o += n;');
      } else {
        w.line(`if (h.${f.name}$w > 0) writeBitsBig(b, o, h.${f.name}$w, h.${f.name});`);
        w.line(`o += h.${f.name}$w;`);
      }
      return;
    }
    const width = f.type.kind === 'bool' ? 1 : (widthOf(f.type) ?? 0);
    if (read) w.line(`h.${f.name} = ${readField(f.type, width, 'b', 'o')};`);
    else w.line(writeField(f.type, width, 'b', 'o', `h.${f.name}`));
    w.line(`o += ${width};`);
  };
  w.block(`function extractv_${id}(h, b, o, n)`, () => {
    for (const f of t.fields) step(f, true);
    w.line('h.$valid = true;');
  });
  // The fields before the varbit, read without extracting: an extract whose length reads the
  // header's own fields (`extract(h, (bit<32>)(h.ihl - 5) * 32)`) sees the packet's bits.
  w.block(`function peekv_${id}(h, b, o)`, () => {
    for (const f of t.fields) {
      if (f.type.kind === 'varbit') break;
      step(f, true);
    }
  });
  w.block(`function size_${id}(h)`, () => w.line(`return ${v.fixed} + h.${v.field}$w;`));
  w.block(`function write_${id}(b, o, h)`, () => {
    for (const f of t.fields) step(f, false);
  });
}
