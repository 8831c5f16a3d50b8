// Compares two runs packet by packet, per port and in order: the i-th packet out of a port in
// A against the i-th in B. Fields that legitimately differ are masked first (`--ignore`:
// a header field decoded with the program's headers, or a byte range). The first
// divergence of each port is kept with the header field it falls in.

import { type FieldAt, fieldAt, fieldsNamed, type HeaderPlacer, type PlacedHeader } from '../stf/decode.js';
import type { CapturedPacket, CaptureSide } from './capture.js';

export type IgnoreSpec =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'bytes'; readonly offset: number; readonly length: number };

export interface Divergence {
  /** The packet's position on its port (0 = first). */
  readonly index: number;
  /** The first differing byte; a length difference shows at the shorter packet's end. */
  readonly byte: number;
  readonly a: string;
  readonly b: string;
  readonly lengthA: number;
  readonly lengthB: number;
  readonly originA: string;
  readonly originB: string;
  readonly field?: FieldAt & { readonly valueA?: string; readonly valueB?: string };
}

export interface PortDiff {
  readonly port: number;
  readonly packetsA: number;
  readonly packetsB: number;
  readonly same: number;
  readonly differing: number;
  readonly onlyA: number;
  readonly onlyB: number;
  readonly first?: Divergence;
}

export interface DiffResult {
  readonly ports: readonly PortDiff[];
  readonly same: number;
  readonly differing: number;
  readonly onlyA: number;
  readonly onlyB: number;
  /** Ignore field names that no packet had (probably misspelt). */
  readonly unusedIgnores: readonly string[];
}

export interface DiffOptions {
  readonly ignore?: readonly IgnoreSpec[];
  /** Decodes packets with the program's headers (needed for field ignores and names). */
  readonly placer?: HeaderPlacer;
}

function bitsValue(bytes: Uint8Array, f: FieldAt): string | undefined {
  if (f.bitOffset + f.width > bytes.length * 8) return undefined;
  let v = 0n;
  for (let i = 0; i < f.width; i++) {
    const b = f.bitOffset + i;
    v = (v << 1n) | BigInt(((bytes[b >> 3] as number) >> (7 - (b & 7))) & 1);
  }
  return `0x${v.toString(16)}`;
}

function clearBits(bytes: Uint8Array, offset: number, width: number): void {
  for (let i = 0; i < width; i++) {
    const b = offset + i;
    if (b >> 3 >= bytes.length) return;
    bytes[b >> 3] = (bytes[b >> 3] as number) & ~(0x80 >> (b & 7));
  }
}

const hexByte = (bytes: Uint8Array, i: number) =>
  i < bytes.length ? (bytes[i] as number).toString(16).padStart(2, '0') : '--';

