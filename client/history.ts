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
