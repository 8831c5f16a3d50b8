// The history of every operation a client ran: invoke and response times, key, and the value
// written or read (as a tag naming the write that produced it). The linearizability checker
// (client/check.ts) reads it; histories of several clients merge by concatenation, since
// times are on one machine-wide clock (machineMs, in milliseconds).

import type { Key } from '../wire/message.js';

/** An operation whose response never came: it may take effect at any time after invoke. */
export const NO_RESPONSE = Number.POSITIVE_INFINITY;

export type HistoryOp =
  | { kind: 'write'; key: Key; tag: string; invoke: number; response: number }
  | { kind: 'delete'; key: Key; invoke: number; response: number }
  /** `tag` null: the read found nothing. */
  | { kind: 'read'; key: Key; tag: string | null; invoke: number; response: number };

/**
 * Milliseconds on the wall clock, read the same by every process of the machine to within
 * microseconds. The checker orders operations of different client processes by these times,
 * so they must not depend on when a process started: `performance.timeOrigin` is sampled once
 * per process, from two clock readings that a loaded machine can put milliseconds apart. Here
 * each process finds the moment `Date.now()` steps to a new millisecond (when the wall clock is
 * exactly that millisecond) against its monotonic `performance.now()`, and keeps that offset.
 */
const PERF_TO_MACHINE_MS = machineOffsetMs();

function machineOffsetMs(): number {
  // Date.now() steps after its last reading of the old millisecond and before its first
  // reading of the new one; performance.now() read just before the one and just after the
  // other brackets the step. An interruption anywhere inside widens the bracket, so the
  // narrowest bracket over a few steps bounds the error by half its width (a few microseconds).
  let best = { width: Number.POSITIVE_INFINITY, offset: performance.timeOrigin };
  for (let tick = 0; tick < 12 && best.width > 0.005; tick++) {
    const from = Date.now();
    let lower = performance.now();
    // At most a few milliseconds of spinning per step, once per process.
    for (let i = 0; i < 5_000_000; i++) {
      const before = performance.now();
      const d = Date.now();
      const after = performance.now();
      if (d === from) {
        lower = before;
        continue;
      }
      if (after - lower < best.width) best = { width: after - lower, offset: d - (lower + after) / 2 };
      break;
    }
  }
  return best.offset;
}

/** A `performance.now()` reading of this process on the machine-wide clock. */
export function machineMs(perfNow: number): number {
  return PERF_TO_MACHINE_MS + perfNow;
}

/** Now, on the machine-wide clock (the orchestrator's events and the clients' histories). */
export function wallClockMs(): number {
  return machineMs(performance.now());
}

export class History {
  readonly ops: HistoryOp[] = [];

  constructor(readonly enabled = true) {}

  write(key: Key, tag: string, invoke: number, response: number): void {
    if (this.enabled) this.ops.push({ kind: 'write', key, tag, invoke, response });
  }

  delete(key: Key, invoke: number, response: number): void {
    if (this.enabled) this.ops.push({ kind: 'delete', key, invoke, response });
  }

  /** A completed read; failed reads are not recorded (they constrain nothing). */
  read(key: Key, tag: string | null, invoke: number, response: number): void {
    if (this.enabled) this.ops.push({ kind: 'read', key, tag, invoke, response });
  }

  get length(): number {
    return this.ops.length;
  }
}