export function diffCaptures(a: CaptureSide, b: CaptureSide, o: DiffOptions = {}): DiffResult {
  const ignore = o.ignore ?? [];
  const fieldIgnores = ignore.filter((i) => i.kind === 'field').map((i) => (i as { name: string }).name);
  const used = new Set<string>();
  const placements = new Map<CapturedPacket, PlacedHeader[]>();
  const place = (port: number, p: CapturedPacket) => {
    let r = placements.get(p);
    if (r === undefined) {
      r = o.placer?.place(port, p.data) ?? [];
      placements.set(p, r);
    }
    return r;
  };
  /** Both packets with the ignored bits cleared (as placed in each packet). */
  const masked = (port: number, pa: CapturedPacket, pb: CapturedPacket): [Uint8Array, Uint8Array] => {
    const x = pa.data.slice();
    const y = pb.data.slice();
    for (const i of ignore) {
      if (i.kind === 'bytes') {
        clearBits(x, i.offset * 8, i.length * 8);
        clearBits(y, i.offset * 8, i.length * 8);
      }
    }
    if (fieldIgnores.length > 0 && o.placer !== undefined) {
      for (const p of [pa, pb]) {
        const placed = place(port, p);
        for (const name of fieldIgnores) {
          const fs = fieldsNamed(placed, name);
          if (fs.length > 0) used.add(name);
          for (const f of fs) {
            clearBits(x, f.bitOffset, f.width);
            clearBits(y, f.bitOffset, f.width);
          }
        }
      }
    }
    return [x, y];
  };

  const ports: PortDiff[] = [];
  const numbers = [...new Set([...a.ports.keys(), ...b.ports.keys()])].sort((m, n) => m - n);
  for (const port of numbers) {
    const la = a.ports.get(port) ?? [];
    const lb = b.ports.get(port) ?? [];
    let same = 0;
    let differing = 0;
    let first: Divergence | undefined;
    for (let i = 0; i < Math.min(la.length, lb.length); i++) {
      const pa = la[i] as CapturedPacket;
      const pb = lb[i] as CapturedPacket;
      const [x, y] = masked(port, pa, pb);
      let byte = -1;
      const n = Math.min(x.length, y.length);
      for (let k = 0; k < n; k++)
        if (x[k] !== y[k]) {
          byte = k;
          break;
        }
      if (byte < 0 && x.length !== y.length) byte = n;
      if (byte < 0) {
        same++;
        continue;
      }
      differing++;
      if (first !== undefined) continue;
      let field: Divergence['field'];
      if (o.placer !== undefined && byte < n) {
        let bit = byte * 8;
        while (bit < byte * 8 + 7 && (((x[byte] as number) ^ (y[byte] as number)) & (0x80 >> (bit & 7))) === 0) bit++;
        const f = fieldAt(place(port, pa), bit);
        if (f !== undefined) {
          const va = bitsValue(pa.data, f);
          const vb = bitsValue(pb.data, f);
          field = { ...f, ...(va === undefined ? {} : { valueA: va }), ...(vb === undefined ? {} : { valueB: vb }) };
        }
      }
      first = {
        index: i,
        byte,
        a: hexByte(pa.data, byte),
        b: hexByte(pb.data, byte),
        lengthA: pa.data.length,
        lengthB: pb.data.length,
        originA: pa.origin,
        originB: pb.origin,
        ...(field === undefined ? {} : { field }),
      };
    }
    const onlyA = Math.max(0, la.length - lb.length);
    const onlyB = Math.max(0, lb.length - la.length);
    ports.push({
      port,
      packetsA: la.length,
      packetsB: lb.length,
      same,
      differing,
      onlyA,
      onlyB,
      ...(first === undefined ? {} : { first }),
    });
  }
  const sum = (k: 'same' | 'differing' | 'onlyA' | 'onlyB') => ports.reduce((s, p) => s + p[k], 0);
  return {
    ports,
    same: sum('same'),
    differing: sum('differing'),
    onlyA: sum('onlyA'),
    onlyB: sum('onlyB'),
    unusedIgnores: o.placer === undefined ? [] : fieldIgnores.filter((n) => !used.has(n)),
  };
}

export function diffIsClean(r: DiffResult): boolean {
  return r.differing === 0 && r.onlyA === 0 && r.onlyB === 0;
}

export function formatDiff(r: DiffResult, a: CaptureSide, b: CaptureSide): string {
  const lines: string[] = [`A: ${a.description}`, `B: ${b.description}`];
  for (const p of r.ports) {
    const parts = [`${p.same} same`];
    if (p.differing > 0) parts.push(`${p.differing} differing`);
    if (p.onlyA > 0) parts.push(`${p.onlyA} only in A`);
    if (p.onlyB > 0) parts.push(`${p.onlyB} only in B`);
    lines.push(
      `port ${p.port}: ${p.packetsA} packet${p.packetsA === 1 ? '' : 's'} in A, ${p.packetsB} in B: ${parts.join(', ')}`,
    );
    const d = p.first;
    if (d !== undefined) {
      const what =
        d.byte >= Math.min(d.lengthA, d.lengthB)
          ? `lengths differ (A ${d.lengthA} bytes, B ${d.lengthB})`
          : `byte ${d.byte}: A ${d.a}, B ${d.b}`;
      const field =
        d.field === undefined
          ? ''
          : ` in ${d.field.header}.${d.field.field} (${d.field.type}): A ${d.field.valueA ?? '?'}, B ${d.field.valueB ?? '?'}`;
      lines.push(`  first divergence: packet #${d.index + 1} (A ${d.originA}, B ${d.originB}): ${what}${field}`);
    }
    if (p.onlyA > 0 && d === undefined) lines.push(`  A has ${p.onlyA} more packet(s) from #${p.packetsB + 1}`);
    if (p.onlyB > 0 && d === undefined) lines.push(`  B has ${p.onlyB} more packet(s) from #${p.packetsA + 1}`);
  }
  for (const n of r.unusedIgnores) lines.push(`note: --ignore ${n} matched no field of any packet`);
  lines.push(
    `${diffIsClean(r) ? 'SAME' : 'DIFFER'}: ${r.same} same, ${r.differing} differing, ${r.onlyA} only in A, ${r.onlyB} only in B`,
  );
  return lines.join('\n');
}
