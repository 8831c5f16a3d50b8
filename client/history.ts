// The history of every operation a client ran: invoke and response times, key, and the value
// written or read (as a tag naming the write that produced it). The linearizability checker
// (client/check.ts) reads it; histories of several clients merge by concatenation, since
// times are on one machine-wide clock (machineMs, in milliseconds).

import type { Key } from '../wire/message.js';
import { valueTag, valueWriter, valueWriteSeq, writeTag } from '../wire/records.js';

/** An operation whose response never came: it may take effect at any time after invoke. */
export const NO_RESPONSE = Number.POSITIVE_INFINITY;

export type HistoryOp =
  | { kind: 'write'; key: Key; tag: string; invoke: number; response: number }
  | { kind: 'delete'; key: Key; invoke: number; response: number }
  /** `tag` null: the read found nothing. */
  | { kind: 'read'; key: Key; tag: string | null; invoke: number; response: number };

/**
 * The machine-wide clock, in milliseconds. The checker orders operations of different client
 * processes by these times, so every process must read the same clock with no offset of its
 * own. Linux's CLOCK_MONOTONIC (`process.hrtime`) is one counter shared by every process of the
 * machine; it is turned into wall-clock milliseconds by one anchor (the wall clock minus that
 * counter) that the first process estimates and hands to its children in the environment
 * (CLOCK_ANCHOR_ENV), so the orchestrator and every client it spawns add the very same constant.
 * A process started alone estimates its own anchor: its times stay consistent among themselves
 * and within microseconds of the wall clock.
 */
export const CLOCK_ANCHOR_ENV = 'P4TS_CLOCK_ANCHOR_MS';

function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * `performance.now()` and `process.hrtime` read the same counter from different origins: the
 * difference of two back-to-back readings exceeds the true offset by the time between them, so
 * the smallest of a few is exact to within tens of nanoseconds.
 */
function perfToMonotonicMs(): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 64; i++) {
    const perf = performance.now();
    best = Math.min(best, monotonicMs() - perf);
  }
  return best;
}

function clockAnchorMs(): number {
  const inherited = Number(process.env[CLOCK_ANCHOR_ENV]);
  if (process.env[CLOCK_ANCHOR_ENV] !== undefined && Number.isFinite(inherited)) return inherited;
  const anchor = estimateAnchorMs();
  process.env[CLOCK_ANCHOR_ENV] = String(anchor);
  return anchor;
}

function estimateAnchorMs(): number {
  // Date.now() steps after its last reading of the old millisecond and before its first
  // reading of the new one; the monotonic clock read just before the one and just after the
  // other brackets the step. An interruption anywhere inside widens the bracket, so the
  // narrowest bracket over a few steps bounds the error by half its width (a few microseconds).
  let best = { width: Number.POSITIVE_INFINITY, anchor: Date.now() - monotonicMs() };
  for (let tick = 0; tick < 12 && best.width > 0.005; tick++) {
    const from = Date.now();
    let lower = monotonicMs();
    // At most a few milliseconds of spinning per step, once per process tree.
    for (let i = 0; i < 5_000_000; i++) {
      const before = monotonicMs();
      const d = Date.now();
      const after = monotonicMs();
      if (d === from) {
        lower = before;
        continue;
      }
      if (after - lower < best.width) best = { width: after - lower, anchor: d - (lower + after) / 2 };
      break;
    }
  }
  return best.anchor;
}

const PERF_TO_MACHINE_MS = clockAnchorMs() + perfToMonotonicMs();

/** A `performance.now()` reading of this process on the machine-wide clock. */
export function machineMs(perfNow: number): number {
  return PERF_TO_MACHINE_MS + perfNow;
}

/** Now, on the machine-wide clock (the orchestrator's events and the clients' histories). */
export function wallClockMs(): number {
  return machineMs(performance.now());
}

/** Rows a history starts with; its columns double when full. */
const INITIAL_ROWS = 4096;

const KIND_WRITE = 0;
const KIND_DELETE = 1;
const KIND_READ = 2;
/** A read that found nothing (tag null). */
const KIND_READ_ABSENT = 3;
/** A read whose value was no write's (its "?<hex>" tag is kept aside, by row). */
const KIND_READ_FOREIGN = 4;

