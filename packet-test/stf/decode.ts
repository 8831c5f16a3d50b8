// Names the header field a byte of a packet falls in, with the program's own header types:
// header layouts (fields and widths) come from the compiled IR; where each header sits in a
// given packet comes from running the program's ingress parser over it in a scratch engine and
// reading the trace's `extract` events. Used by STF failure reports and `p4ts diff`.

import { type Type, widthOf } from '../../compiler/check/types.js';
import type * as Ir from '../../compiler/ir/nodes.js';
import { CollectingTraceSink } from '../../runtime/trace/trace-sink.js';
import { createEngine, type LoadedPipeline, type PacketEngine } from './engines.js';

export interface HeaderField {
  readonly name: string;
  /** Bits; -1 for a varbit (its width depends on the packet: decoding stops there). */
  readonly width: number;
}

/** Header instance path as the trace names it (`hdr.ipv4`, `hdr.vlan` for every element) → its type. */
export type HeaderLayouts = Readonly<
  Record<string, { readonly type: string; readonly fields: readonly HeaderField[] }>
>;

function collect(path: string, t: Type, out: Record<string, { type: string; fields: HeaderField[] }>, depth: number) {
  if (depth > 8) return;
  if (t.kind === 'header') {
    out[path] ??= { type: t.name, fields: t.fields.map((f) => ({ name: f.name, width: widthOf(f.type) ?? -1 })) };
    return;
  }
  if (t.kind === 'headerStack') {
    collect(path, t.element, out, depth + 1);
    return;
  }
  if (t.kind === 'struct' || t.kind === 'headerUnion')
    for (const f of t.fields) collect(`${path}.${f.name}`, f.type, out, depth + 1);
}

/** Every header reachable from a parser's or control's parameters, by path. */
export function headerLayoutsOf(ir: Ir.Program): HeaderLayouts {
  const out: Record<string, { type: string; fields: HeaderField[] }> = {};
  for (const b of [...ir.parsers, ...ir.controls]) for (const p of b.params) collect(p.name, p.type, out, 0);
  return out;
}

/** `hdr.vlan[1]`, `hdr.vlan.next`, `hdr.vlan.last` → `hdr.vlan`. */
function layoutKey(header: string): string {
  return header.replace(/(\[[^\]]*\]|\.next|\.last)$/, '');
}

export interface PlacedHeader {
  readonly header: string;
  /** Bit offset in the frame. */
  readonly bitOffset: number;
  readonly type: string;
  readonly fields: readonly HeaderField[];
}

export interface FieldAt {
  readonly header: string;
  readonly type: string;
  readonly field: string;
  /** Bit offset of the field in the frame, and its width. */
  readonly bitOffset: number;
  readonly width: number;
}

/**
 * Finds where the program's ingress parser puts each header in a frame: one scratch engine
 * (no entries; parsers do not read tables) runs the frame and its trace's `extract` events
 * of the first parser pass are kept.
 */
export class HeaderPlacer {
  private readonly sink = new CollectingTraceSink();
  private readonly engine: PacketEngine | undefined;
  private readonly prefixBits: number;

  constructor(
    module: LoadedPipeline,
    private readonly layouts: HeaderLayouts,
  ) {
    const made = createEngine(module, { output: () => {}, trace: this.sink, clockNs: () => 0 });
    this.engine = made.ok ? made.value.engine : undefined;
    this.prefixBits = made.ok ? made.value.driver.ingressPrefixBits : 0;
  }

  /** The headers the parser extracts from `frame` received on `port`, in order. */
  place(port: number, frame: Uint8Array): PlacedHeader[] {
    if (this.engine === undefined) return [];
    this.sink.events.length = 0;
    try {
      this.engine.receive(port, frame);
    } catch {
      // A parser that throws on this frame: use the headers found before it.
    }
    const first = this.sink.events[0]?.pkt;
    const placed: PlacedHeader[] = [];
    for (const e of this.sink.events) {
      if (e.pkt !== first || e.copy !== 0) continue;
      // The first pass's parser only: a control's first event ends it.
      if (e.event === 'tableHit' || e.event === 'tableMiss' || e.event === 'stage' || e.event === 'gateway') break;
      if (e.event !== 'extract') continue;
      const layout = this.layouts[layoutKey(e.header)];
      if (layout === undefined || e.bitOffset < this.prefixBits) continue;
      placed.push({
        header: e.header,
        bitOffset: e.bitOffset - this.prefixBits,
        type: layout.type,
        fields: layout.fields,
      });
    }
    return placed;
  }
}

/** Where the program's ingress parser finds each header in `frame` (one-off). */
export function placeHeaders(
  module: LoadedPipeline,
  layouts: HeaderLayouts,
  port: number,
  frame: Uint8Array,
): PlacedHeader[] {
  return new HeaderPlacer(module, layouts).place(port, frame);
}

/** Every field of the placed headers named `name`: `hdr.ipv4.ttl`, `ipv4.ttl` or `ipv4_h.ttl`. */
export function fieldsNamed(placed: readonly PlacedHeader[], name: string): FieldAt[] {
  const out: FieldAt[] = [];
  for (const h of placed) {
    let at = h.bitOffset;
    for (const f of h.fields) {
      if (f.width < 0) break;
      const full = `${h.header}.${f.name}`;
      if (full === name || full.endsWith(`.${name}`) || `${h.type}.${f.name}` === name)
        out.push({ header: h.header, type: h.type, field: f.name, bitOffset: at, width: f.width });
      at += f.width;
    }
  }
  return out;
}

/** The header field that holds bit `bit` of the frame, if a parsed header covers it. */
export function fieldAt(placed: readonly PlacedHeader[], bit: number): FieldAt | undefined {
  for (const h of placed) {
    let at = h.bitOffset;
    if (bit < at) continue;
    for (const f of h.fields) {
      if (f.width < 0) break;
      if (bit < at + f.width) return { header: h.header, type: h.type, field: f.name, bitOffset: at, width: f.width };
      at += f.width;
    }
  }
  return undefined;
}

/** The `width`-bit value at `bitOffset` of `bytes`, or undefined past the end. */
export function bitsAt(bytes: Uint8Array, bitOffset: number, width: number): bigint | undefined {
  if (bitOffset + width > bytes.length * 8) return undefined;
  let v = 0n;
  for (let i = 0; i < width; i++) {
    const b = bitOffset + i;
    v = (v << 1n) | BigInt(((bytes[b >> 3] as number) >> (7 - (b & 7))) & 1);
  }
  return v;
}
