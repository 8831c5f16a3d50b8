// Lpf<T, I> and Wred<T, I> (TNA): per-index filters over a value the program supplies, with
// time from the pass clock (nanoseconds), configured by the control plane like Tofino's
// `$LPF_SPEC_*` / `$WRED_SPEC_*` fields. docs/control-plane.md "Low-pass filters and WRED".
//
// Lpf, SAMPLE mode: y ← y + (x − y)(1 − e^(−Δt/τ)), τ the gain time constant while the input
//   rises (x > y) and the decay time constant while it falls; RATE mode: y ← y·e^(−Δt/τ) + x,
//   a decaying sum of the inputs (≈ rate × τ). The output is y ≫ scaleDown, truncated to T.
//   An index never configured passes its input through.
// Wred: an average a ← a + (x − a)(1 − e^(−Δt/τ)) per index; below minThreshold never drop,
//   from maxThreshold always, in between with probability maxProbability·(a − min)/(max − min).
//   execute returns the program's drop value or no-drop value. Never configured: never drops.

import { describeValue, err, ok, type Result } from '../result.js';
import { cellsFor } from './extern.js';

export type LpfMode = 'SAMPLE' | 'RATE';

/**
 * DirectLpf / DirectWred: one cell per entry of their table. Entry handles grow without bound,
 * so each handle gets a cell index (0 for handle 0, the misses) until the entry is deleted.
 */
export class DirectCells {
  private readonly slots = new Map<number, number>();
  private readonly free: number[] = [];
  private next = 1;

  constructor(
    readonly table: string,
    readonly size: number,
  ) {}

  /** The cell of an entry handle (allocated on first use). */
  slot(handle: number): number {
    if (handle === 0) return 0;
    let s = this.slots.get(handle);
    if (s === undefined) {
      s = this.free.pop() ?? (this.next < this.size ? this.next++ : 0);
      this.slots.set(handle, s);
    }
    return s;
  }

  /** The entry was deleted: its cell is free (and reset by the caller). */
  forget(handle: number): number | undefined {
    const s = this.slots.get(handle);
    if (s === undefined || s === 0) return undefined;
    this.slots.delete(handle);
    this.free.push(s);
    return s;
  }

  clear(): void {
    this.slots.clear();
    this.free.length = 0;
    this.next = 1;
  }
}

export interface LpfConfig {
  readonly mode: LpfMode;
  readonly gainNs: number;
  readonly decayNs: number;
  /** Right shift of the output (Tofino's output scale-down factor), 0..31. */
  readonly scaleDown: number;
}

function nonNegative(v: unknown, what: string): string | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? undefined : `${what} ${describeValue(v)} is not ≥ 0`;
}

/** 1 − e^(−Δt/τ): how far one sample moves the filter (all the way when τ is 0). */
function step(dtNs: number, tauNs: number): number {
  return tauNs <= 0 ? 1 : 1 - Math.exp(-Math.max(0, dtNs) / tauNs);
}

/**
 * What an Lpf and a Wred keep per cell: its configuration (none: the filter does nothing), the
 * filtered value and the time of its last sample, and whether it has had one (the first sample
 * sets the value). The direct forms map entry handles to cells.
 */
abstract class FilterCells<C> {
  protected readonly mask: number;
  protected readonly value: Float64Array;
  protected readonly last: Float64Array;
  protected readonly seen: Uint8Array;
  protected readonly configs: (C | undefined)[];

  constructor(
    readonly name: string,
    readonly size: number,
    /** The direct form: `index` is the matched entry's handle. */
    readonly direct: DirectCells | undefined,
  ) {
    const cells = cellsFor(size);
    this.mask = cells - 1;
    this.value = new Float64Array(cells);
    this.last = new Float64Array(cells);
    this.seen = new Uint8Array(cells);
    this.configs = new Array(cells).fill(undefined);
  }

  config(index: number): C | undefined {
    return this.configs[index & this.mask];
  }

  /** The cell `execute` works on: the index, or the cell of the matched entry. */
  protected cell(index: number): number {
    return this.direct === undefined ? index & this.mask : this.direct.slot(index);
  }

  protected badIndex(index: number): Result<never, 'BAD_INDEX'> | undefined {
    if (Number.isInteger(index) && index >= 0 && index < this.size) return undefined;
    return err('BAD_INDEX', `${this.name} has indexes 0..${this.size - 1}`);
  }

  /** A new configuration: the cell's next sample starts it afresh. */
  protected store(index: number, c: C): void {
    this.configs[index] = c;
    this.seen[index] = 0;
  }

  /** The direct form: the entry was deleted; its cell starts unconfigured. */
  forget(handle: number): void {
    const s = this.direct?.forget(handle);
    if (s === undefined) return;
    this.configs[s] = undefined;
    this.seen[s] = 0;
  }

  reset(): void {
    this.value.fill(0);
    this.last.fill(0);
    this.seen.fill(0);
  }
}

export class Lpf extends FilterCells<LpfConfig> {
  readonly kind = 'lpf' as const;

