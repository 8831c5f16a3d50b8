// Outstanding requests of one client, matched to replies by `seq` (docs/netmigrate.md §9): it
// resends after a timeout with exponential back-off, waits for both replies of a double read
// and merges them, and re-asks later when a destination answers "retry later" (0x08).
//
// Merge rule for a double-read slot: the destination's answer wins when it is authoritative
// (0x02 set, 0x08 clear): found → its value, not found → absent (a delete or a tombstone at
// the destination is newer than the source's copy); when the destination says retry-later,
// the source's answer is used. A double read whose second reply never comes is resent whole.

import type { ClientReply, ClientRequest } from '../wire/message.js';
import { walkAnsweredSlot } from '../wire/multi-key-walk.js';
import { MULTI_SLOTS, Op, Ver } from '../wire/ops.js';
import { RttEstimator } from './rtt-estimator.js';

export interface TrackerOptions {
  /**
   * First timeout, and the floor of the adaptive one (client/rtt-estimator.ts: it follows the
   * measured round trips); doubles per resend up to maxTimeoutMs.
   */
  timeoutMs: number;
  maxTimeoutMs: number;
  /** Sends per request (first send included) before it fails. */
  maxAttempts: number;
  /** First delay before re-asking after a retry-later reply; doubles up to maxTimeoutMs. */
  retryLaterMs: number;
  /** Retry-later answers tolerated per request before it fails. */
  maxRetryLater: number;
  /**
   * Multi-key requests are walked by the NetMigrate switch: each reply answers one key, in
   * slot 1, with the bitmap of the keys still to come (wire/multi-key-walk.ts).
   */
  multiKeyWalk: boolean;
}

export const DEFAULT_TRACKER_OPTIONS: TrackerOptions = {
  timeoutMs: 50,
  maxTimeoutMs: 1000,
  maxAttempts: 8,
  retryLaterMs: 2,
  maxRetryLater: 64,
  multiKeyWalk: false,
};

/** The merged outcome of one key slot. */
export interface SlotOutcome {
  found: boolean;
  /** A copy of the value when found. */
  value: Uint8Array | undefined;
  /** The reply (or the merge) came from the destination. */
  fromDestination: boolean;
  doubleRead: boolean;
}

export type RequestOutcome =
  | { ok: true; slots: SlotOutcome[]; attempts: number; doubleReads: number; retryLater: number }
  | { ok: false; reason: 'timeout' | 'retry-later-exhausted'; attempts: number };

export interface TrackerCounters {
  sent: number;
  resends: number;
  timeouts: number;
  failures: number;
  doubleReads: number;
  retryLater: number;
  staleReplies: number;
  mismatchedReplies: number;
}

interface SlotState {
  source: number | undefined; // ver of the source's reply
  sourceValue: Uint8Array | undefined;
  destination: number | undefined;
  destinationValue: Uint8Array | undefined;
  doubleRead: boolean;
  outcome: SlotOutcome | undefined;
}

interface Pending {
  msg: ClientRequest;
  attempts: number;
  retryLater: number;
  deadline: number;
  /** When the last transmission left (the round trip of a first-attempt answer is an RTT sample). */
  sentAt: number;
  slots: (SlotState | undefined)[];
  doubleReads: number;
  /** Waiting out a retry-later delay (not counted as a timeout). */
  delayedUntil: number;
  done: (outcome: RequestOutcome) => void;
}

const REPLY_OF: Record<number, number> = {
  [Op.READ]: Op.READ_REPLY,
  [Op.WRITE]: Op.WRITE_REPLY,
  [Op.DELETE]: Op.DELETE_REPLY,
  [Op.MULTI_READ]: Op.MULTI_READ_REPLY,
  [Op.MULTI_WRITE]: Op.MULTI_WRITE_REPLY,
  [Op.MULTI_DELETE]: Op.MULTI_DELETE_REPLY,
};

export class RequestTracker {
  readonly counters: TrackerCounters = {
    sent: 0,
    resends: 0,
    timeouts: 0,
    failures: 0,
    doubleReads: 0,
    retryLater: 0,
    staleReplies: 0,
    mismatchedReplies: 0,
  };
  /**
   * By seq as a number: this client's seqs count up from 1 and stay below 2^53 (a reply's
   * larger seq, not exact as a number, cannot equal one of them), and a number hashes several
   * times cheaper than a bigint.
   */
  private readonly pending = new Map<number, Pending>();
  /** One timer, armed for the earliest deadline or retry-later delay (not a fixed fine tick). */
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private readonly options: TrackerOptions;
  private readonly rtt: RttEstimator;

