// Direct externs (docs/tna.md §5): DirectCounter and DirectRegister (+ DirectRegisterAction) keep
// one cell per entry of their table, addressed by the entry's handle; handle 0 stands for the
// table's default action (a miss). Handles are never reused (tables/table.ts), so a deleted
// entry's cell is simply never reached again; `forget` drops it when the control plane
// deletes the entry. DirectMeter, whose cells are token buckets, is in direct-meter.ts.

import type { PacketIdentity } from '../packet.js';
import type { TraceSink } from '../trace/trace-sink.js';
import type { CounterType, CounterValue } from './counter.js';
import type { RegisterApply, RegisterCell } from './register-action.js';

/** The handle generated code passes on a miss. */
export const DEFAULT_ENTRY_HANDLE = 0;

export class DirectCounter {
  readonly kind = 'counter' as const;
  readonly name: string;
  readonly table: string;
  readonly type: CounterType;
  private readonly cells = new Map<number, { packets: number; bytes: number }>();

  constructor(name: string, table: string, type: CounterType) {
    this.name = name;
    this.table = table;
    this.type = type;
  }

  /** DirectCounter.count(): counts the packet against the entry that matched. */
  count(handle: number, packetBytes: number, adjustByteCount = 0): void {
    let c = this.cells.get(handle);
    if (c === undefined) {
      c = { packets: 0, bytes: 0 };
      this.cells.set(handle, c);
    }
    if (this.type !== 'BYTES') c.packets++;
    if (this.type !== 'PACKETS') c.bytes += Math.max(packetBytes - adjustByteCount, 0);
  }

  read(handle: number): CounterValue {
    const c = this.cells.get(handle);
    return { packets: c?.packets ?? 0, bytes: c?.bytes ?? 0 };
  }

  forget(handle: number): void {
    this.cells.delete(handle);
  }

  reset(): void {
    this.cells.clear();
  }

  snapshot(): { name: string; table: string; cells: [number, CounterValue][] } {
    return { name: this.name, table: this.table, cells: [...this.cells.entries()].map(([h, c]) => [h, { ...c }]) };
  }
}

export class DirectRegister {
  readonly kind = 'register' as const;
  readonly name: string;
  readonly table: string;
  readonly width: number;
  readonly signed: boolean;
  readonly initial: number;
  /** T is a struct of two equal-width fields (Tofino's 64-bit word): `lo` and `hi` per cell. */
  readonly paired: boolean;
  /** A paired cell's second half starts here (the constructor's `{lo, hi}`; else `initial`). */
  readonly initialHi: number;
  private readonly cells = new Map<number, RegisterCell>();
  private readonly shift: number;

  constructor(
    name: string,
    table: string,
    width: number,
    signed = false,
    initial = 0,
    paired = false,
    initialHi: number = initial,
  ) {
    if (!Number.isInteger(width) || width < 1 || width > 32)
      throw new RangeError(`direct register ${name}: width ${width}`);
    this.name = name;
    this.table = table;
    this.width = width;
    this.signed = signed;
    this.shift = 32 - width;
    this.initial = this.norm(initial);
    this.paired = paired;
    this.initialHi = this.norm(initialHi);
  }

  /** The entry's cell (created at the initial value on first use). */
  cell(handle: number): RegisterCell {
    let c = this.cells.get(handle);
    if (c === undefined) {
      c = { lo: this.initial, hi: this.paired ? this.initialHi : 0 };
      this.cells.set(handle, c);
    }
    return c;
  }

  /** DirectRegister.read() for the matched entry. */
  read(handle: number): number {
    return this.cells.get(handle)?.lo ?? this.initial;
  }

  /** The second half of a paired cell. */
  readHi(handle: number): number {
    return this.cells.get(handle)?.hi ?? (this.paired ? this.initialHi : 0);
  }

  /** DirectRegister.write(value) for the matched entry. */
  write(handle: number, value: number): void {
    this.cell(handle).lo = this.norm(value);
  }

  writeHi(handle: number, value: number): void {
    this.cell(handle).hi = this.norm(value);
  }

  norm(v: number): number {
    return this.signed
      ? (v << this.shift) >> this.shift
      : this.width === 32
        ? v >>> 0
        : (v & ((1 << this.width) - 1)) >>> 0;
  }

  forget(handle: number): void {
    this.cells.delete(handle);
  }

  reset(): void {
    this.cells.clear();
  }

  snapshot(): { name: string; table: string; cells: [number, number][] } {
    return { name: this.name, table: this.table, cells: [...this.cells.entries()].map(([h, c]) => [h, c.lo]) };
  }
}

/** DirectRegisterAction<T, U>: a RegisterAction on the matched entry's cell. */
export class DirectRegisterAction {
  readonly name: string;
  readonly register: DirectRegister;
  private readonly body: RegisterApply;
  private readonly scratch: RegisterCell = { lo: 0, hi: 0 };
  /** Outputs of the last run: out[0] is rv1, out[1..3] rv2..rv4 (Tofino 2). */
  readonly out: (number | bigint)[] = [0, 0, 0, 0];
  private readonly current: PacketIdentity;
  private readonly trace: TraceSink | undefined;

  constructor(
    name: string,
    register: DirectRegister,
    body: RegisterApply,
    current: PacketIdentity,
    trace: TraceSink | undefined,
  ) {
    this.name = name;
    this.register = register;
    this.body = body;
    this.current = current;
    this.trace = trace;
  }

  execute(handle: number): number {
    const reg = this.register;
    const old = reg.read(handle);
    const oldHi = reg.paired ? reg.readHi(handle) : 0;
    const s = this.scratch;
    s.lo = old;
    s.hi = oldHi;
    const tr = this.trace;
    const cur = this.current;
    if (tr !== undefined) tr.registerRead(cur.packetId, cur.copyId, reg.name, handle, old);
    const out = this.out;
    out[1] = out[2] = out[3] = 0;
    const rv = this.body(s, handle, out);
    out[0] = rv;
    if (s.lo !== old || s.hi !== oldHi) {
      reg.write(handle, s.lo);
      if (reg.paired) reg.writeHi(handle, s.hi);
      if (tr !== undefined) tr.registerWrite(cur.packetId, cur.copyId, reg.name, handle, reg.read(handle));
    }
    return rv;
  }
}
