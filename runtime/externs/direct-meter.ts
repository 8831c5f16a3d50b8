// DirectMeter (docs/tna.md §5): a two-rate three-color marker per entry of its table, reached through
// the matched entry's handle (0: the default action). The buckets are an indexed Meter's; this
// class only maps handles to its cells, which the control plane claims by configuring an entry.

import { describeValue, err, ok, type Result } from '../result.js';
import { Meter, type MeterColor, type MeterConfig, type MeterType, unmeteredColor } from './meter.js';

export class DirectMeter {
  readonly kind = 'meter' as const;
  readonly name: string;
  readonly table: string;
  readonly type: MeterType;
  private readonly buckets: Meter;
  private readonly cellOf = new Map<number, number>();
  private readonly freeCells: number[] = [];
  private nextCell = 0;

  /** `cells`: the table's size plus one for the default action. */
  constructor(name: string, table: string, type: MeterType, cells: number, clock?: () => number) {
    this.name = name;
    this.table = table;
    this.type = type;
    this.buckets = new Meter({ name, size: cells, type, ...(clock === undefined ? {} : { clock }) });
  }

  /** DirectMeter.execute(): the color of the packet for the entry that matched. */
  execute(handle: number, packetBytes: number, color = -1, adjustByteCount = 0): MeterColor {
    const cell = this.cellOf.get(handle);
    // An entry the control plane never configured has no rate to exceed.
    if (cell === undefined) return unmeteredColor(color);
    return this.buckets.execute(cell, packetBytes, color, adjustByteCount);
  }

  /** Sets the entry's rates and bursts (both buckets start full). */
  configure(handle: number, c: MeterConfig): Result<void, 'BAD_INDEX' | 'BAD_METER_CONFIG'> {
    if (!Number.isSafeInteger(handle) || handle < 0)
      return err('BAD_INDEX', `direct meter ${this.name}: ${describeValue(handle)} is not an entry handle`);
    let cell = this.cellOf.get(handle);
    const claimed = cell === undefined;
    if (cell === undefined) {
      cell = this.freeCells.pop() ?? (this.nextCell < this.buckets.size ? this.nextCell++ : undefined);
      if (cell === undefined)
        return err('BAD_INDEX', `direct meter ${this.name}: all ${this.buckets.size} cells are configured`);
    }
    const r = this.buckets.configure(cell, c);
    if (!r.ok) {
      if (claimed) this.freeCells.push(cell);
      return r;
    }
    this.cellOf.set(handle, cell);
    return ok(undefined);
  }

  /** The entry's configuration, or null when it marks everything GREEN. */
  config(handle: number): MeterConfig | null {
    const cell = this.cellOf.get(handle);
    return cell === undefined ? null : (this.buckets.snapshot().configs[cell] ?? null);
  }

  /** The entry goes back to marking GREEN (the control plane deleted it, or asked). */
  forget(handle: number): void {
    const cell = this.cellOf.get(handle);
    if (cell === undefined) return;
    this.buckets.unconfigure(cell);
    this.cellOf.delete(handle);
    this.freeCells.push(cell);
  }

  reset(): void {
    this.buckets.reset();
    this.cellOf.clear();
    this.freeCells.length = 0;
    this.nextCell = 0;
  }

  snapshot(): { name: string; table: string; type: MeterType; cells: [number, MeterConfig | null][] } {
    return {
      name: this.name,
      table: this.table,
      type: this.type,
      cells: [...this.cellOf.keys()].map((h) => [h, this.config(h)]),
    };
  }
}
