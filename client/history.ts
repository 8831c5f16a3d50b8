// The history of every operation a client ran: invoke and response times, key, and the value
// written or read (as a tag naming the write that produced it). The linearizability checker
// (client/check.ts) reads it; histories of several clients merge by concatenation, since
// times are on one machine-wide clock (machineMs, in milliseconds).

import { readFileSync } from 'node:fs';
import type { Key } from '../wire/message.js';

/** An operation whose response never came: it may take effect at any time after invoke. */
export const NO_RESPONSE = Number.POSITIVE_INFINITY;

export type HistoryOp =
  | { kind: 'write'; key: Key; tag: string; invoke: number; response: number }
  | { kind: 'delete'; key: Key; invoke: number; response: number }
  /** `tag` null: the read found nothing. */
  | { kind: 'read'; key: Key; tag: string | null; invoke: number; response: number };

/**
 * Milliseconds on a clock every process of the machine reads alike: the monotonic clock
 * (CLOCK_MONOTONIC, shared by all processes) plus the boot time from /proc/stat. The checker
 * orders operations of different client processes by these times, so they must not depend on
 * when a process started: `performance.timeOrigin` is sampled once per process, from two
 * clock readings that a loaded machine can put milliseconds apart, which made real-time order
 * between clients wrong by that much. Where /proc/stat is missing, the wall clock is used.
 */
const PERF_TO_MACHINE_MS = machineOffsetMs();

function machineOffsetMs(): number {
  let bootMs: number | undefined;
  try {
    const m = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    if (m?.[1] !== undefined) bootMs = Number(m[1]) * 1000;
  } catch {
    bootMs = undefined;
  }
  if (bootMs === undefined) return performance.timeOrigin;
  // performance.now() and hrtime are the same monotonic clock from different zeros; the smallest
  // gap over a few back-to-back readings is their offset (a reading interrupted only grows it).
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 16; i++) {
    const p = performance.now();
    const hr = Number(process.hrtime.bigint()) / 1e6;
    best = Math.min(best, hr - p);
  }
  return bootMs + best;
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
