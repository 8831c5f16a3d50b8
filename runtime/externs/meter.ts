// Meter<I> (TNA) / meter (v1model): RFC 2698 two-rate three-color markers, one per index,
// metering bytes or packets. Colors are Tofino's: GREEN 0, YELLOW 1, RED 3. Time comes from
// an injected clock in microseconds, so tests (and replays) are deterministic. An index the
// control plane never configured marks everything GREEN (it has no rate to exceed).

import { describeValue, err, ok, type Result } from '../result.js';
import { cellsFor, type Extern } from './extern.js';

export const GREEN = 0;
export const YELLOW = 1;
export const RED = 3;
export type MeterColor = typeof GREEN | typeof YELLOW | typeof RED;

/**
 * The color an unconfigured meter gives: no rate to exceed, so GREEN, but never better than
 * a color-aware execute's pre-color (RFC 2698 §3; bf-p4c's meter_dest_16_32 expects the
 * pre-color back). docs/tna-semantics.md, "Meters".
 */
export function unmeteredColor(preColor: number): MeterColor {
  return preColor === RED ? RED : preColor === YELLOW || preColor === 2 ? YELLOW : GREEN;
}

export type MeterType = 'PACKETS' | 'BYTES';

export interface MeterSpec {
  readonly name: string;
  readonly size: number;
  readonly type: MeterType;
  /** Microseconds since any fixed origin (default: performance.now()). */
  readonly clock?: () => number;
}

/** RFC 2698 parameters: rates in units (bytes or packets) per second, bursts in units. */
export interface MeterConfig {
  readonly cir: number;
  readonly cbs: number;
  readonly pir: number;
  readonly pbs: number;
}

export class Meter implements Extern {
  readonly kind = 'meter' as const;
  readonly name: string;
  readonly size: number;
  readonly type: MeterType;
  private readonly clock: () => number;
  private readonly indexMask: number;
  // Per index: rates per microsecond, bursts, current token counts, last update time.
  private readonly cirUs: Float64Array;
  private readonly pirUs: Float64Array;
  private readonly cbs: Float64Array;
  private readonly pbs: Float64Array;
  private readonly tc: Float64Array;
  private readonly tp: Float64Array;
  private readonly last: Float64Array;
  private readonly configured: Uint8Array;

  constructor(spec: MeterSpec) {
    this.name = spec.name;
    this.size = spec.size;
    this.type = spec.type;
    this.clock = spec.clock ?? (() => performance.now() * 1000);
    const cells = cellsFor(spec.size);
    this.indexMask = cells - 1;
    this.cirUs = new Float64Array(cells);
    this.pirUs = new Float64Array(cells);
    this.cbs = new Float64Array(cells);
    this.pbs = new Float64Array(cells);
    this.tc = new Float64Array(cells);
    this.tp = new Float64Array(cells);
    this.last = new Float64Array(cells);
    this.configured = new Uint8Array(cells);
  }

  /**
   * Marks one packet of `packetBytes` bytes (less `adjustByteCount`). `color` is the
   * pre-color for color-aware metering; omit it (or pass -1) for color-blind metering.
   */
  execute(index: number, packetBytes: number, color = -1, adjustByteCount = 0): MeterColor {
    const i = index & this.indexMask;
    if (this.configured[i] === 0) return unmeteredColor(color);
    const now = this.clock();
    const dt = now - (this.last[i] as number);
    this.last[i] = now;
    if (dt > 0) {
      this.tc[i] = Math.min(this.cbs[i] as number, (this.tc[i] as number) + (this.cirUs[i] as number) * dt);
      this.tp[i] = Math.min(this.pbs[i] as number, (this.tp[i] as number) + (this.pirUs[i] as number) * dt);
    }
    const b = this.type === 'PACKETS' ? 1 : Math.max(0, packetBytes - adjustByteCount);
    if (color === RED || (this.tp[i] as number) < b) return RED;
    if (color === YELLOW || (this.tc[i] as number) < b) {
      this.tp[i] = (this.tp[i] as number) - b;
      return YELLOW;
    }
    this.tp[i] = (this.tp[i] as number) - b;
    this.tc[i] = (this.tc[i] as number) - b;
    return GREEN;
  }

  /** Sets an index's rates and bursts; both buckets start full (RFC 2698 §3). */
  configure(index: number, c: MeterConfig): Result<void, 'BAD_INDEX' | 'BAD_METER_CONFIG'> {
    if (!Number.isInteger(index) || index < 0 || index >= this.size)
      return err('BAD_INDEX', `meter ${this.name} has no index ${describeValue(index)}`);
    const vals = [c.cir, c.cbs, c.pir, c.pbs];
    if (vals.some((v) => typeof v !== 'number' || !Number.isFinite(v) || v < 0)) {
      return err('BAD_METER_CONFIG', 'rates and bursts must be finite non-negative numbers');
    }
    if (c.pir < c.cir)
      return err('BAD_METER_CONFIG', `PIR ${c.pir} is below CIR ${c.cir} (RFC 2698 requires PIR ≥ CIR)`);
    this.cirUs[index] = c.cir / 1e6;
    this.pirUs[index] = c.pir / 1e6;
    this.cbs[index] = c.cbs;
    this.pbs[index] = c.pbs;
    this.tc[index] = c.cbs;
    this.tp[index] = c.pbs;
    this.last[index] = this.clock();
    this.configured[index] = 1;
    return ok(undefined);
  }

  /** Returns an index to the unconfigured state (marks GREEN). */
  unconfigure(index: number): Result<void, 'BAD_INDEX'> {
    if (!Number.isInteger(index) || index < 0 || index >= this.size)
      return err('BAD_INDEX', `meter ${this.name} has no index ${describeValue(index)}`);
    this.configured[index] = 0;
    return ok(undefined);
  }

  reset(): void {
    this.configured.fill(0);
  }

  snapshot(): { name: string; type: MeterType; configs: (MeterConfig | null)[] } {
    const configs: (MeterConfig | null)[] = [];
    for (let i = 0; i < this.size; i++) {
      configs.push(
        this.configured[i]
          ? {
              cir: (this.cirUs[i] as number) * 1e6,
              cbs: this.cbs[i] as number,
              pir: (this.pirUs[i] as number) * 1e6,
              pbs: this.pbs[i] as number,
            }
          : null,
      );
    }
    return { name: this.name, type: this.type, configs };
  }
}
