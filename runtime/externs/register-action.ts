// RegisterAction<T, I, U> (docs/tna.md §5-§6): runs a generated `apply(inout value, out rv)` body
// on one register cell per `execute(index)`, read-modify-write as the stateful ALU does, and
// returns rv (0 when the body leaves it unassigned: generated bodies start with `let rv = 0`).
// The cell is one reused object ({lo, hi}; `hi` only for paired registers), so an execute
// allocates nothing. All actions of a register share a pass stamp: Tofino runs at most one
// of them per packet per pass, and a second one in the same pass is counted as a violation.
// Tofino 2 adds (docs/tna-externs.md, "Tofino 2 stateful ALU"): outputs rv2..rv4 (`out`),
// FIFO and stack addressing with overflow/underflow bodies, and the 128-bit view of a group
// of narrower cells that MinMaxAction works on.

import type { PacketIdentity } from '../packet.js';
import type { TraceSink } from '../trace/trace-sink.js';
import type { RegisterArray } from './register.js';

/** A register cell as the apply body sees it: signed registers hold signed numbers. */
export interface RegisterCell {
  lo: number;
  hi: number;
}

/**
 * The generated body: mutates `value`, returns rv (rv1). `index` is the cell's address (what
 * `address()` returns); a body with more outputs stores rv2..rv4 in `out[1..3]`.
 */
export type RegisterApply = (value: RegisterCell, index: number, out: (number | bigint)[]) => number;

