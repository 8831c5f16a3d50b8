// The history of every operation a client ran: invoke and response times, key, and the value
// written or read (as a tag naming the write that produced it). The linearizability checker
// (client/check.ts) reads it; histories of several clients merge by concatenation, since
// times are absolute (performance.timeOrigin + performance.now(), in milliseconds).

import type { Key } from '../wire/message.js';

/** An operation whose response never came: it may take effect at any time after invoke. */
export const NO_RESPONSE = Number.POSITIVE_INFINITY;

export type HistoryOp =
  | { kind: 'write'; key: Key; tag: string; invoke: number; response: number }
  | { kind: 'delete'; key: Key; invoke: number; response: number }
  /** `tag` null: the read found nothing. */
  | { kind: 'read'; key: Key; tag: string | null; invoke: number; response: number };

export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
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
