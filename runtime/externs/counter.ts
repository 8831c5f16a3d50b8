// Counter<W, I> (TNA) / counter (v1model): per-index packet and/or byte counts, kept in
// Float64Arrays (exact up to 2^53, far beyond any run). W does not bound a count: Tofino's
// counter cells are the packet/byte counters of the counter's type whatever W says
// (docs/tna-semantics.md, "Counter width"). Indexes wrap like registers (extern.ts).

import { describeValue, err, ok, type Result } from '../result.js';
import { cellsFor, type Extern } from './extern.js';

export type CounterType = 'PACKETS' | 'BYTES' | 'PACKETS_AND_BYTES';

export interface CounterSpec {
  readonly name: string;
  readonly size: number;
  readonly type: CounterType;
  /** W, the counter cell width (default 64). */
  readonly width?: number;
}

export interface CounterValue {
  readonly packets: number;
  readonly bytes: number;
}

export class Counter implements Extern {
  readonly kind = 'counter' as const;
  readonly name: string;
  readonly size: number;
  readonly type: CounterType;
  readonly width: number;
  private readonly indexMask: number;
  private readonly packets: Float64Array;
  private readonly bytes: Float64Array;

  constructor(spec: CounterSpec) {
    this.name = spec.name;
    this.size = spec.size;
    this.type = spec.type;
    this.width = spec.width ?? 64;
    const cells = cellsFor(spec.size);
    this.indexMask = cells - 1;
    this.packets = new Float64Array(spec.type === 'BYTES' ? 0 : cells);
    this.bytes = new Float64Array(spec.type === 'PACKETS' ? 0 : cells);
  }

  /** Counts one packet of `packetBytes` bytes, less `adjustByteCount` (TNA's optional argument). */
  count(index: number, packetBytes: number, adjustByteCount = 0): void {
    const i = index & this.indexMask;
    if (this.type !== 'BYTES') this.packets[i] = (this.packets[i] as number) + 1;
    if (this.type !== 'PACKETS') {
      const b = packetBytes - adjustByteCount;
      this.bytes[i] = (this.bytes[i] as number) + Math.max(b, 0);
    }
  }

  /** The counts at an index (0..size-1). */
  read(index: number): Result<CounterValue, 'BAD_INDEX'> {
    if (!Number.isInteger(index) || index < 0 || index >= this.size)
      return err('BAD_INDEX', `counter ${this.name} has no index ${describeValue(index)}`);
    return ok({ packets: this.packets[index] ?? 0, bytes: this.bytes[index] ?? 0 });
  }

  /** Clears one index (control-plane write of zero). */
  clearIndex(index: number): Result<void, 'BAD_INDEX'> {
    if (!Number.isInteger(index) || index < 0 || index >= this.size)
      return err('BAD_INDEX', `counter ${this.name} has no index ${describeValue(index)}`);
    if (this.packets.length > 0) this.packets[index] = 0;
    if (this.bytes.length > 0) this.bytes[index] = 0;
    return ok(undefined);
  }

  /** Sets one index's counts (control-plane write, e.g. bmv2's counter_write). */
  write(index: number, packets: number, bytes: number): Result<void, 'BAD_INDEX'> {
    if (!Number.isInteger(index) || index < 0 || index >= this.size)
      return err('BAD_INDEX', `counter ${this.name} has no index ${describeValue(index)}`);
    if (this.packets.length > 0) this.packets[index] = packets;
    if (this.bytes.length > 0) this.bytes[index] = bytes;
    return ok(undefined);
  }

  reset(): void {
    this.packets.fill(0);
    this.bytes.fill(0);
  }

  snapshot(): { name: string; type: CounterType; packets: number[]; bytes: number[] } {
    return {
      name: this.name,
      type: this.type,
      packets: Array.from(this.packets.subarray(0, this.size)),
      bytes: Array.from(this.bytes.subarray(0, this.size)),
    };
  }
}