/**
 * A client's operations, in the order they completed. Every operation of a run is kept until
 * the run ends, so an object per operation would survive every young-generation collection and
 * be copied by each (a client spent about a tenth of its CPU in those collections): the rows
 * live in typed columns instead, and a write's tag as its two numbers (writer, sequence).
 * `ops` materialises the objects once, when the run is over.
 */
export class History {
  private rows = 0;
  private kind = new Uint8Array(INITIAL_ROWS);
  private key = new Uint32Array(INITIAL_ROWS);
  private writer = new Uint32Array(INITIAL_ROWS);
  private seq = new Float64Array(INITIAL_ROWS);
  private invoke = new Float64Array(INITIAL_ROWS);
  private response = new Float64Array(INITIAL_ROWS);
  /** Tags of KIND_READ_FOREIGN rows. */
  private readonly foreign = new Map<number, string>();

  constructor(readonly enabled = true) {}

  /** A write of the value tagged `writer:seq` (writeTag), answered at `response` (NO_RESPONSE: never). */
  write(key: Key, writer: number, seq: number, invoke: number, response: number): void {
    if (this.enabled) this.push(KIND_WRITE, key, writer, seq, invoke, response);
  }

  delete(key: Key, invoke: number, response: number): void {
    if (this.enabled) this.push(KIND_DELETE, key, 0, 0, invoke, response);
  }

  /**
   * A completed read (failed reads are not recorded: they constrain nothing) of `value`, or
   * of nothing when it is undefined.
   */
  read(key: Key, value: Uint8Array | undefined, invoke: number, response: number): void {
    if (!this.enabled) return;
    if (value === undefined) {
      this.push(KIND_READ_ABSENT, key, 0, 0, invoke, response);
      return;
    }
    const seq = valueWriteSeq(value, key);
    if (seq >= 0) {
      this.push(KIND_READ, key, valueWriter(value), seq, invoke, response);
      return;
    }
    this.foreign.set(this.rows, valueTag(value, key));
    this.push(KIND_READ_FOREIGN, key, 0, 0, invoke, response);
  }

  get length(): number {
    return this.rows;
  }

  /** The operations as objects (what the checker and the results files read). */
  get ops(): HistoryOp[] {
    const out: HistoryOp[] = new Array(this.rows);
    for (let i = 0; i < this.rows; i++) {
      const key = this.key[i] as number;
      const invoke = this.invoke[i] as number;
      const response = this.response[i] as number;
      const kind = this.kind[i];
      const tag = () => writeTag(this.writer[i] as number, this.seq[i] as number);
      if (kind === KIND_WRITE) out[i] = { kind: 'write', key, tag: tag(), invoke, response };
      else if (kind === KIND_DELETE) out[i] = { kind: 'delete', key, invoke, response };
      else if (kind === KIND_READ) out[i] = { kind: 'read', key, tag: tag(), invoke, response };
      else if (kind === KIND_READ_ABSENT) out[i] = { kind: 'read', key, tag: null, invoke, response };
      else out[i] = { kind: 'read', key, tag: this.foreign.get(i) as string, invoke, response };
    }
    return out;
  }

  private push(kind: number, key: Key, writer: number, seq: number, invoke: number, response: number): void {
    if (this.rows === this.kind.length) this.grow();
    const i = this.rows++;
    this.kind[i] = kind;
    this.key[i] = key;
    this.writer[i] = writer;
    this.seq[i] = seq;
    this.invoke[i] = invoke;
    this.response[i] = response;
  }

  private grow(): void {
    const n = this.kind.length * 2;
    const widen = <T extends Uint8Array | Uint32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.kind = widen(this.kind, (k) => new Uint8Array(k));
    this.key = widen(this.key, (k) => new Uint32Array(k));
    this.writer = widen(this.writer, (k) => new Uint32Array(k));
    this.seq = widen(this.seq, (k) => new Float64Array(k));
    this.invoke = widen(this.invoke, (k) => new Float64Array(k));
    this.response = widen(this.response, (k) => new Float64Array(k));
  }
}
