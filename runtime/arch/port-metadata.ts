// Tofino's per-port metadata table (TNA "phase 0"): 64 bits per ingress port, set by the
// control plane, that the ingress parser finds right after the ingress intrinsic header.
// `port_metadata_unpack<T>(pkt)` reads T from it; a parser that does not call it skips it
// (`pkt.advance(PORT_METADATA_SIZE)`). A port never set reads as zeros. docs/control-plane.md
// ("Port metadata") has the control-plane side.

import type { P4InfoField } from '../p4info.js';
import { err, ok, type Result } from '../result.js';

/** Tofino 1's 64 bits; Tofino 2 has 192 (its tofino2_specs.p4 PORT_METADATA_SIZE). */
export const PORT_METADATA_BYTES = 8;
const MAX_PORT_METADATA_BYTES = 24;
const PORTS = 512;

export class PortMetadataTable {
  /** By port number (9 bits); undefined when never set (the engine then writes zeros). */
  private readonly data: (Uint8Array | undefined)[] = Array.from({ length: PORTS }, () => undefined);

  /** The 8 bytes of a port, or undefined when never set. Hot path: an array index. */
  get(port: number): Uint8Array | undefined {
    return this.data[port & (PORTS - 1)];
  }

  /** Sets a port's bytes (shorter data is padded with zeros, longer is refused). */
  set(port: number, bytes: Uint8Array): Result<void, 'INVALID_PORT' | 'BAD_VALUE'> {
    if (!Number.isInteger(port) || port < 0 || port >= PORTS)
      return err('INVALID_PORT', `port ${port} is not in 0..511`);
    if (bytes.length > MAX_PORT_METADATA_BYTES)
      return err('BAD_VALUE', `port metadata is at most ${MAX_PORT_METADATA_BYTES} bytes, got ${bytes.length}`);
    const m = new Uint8Array(Math.max(PORT_METADATA_BYTES, bytes.length));
    m.set(bytes);
    this.data[port] = m;
    return ok(undefined);
  }

  delete(port: number): void {
    if (Number.isInteger(port) && port >= 0 && port < PORTS) this.data[port] = undefined;
  }

  /** Ports with data set, in port order. */
  ports(): number[] {
    const out: number[] = [];
    this.data.forEach((d, p) => {
      if (d !== undefined) out.push(p);
    });
    return out;
  }
}

/**
 * The 64-bit value of named fields laid out as the program's T (first field in the most
 * significant bits, as port_metadata_unpack reads them); fields not named are zero.
 */
export function packPortMetadata(
  fields: readonly P4InfoField[],
  values: Readonly<Record<string, bigint>>,
  bytes = PORT_METADATA_BYTES,
): Result<Uint8Array, 'BAD_VALUE'> {
  let v = 0n;
  let used = 0;
  for (const f of fields) {
    const x = values[f.name] ?? 0n;
    if (x < 0n || x >= 1n << BigInt(f.width)) return err('BAD_VALUE', `${f.name} does not fit in ${f.width} bits`);
    v = (v << BigInt(f.width)) | x;
    used += f.width;
  }
  const unknown = Object.keys(values).filter((k) => !fields.some((f) => f.name === k));
  if (unknown.length > 0) return err('BAD_VALUE', `the port metadata has no field ${unknown.join(', ')}`);
  if (used > bytes * 8) return err('BAD_VALUE', `the port metadata type has ${used} bits (at most ${bytes * 8})`);
  v <<= BigInt(bytes * 8 - used);
  return ok(bytesOf(v, bytes));
}

/** The fields of T read back from a port's bytes. */
export function unpackPortMetadata(fields: readonly P4InfoField[], bytes: Uint8Array): Record<string, bigint> {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  const out: Record<string, bigint> = {};
  let shift = bytes.length * 8;
  for (const f of fields) {
    shift -= f.width;
    if (shift < 0) break;
    out[f.name] = (v >> BigInt(shift)) & ((1n << BigInt(f.width)) - 1n);
  }
  return out;
}

export function bytesOf(v: bigint, n = PORT_METADATA_BYTES): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = n - 1; i >= 0; i--) {
    b[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return b;
}
