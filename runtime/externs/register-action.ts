// RegisterAction<T, I, U> (docs/tna.md §5-§6): runs a generated `apply(inout value, out rv)` body
// on one register cell per `execute(index)`, read-modify-write as the stateful ALU does, and
// returns rv (0 when the body leaves it unassigned: generated bodies start with `let rv = 0`).
// The cell is one reused object ({lo, hi}; `hi` only for paired registers), so an execute
// allocates nothing. All actions of a register share a pass stamp: Tofino runs at most one
// of them per packet per pass, and a second one in the same pass is counted as a violation.

import type { PacketIdentity } from '../packet.js';
import type { TraceSink } from '../trace/trace-sink.js';
import type { RegisterArray } from './register.js';

/** A register cell as the apply body sees it: signed registers hold signed numbers. */
export interface RegisterCell {
  lo: number;
  hi: number;
}

/** The generated body: mutates `value`, returns rv. */
export type RegisterApply = (value: RegisterCell, index: number) => number;

/**
 * A cell of more than 32 bits (bf-p4c's dual mode runs a 64-bit cell): the generated body
 * sees `lo` as a bigint, as every P4 value wider than 32 bits, and may return one.
 */
export interface WideRegisterCell {
  lo: bigint;
  hi: bigint;
}

/** Shared by every RegisterAction of one register. */
export interface RegisterPassState {
  lastPass: number;
  /** Packets in which a second action of this register ran in the same pass. */
  violations: number;
}

export class RegisterAction {
  readonly name: string;
  readonly register: RegisterArray;
  private readonly body: RegisterApply;
  private readonly cell: RegisterCell = { lo: 0, hi: 0 };
  private readonly current: PacketIdentity;
  private readonly trace: TraceSink | undefined;
  private readonly passState: RegisterPassState;
  private readonly wide: boolean;
  private readonly wideCell: WideRegisterCell = { lo: 0n, hi: 0n };

  constructor(
    name: string,
    register: RegisterArray,
    body: RegisterApply,
    current: PacketIdentity,
    trace: TraceSink | undefined,
    passState: RegisterPassState = { lastPass: -1, violations: 0 },
  ) {
    if (register.width > 64 || (register.width > 32 && register.paired))
      throw new RangeError(`register ${register.name}: RegisterAction needs cells of ≤ 64 bits (pairs of ≤ 32)`);
    this.wide = register.width > 32;
    this.name = name;
    this.register = register;
    this.body = body;
    this.current = current;
    this.trace = trace;
    this.passState = passState;
  }

  /** RegisterAction.execute(index): the body's rv. */
  execute(index: number): number {
    if (this.wide) return this.executeWide(index) as number;
    const r = this.register;
    const c = this.cell;
    const cur = this.current;
    const ps = this.passState;
    if (ps.lastPass === cur.pass) ps.violations++;
    ps.lastPass = cur.pass;
    const lo = r.read(index);
    const hi = r.paired ? r.readHi(index) : 0;
    c.lo = lo;
    c.hi = hi;
    const tr = this.trace;
    if (tr !== undefined) tr.registerRead(cur.packetId, cur.copyId, r.name, index, lo);
    const rv = this.body(c, index);
    if (c.lo !== lo) {
      r.write(index, c.lo);
      if (tr !== undefined) tr.registerWrite(cur.packetId, cur.copyId, r.name, index, r.read(index));
    }
    if (r.paired && c.hi !== hi) {
      r.writeHi(index, c.hi);
      if (tr !== undefined) tr.registerWrite(cur.packetId, cur.copyId, `${r.name}.hi`, index, r.readHi(index));
    }
    return rv;
  }

  /** execute() on a cell wider than 32 bits: the same steps on bigints. */
  private executeWide(index: number): number | bigint {
    const r = this.register;
    const c = this.wideCell;
    const cur = this.current;
    const ps = this.passState;
    if (ps.lastPass === cur.pass) ps.violations++;
    ps.lastPass = cur.pass;
    const lo = r.readBig(index);
    c.lo = lo;
    const tr = this.trace;
    if (tr !== undefined) tr.registerRead(cur.packetId, cur.copyId, r.name, index, lo);
    const rv = (this.body as unknown as (value: WideRegisterCell, index: number) => number | bigint)(c, index);
    if (c.lo !== lo) {
      r.writeBig(index, c.lo);
      if (tr !== undefined) tr.registerWrite(cur.packetId, cur.copyId, r.name, index, r.readBig(index));
    }
    return rv;
  }
}