/** What a Tofino 2 register action may add to its apply body. */
export interface RegisterActionExtras {
  /** Runs instead of apply when an enqueue/push finds the register full. */
  readonly overflow?: RegisterApply;
  /** Runs instead of apply when a dequeue/pop finds the register empty. */
  readonly underflow?: RegisterApply;
  /**
   * MinMaxAction: the body sees `lanes` consecutive cells (cell k in bits k*width and up)
   * as one 128-bit bigint `value.lo`; execute(index) runs on cells index*lanes and on.
   */
  readonly lanes?: number;
  /**
   * A register in a multistage chain (bf-p4c's `@chain_total_size`): addresses run over
   * `total` cells of several registers and this one holds `base .. base + size - 1`; a run at
   * another address leaves it untouched and returns 0. FIFO and stack pointers span `total`.
   */
  readonly chain?: { readonly base: number; readonly total: number };
}

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
  /** The cell the next execute_log() runs on: the register's log pointer, from 0, wrapping at its size. */
  logIndex?: number;
  /** FIFO: the oldest queued cell and how many are queued (enqueue/dequeue). */
  fifoHead?: number;
  fifoCount?: number;
  /** Stack: cells pushed (push/pop); the top is the cell below this. */
  stackDepth?: number;
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
  /** A cell of at most 32 bits, not a lane group, not in a chain: execute() runs it inline. */
  private readonly plain: boolean;
  private readonly wideCell: WideRegisterCell = { lo: 0n, hi: 0n };
  private readonly extras: RegisterActionExtras;
  /** Outputs of the last run: out[0] is rv1, out[1..3] rv2..rv4 (read by the caller after a call). */
  readonly out: (number | bigint)[] = [0, 0, 0, 0];
  /** The address the last run used (Tofino 2's `address()` called from an action). */
  lastAddress = 0;

  constructor(
    name: string,
    register: RegisterArray,
    body: RegisterApply,
    current: PacketIdentity,
    trace: TraceSink | undefined,
    passState: RegisterPassState = { lastPass: -1, violations: 0 },
    extras: RegisterActionExtras = {},
  ) {
    if (register.width > 64)
      throw new RangeError(`register ${register.name}: RegisterAction needs cells of ≤ 64 bits (pairs of ≤ 64)`);
    if (extras.lanes !== undefined && extras.lanes * register.width * (register.paired ? 2 : 1) !== 128)
      throw new RangeError(`register ${register.name}: ${extras.lanes} cells do not make 128 bits`);
    this.extras = extras;
    this.wide = register.width > 32 || extras.lanes !== undefined;
    this.plain = !this.wide && extras.chain === undefined;
    this.name = name;
    this.register = register;
    this.body = body;
    this.current = current;
    this.trace = trace;
    this.passState = passState;
  }

  /**
   * RegisterAction.execute_log(): execute on the register's log pointer, which every
   * execute_log of any action of the register advances by one (wrapping at the register's
   * size), as the stateful ALU's log counter does.
   */
  executeLog(): number {
    const ps = this.passState;
    const i = ps.logIndex ?? 0;
    ps.logIndex = i + 1 >= this.register.size ? 0 : i + 1;
    return this.execute(i);
  }

  /**
   * RegisterAction.execute(index): the body's rv. The common case (a cell of at most 32 bits,
   * not a lane group, not in a chain: every Tofino 1 register action) runs here in full, the
   * same steps as executeNarrow: one call fewer per execute on the per-packet path, which
   * counted (docs/benchmarks.md, "Counting instructions").
   */
  execute(index: number): number {
    if (!this.plain) return this.run(index, this.body);
    const out = this.out;
    out[1] = out[2] = out[3] = 0;
    this.lastAddress = index;
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
    const rv = this.body(c, index, out);
    out[0] = rv;
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

  /**
   * enqueue(): apply() on the cell after the newest queued one, which joins the queue; when
   * all `size` cells are queued, overflow() (if the program has one) on the cell the next
   * enqueue would use, and the queue is unchanged. Pointers are the register's, shared by
   * all its actions.
   */
  enqueue(): number {
    const ps = this.passState;
    const size = this.capacity;
    const head = ps.fifoHead ?? 0;
    const count = ps.fifoCount ?? 0;
    if (count >= size) return this.runOr(head, this.extras.overflow);
    ps.fifoCount = count + 1;
    return this.run((head + count) % size, this.body);
  }

  /** dequeue(): apply() on the oldest queued cell, which leaves; underflow() when none is queued. */
  dequeue(): number {
    const ps = this.passState;
    const head = ps.fifoHead ?? 0;
    const count = ps.fifoCount ?? 0;
    if (count === 0) return this.runOr(head, this.extras.underflow);
    ps.fifoHead = head + 1 >= this.capacity ? 0 : head + 1;
    ps.fifoCount = count - 1;
    return this.run(head, this.body);
  }

  /** push(): apply() on the cell above the top, which becomes the top; overflow() when full. */
  push(): number {
    const ps = this.passState;
    const depth = ps.stackDepth ?? 0;
    if (depth >= this.capacity) return this.runOr(depth - 1, this.extras.overflow);
    ps.stackDepth = depth + 1;
    return this.run(depth, this.body);
  }

  /** pop(): apply() on the top cell, which leaves the stack; underflow() when it is empty. */
  pop(): number {
    const ps = this.passState;
    const depth = ps.stackDepth ?? 0;
    if (depth === 0) return this.runOr(0, this.extras.underflow);
    ps.stackDepth = depth - 1;
    return this.run(depth - 1, this.body);
  }

  /** An overflow/underflow body, or (without one) no change to the cell and every output 0. */
  private runOr(index: number, body: RegisterApply | undefined): number {
    if (body !== undefined) return this.run(index, body);
    this.lastAddress = index;
    const out = this.out;
    out[0] = out[1] = out[2] = out[3] = 0;
    return 0;
  }

  /** Cells a FIFO or stack of this register spans: the whole chain's for a chained one. */
  private get capacity(): number {
    return this.extras.chain?.total ?? this.register.size;
  }

  private run(address: number, body: RegisterApply): number {
    const out = this.out;
    out[1] = out[2] = out[3] = 0;
    this.lastAddress = address;
    let index = address;
    const chain = this.extras.chain;
    if (chain !== undefined) {
      index = address - chain.base;
      if (index < 0 || index >= this.register.size) {
        out[0] = 0;
        return 0;
      }
    }
    if (this.extras.lanes !== undefined) return this.executeLanes(index, body) as number;
    if (this.wide) return this.executeWide(index, body) as number;
    return this.executeNarrow(index, address, body);
  }

  /** Read-modify-write of a cell of at most 32 bits (and its pair's high half); the body sees `address`. */
  private executeNarrow(index: number, address: number, body: RegisterApply): number {
    const out = this.out;
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
    const rv = body(c, address, out);
    out[0] = rv;
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
  private executeWide(index: number, body: RegisterApply): number | bigint {
    const r = this.register;
    const c = this.wideCell;
    const cur = this.current;
    const ps = this.passState;
    if (ps.lastPass === cur.pass) ps.violations++;
    ps.lastPass = cur.pass;
    const lo = r.readBig(index);
    const hi = r.paired ? r.readHiBig(index) : 0n;
    c.lo = lo;
    c.hi = hi;
    const tr = this.trace;
    if (tr !== undefined) tr.registerRead(cur.packetId, cur.copyId, r.name, index, lo);
    const rv = (body as unknown as WideApply)(c, this.lastAddress, this.out);
    this.out[0] = rv;
    if (c.lo !== lo) {
      r.writeBig(index, c.lo);
      if (tr !== undefined) tr.registerWrite(cur.packetId, cur.copyId, r.name, index, r.readBig(index));
    }
    if (r.paired && c.hi !== hi) {
      r.writeHiBig(index, c.hi);
      if (tr !== undefined) tr.registerWrite(cur.packetId, cur.copyId, `${r.name}.hi`, index, r.readHiBig(index));
    }
    return rv;
  }

  /**
   * MinMaxAction: cells index*lanes .. index*lanes+lanes-1 as one 128-bit value (the first
   * cell lowest; a paired cell is its low half, then its high half), written back if changed.
   */
  private executeLanes(index: number, body: RegisterApply): number | bigint {
    const r = this.register;
    const lanes = this.extras.lanes as number;
    const cur = this.current;
    const ps = this.passState;
    if (ps.lastPass === cur.pass) ps.violations++;
    ps.lastPass = cur.pass;
    const w = BigInt(r.width);
    const mask = (1n << w) - 1n;
    const big = r.width > 32;
    const cellAt = (i: number): bigint => BigInt.asUintN(r.width, big ? r.readBig(i) : BigInt(r.read(i)));
    const hiAt = (i: number): bigint => BigInt.asUintN(r.width, big ? r.readHiBig(i) : BigInt(r.readHi(i)));
    const first = index * lanes;
    let before = 0n;
    const step = r.paired ? 2n * w : w;
    for (let k = lanes - 1; k >= 0; k--) {
      before <<= step;
      before |= r.paired ? (hiAt(first + k) << w) | cellAt(first + k) : cellAt(first + k);
    }
    const c = this.wideCell;
    c.lo = before;
    const tr = this.trace;
    if (tr !== undefined) tr.registerRead(cur.packetId, cur.copyId, r.name, first, before);
    const rv = (body as unknown as WideApply)(c, index, this.out);
    this.out[0] = rv;
    if (c.lo !== before) {
      let v = BigInt.asUintN(128, c.lo);
      for (let k = 0; k < lanes; k++) {
        const lo = v & mask;
        const hi = (v >> w) & mask;
        v >>= step;
        if (big) r.writeBig(first + k, lo);
        else r.write(first + k, r.signed ? Number(BigInt.asIntN(r.width, lo)) : Number(lo));
        if (r.paired) {
          if (big) r.writeHiBig(first + k, hi);
          else r.writeHi(first + k, r.signed ? Number(BigInt.asIntN(r.width, hi)) : Number(hi));
        }
      }
      if (tr !== undefined) tr.registerWrite(cur.packetId, cur.copyId, r.name, first, c.lo);
    }
    return rv;
  }
}

type WideApply = (value: WideRegisterCell, index: number, out: (number | bigint)[]) => number | bigint;