  /** `clock`: ms, monotonic (tests step their own). */
  constructor(
    private readonly send: (msg: ClientRequest) => void,
    options: Partial<TrackerOptions> = {},
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.options = { ...DEFAULT_TRACKER_OPTIONS, ...options };
    this.rtt = new RttEstimator(this.options.timeoutMs, this.options.maxTimeoutMs);
  }

  /** The timeout a request sent now gets, ms (follows the measured round trips). */
  get retransmitTimeoutMs(): number {
    return this.rtt.timeoutMs;
  }

  get outstanding(): number {
    return this.pending.size;
  }

  /** Sends `msg` and calls `done` once with the merged outcome. `msg.seq` must be unique. */
  submit(msg: ClientRequest, done: (outcome: RequestOutcome) => void): void {
    const slots: (SlotState | undefined)[] = [];
    const bitmap = isMulti(msg.op) ? msg.bitmap : 1;
    for (let i = 0; i < MULTI_SLOTS; i++) slots.push((bitmap >>> i) & 1 ? newSlot() : undefined);
    const now = this.clock();
    const p: Pending = {
      msg,
      attempts: 1,
      retryLater: 0,
      deadline: now + this.rtt.timeoutMs,
      sentAt: now,
      slots,
      doubleReads: 0,
      delayedUntil: 0,
      done,
    };
    this.pending.set(Number(msg.seq), p);
    this.counters.sent++;
    this.send(msg);
    this.armTimer(p.deadline);
  }

  /** Feeds one reply; replies that match nothing outstanding are counted and dropped. */
  onReply(reply: ClientReply): void {
    const p = this.pending.get(Number(reply.seq));
    if (p === undefined) {
      this.counters.staleReplies++;
      return;
    }
    if (REPLY_OF[p.msg.op] !== reply.op) {
      this.counters.mismatchedReplies++;
      return;
    }
    if (p.delayedUntil > 0) {
      this.counters.staleReplies++;
      return;
    }
    let retryLater = false;
    if (reply.op === Op.READ_REPLY || reply.op === Op.WRITE_REPLY || reply.op === Op.DELETE_REPLY) {
      const value = reply.op === Op.READ_REPLY ? reply.value : undefined;
      retryLater = this.applySlot(p, 0, reply.ver, value);
    } else if (this.options.multiKeyWalk) {
      const slot = walkAnsweredSlot(p.msg.bitmap, reply.bitmap);
      if (slot < 0 || p.slots[slot] === undefined) {
        this.counters.mismatchedReplies++;
        return;
      }
      const value = reply.op === Op.MULTI_READ_REPLY ? reply.values[0] : undefined;
      retryLater = this.applySlot(p, slot, reply.vers[0] ?? 0, value);
    } else {
      for (let i = 0; i < MULTI_SLOTS; i++) {
        if (!((reply.bitmap >>> i) & 1) || p.slots[i] === undefined) continue;
        const value = reply.op === Op.MULTI_READ_REPLY ? reply.values[i] : undefined;
        retryLater = this.applySlot(p, i, reply.vers[i] ?? 0, value) || retryLater;
      }
    }
    if (retryLater) {
      this.scheduleRetryLater(p);
      return;
    }
    if (p.slots.every((s) => s === undefined || s.outcome !== undefined)) this.complete(p);
  }

  /** Fails every outstanding request (shutdown). */
  abandonAll(): void {
    for (const p of this.pending.values()) {
      this.counters.failures++;
      p.done({ ok: false, reason: 'timeout', attempts: p.attempts });
    }
    this.pending.clear();
    this.stopTimer();
  }

  close(): void {
    this.stopTimer();
  }

  /** Records one slot's reply; returns true when the request must be re-asked later. */
  private applySlot(p: Pending, i: number, ver: number, value: Uint8Array | undefined): boolean {
    const s = p.slots[i];
    if (s === undefined || s.outcome !== undefined) return false;
    const fromDst = (ver & Ver.FROM_DESTINATION) !== 0;
    if ((ver & Ver.DOUBLE_READ) !== 0) {
      if (!s.doubleRead) {
        s.doubleRead = true;
        p.doubleReads++;
        this.counters.doubleReads++;
      }
      if (fromDst) {
        s.destination = ver;
        s.destinationValue = value?.slice();
      } else {
        s.source = ver;
        s.sourceValue = value?.slice();
      }
      if (s.source === undefined || s.destination === undefined) return false;
      const dst = s.destination;
      if ((dst & Ver.RETRY_LATER) === 0) s.outcome = outcomeOf(dst, s.destinationValue, true, true);
      else s.outcome = outcomeOf(s.source, s.sourceValue, false, true);
      return false;
    }
    if ((ver & Ver.RETRY_LATER) !== 0) return true;
    s.outcome = outcomeOf(ver, value?.slice(), fromDst, false);
    return false;
  }