  constructor(
    name: string,
    size: number,
    /** Bits of T: the output is truncated to them. */
    readonly width: number,
    /** DirectLpf: `index` is the matched entry's handle. */
    direct?: DirectCells,
  ) {
    super(name, size, direct);
  }

  configure(index: number, c: LpfConfig): Result<void, 'BAD_INDEX' | 'BAD_VALUE'> {
    const outside = this.badIndex(index);
    if (outside !== undefined) return outside;
    if (c.mode !== 'SAMPLE' && c.mode !== 'RATE')
      return err('BAD_VALUE', `mode ${describeValue(c.mode)} is not SAMPLE or RATE`);
    const bad = nonNegative(c.gainNs, 'gainNs') ?? nonNegative(c.decayNs, 'decayNs');
    if (bad !== undefined) return err('BAD_VALUE', bad);
    if (!Number.isInteger(c.scaleDown) || c.scaleDown < 0 || c.scaleDown > 31)
      return err('BAD_VALUE', `scaleDown ${describeValue(c.scaleDown)} is not in 0..31`);
    this.store(index, { mode: c.mode, gainNs: c.gainNs, decayNs: c.decayNs, scaleDown: c.scaleDown });
    this.value[index] = 0;
    return ok(undefined);
  }

  /** Filters `value` at `index` at time `nowNs`; returns the output as T (number or bigint). */
  execute(value: number | bigint, index: number, nowNs: number): number | bigint {
    const i = this.cell(index);
    const x = Number(value);
    const c = this.configs[i];
    if (c === undefined) return value;
    let y: number;
    if (this.seen[i] === 0) {
      y = x;
      this.seen[i] = 1;
    } else {
      const dt = nowNs - (this.last[i] as number);
      const prev = this.value[i] as number;
      if (c.mode === 'RATE') y = prev * (1 - step(dt, c.decayNs)) + x;
      else y = prev + (x - prev) * step(dt, x > prev ? c.gainNs : c.decayNs);
    }
    this.value[i] = y;
    this.last[i] = nowNs;
    const out = BigInt.asUintN(this.width, BigInt(Math.floor(Math.max(0, y))) >> BigInt(c.scaleDown));
    return this.width > 32 ? out : Number(out);
  }
}

export interface WredConfig {
  readonly timeConstantNs: number;
  readonly minThreshold: number;
  readonly maxThreshold: number;
  /** 0..1. */
  readonly maxProbability: number;
}

export class Wred extends FilterCells<WredConfig> {
  readonly kind = 'wred' as const;
  /** xorshift32 state: drops are reproducible run to run. */
  private rng = 0x2545f491;

  constructor(
    name: string,
    size: number,
    readonly dropValue: number,
    readonly noDropValue: number,
    /** DirectWred: `index` is the matched entry's handle. */
    direct?: DirectCells,
  ) {
    super(name, size, direct);
  }

  configure(index: number, c: WredConfig): Result<void, 'BAD_INDEX' | 'BAD_VALUE'> {
    const outside = this.badIndex(index);
    if (outside !== undefined) return outside;
    const bad =
      nonNegative(c.timeConstantNs, 'timeConstantNs') ??
      nonNegative(c.minThreshold, 'minThreshold') ??
      nonNegative(c.maxThreshold, 'maxThreshold');
    if (bad !== undefined) return err('BAD_VALUE', bad);
    if (c.maxThreshold < c.minThreshold) return err('BAD_VALUE', 'maxThreshold is below minThreshold');
    if (typeof c.maxProbability !== 'number' || !(c.maxProbability >= 0 && c.maxProbability <= 1))
      return err('BAD_VALUE', `maxProbability ${describeValue(c.maxProbability)} is not in 0..1`);
    this.store(index, { ...c });
    return ok(undefined);
  }

  /** Whether to drop, as the program's drop or no-drop value, for `value` at `index`. */
  execute(value: number | bigint, index: number, nowNs: number): number {
    const i = this.cell(index);
    const c = this.configs[i];
    if (c === undefined) return this.noDropValue;
    const x = Number(value);
    let a: number;
    if (this.seen[i] === 0) {
      a = x;
      this.seen[i] = 1;
    } else {
      const prev = this.value[i] as number;
      a = prev + (x - prev) * step(nowNs - (this.last[i] as number), c.timeConstantNs);
    }
    this.value[i] = a;
    this.last[i] = nowNs;
    if (a < c.minThreshold) return this.noDropValue;
    if (a >= c.maxThreshold) return this.dropValue;
    const p = (c.maxProbability * (a - c.minThreshold)) / (c.maxThreshold - c.minThreshold);
    return this.random() < p ? this.dropValue : this.noDropValue;
  }

  /** The filtered average at an index (control plane and tests). */
  average(index: number): number {
    return this.value[index & this.mask] as number;
  }

  private random(): number {
    let s = this.rng;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.rng = s >>> 0;
    return this.rng / 2 ** 32;
  }
}