  private scheduleRetryLater(p: Pending): void {
    p.retryLater++;
    this.counters.retryLater++;
    if (p.retryLater > this.options.maxRetryLater) {
      this.pending.delete(Number(p.msg.seq));
      this.counters.failures++;
      p.done({ ok: false, reason: 'retry-later-exhausted', attempts: p.attempts });
      return;
    }
    const delay = Math.min(this.options.retryLaterMs * 2 ** Math.min(p.retryLater - 1, 20), this.options.maxTimeoutMs);
    p.delayedUntil = this.clock() + delay;
    this.armTimer(p.delayedUntil);
  }

  private resend(p: Pending, now: number, timeout: number, afterTimeout: boolean): void {
    for (let i = 0; i < p.slots.length; i++)
      if (p.slots[i] !== undefined && p.slots[i]?.outcome === undefined) p.slots[i] = newSlot();
    p.attempts++;
    p.deadline = now + timeout;
    p.sentAt = now;
    if (afterTimeout) this.counters.resends++;
    this.counters.sent++;
    this.send(p.msg);
  }

  private complete(p: Pending): void {
    this.pending.delete(Number(p.msg.seq));
    if (p.attempts === 1 && p.retryLater === 0) this.rtt.sample(this.clock() - p.sentAt);
    const slots: SlotOutcome[] = [];
    for (const s of p.slots) if (s?.outcome !== undefined) slots.push(s.outcome);
    p.done({ ok: true, slots, attempts: p.attempts, doubleReads: p.doubleReads, retryLater: p.retryLater });
    if (this.pending.size === 0) this.stopTimer();
  }

  /** Makes sure the timer fires by `at` (it is re-armed for the next due request after each check). */
  private armTimer(at: number): void {
    if (this.timer !== undefined && this.timerAt <= at) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerAt = at;
    // The check runs in the check phase (setImmediate), after this turn's poll phase: when the
    // process itself was stalled (a GC pause, a core taken by another process), the replies
    // that arrived meanwhile are read before any deadline is judged. Judged from the timers
    // phase, which runs first, those replies were late only by our own stall, and every
    // request in flight was resent (docs/reproducing-the-paper.md "Sources of run-to-run spread").
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Number.POSITIVE_INFINITY;
        setImmediate(() => this.checkDeadlines());
      },
      Math.max(1, Math.ceil(at - this.clock())),
    );
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
  }

  /**
   * Resends what timed out, re-asks what waited out a retry-later delay, and re-arms the timer
   * for the next due request. The timer calls it; tests with a stepped clock call it directly.
   */
  checkDeadlines(): void {
    const now = this.clock();
    let next = Number.POSITIVE_INFINITY;
    let backedOff = false;
    for (const p of this.pending.values()) {
      if (p.delayedUntil > 0) {
        if (now >= p.delayedUntil) {
          p.delayedUntil = 0;
          this.resend(p, now, this.rtt.timeoutMs, false);
          next = Math.min(next, p.deadline);
        } else next = Math.min(next, p.delayedUntil);
        continue;
      }
      if (now < p.deadline) {
        next = Math.min(next, p.deadline);
        continue;
      }
      this.counters.timeouts++;
      if (p.attempts >= this.options.maxAttempts) {
        this.pending.delete(Number(p.msg.seq));
        this.counters.failures++;
        p.done({ ok: false, reason: 'timeout', attempts: p.attempts });
        continue;
      }
      // One back-off per check: a window lost in one datagram times out together.
      if (!backedOff) this.rtt.backOff();
      backedOff = true;
      const timeout = Math.min(
        Math.max(this.rtt.timeoutMs, this.options.timeoutMs * 2 ** p.attempts),
        this.options.maxTimeoutMs,
      );
      this.resend(p, now, timeout, true);
      next = Math.min(next, p.deadline);
    }
    if (this.pending.size === 0) this.stopTimer();
    else if (Number.isFinite(next)) this.armTimer(next);
  }
}

function newSlot(): SlotState {
  return {
    source: undefined,
    sourceValue: undefined,
    destination: undefined,
    destinationValue: undefined,
    doubleRead: false,
    outcome: undefined,
  };
}

function outcomeOf(
  ver: number,
  value: Uint8Array | undefined,
  fromDestination: boolean,
  doubleRead: boolean,
): SlotOutcome {
  const found = (ver & Ver.FOUND) !== 0;
  return { found, value: found ? value : undefined, fromDestination, doubleRead };
}

function isMulti(op: number): boolean {
  return op === Op.MULTI_READ || op === Op.MULTI_WRITE || op === Op.MULTI_DELETE;
}
