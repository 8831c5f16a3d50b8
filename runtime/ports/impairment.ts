// Network impairments on a switch port, in the path of every frame and reproducible from a
// seed: random loss, duplication, reordering within a window, fixed delay with order-keeping
// jitter, a bandwidth cap with a bounded queue, and a link that goes down and up on a schedule.
// One `Impairment` sits on one direction of one port; the switch hands it every frame and a
// function that delivers it. Every decision is counted. docs/faults.md describes the semantics.

/** What one direction of a port does to its frames (every field optional: absent = no effect). */
export interface ImpairmentConfig {
  /** Probability in [0, 1] that a frame is lost. */
  readonly drop?: number;
  /** Probability in [0, 1] that a frame is delivered twice (the copy right after the original). */
  readonly dup?: number;
  /** Each frame is held a uniform random time in [0, reorderMs): frames within the window may swap. */
  readonly reorderMs?: number;
  /** Every frame is held this long. */
  readonly delayMs?: number;
  /** Plus a uniform random [0, jitterMs) more, never overtaking an earlier frame. */
  readonly jitterMs?: number;
  /** Bandwidth cap in bits/s: frames leave one after another at this rate, behind a bounded queue. */
  readonly rateBps?: number;
  /** The link is up `upMs`, then down `downMs`, repeating from when the impairment is set; down = lost. */
  readonly flap?: { readonly upMs: number; readonly downMs: number };
  /** Frames held at most (delay, reordering, rate); one more is dropped and counted. Default 10,000. */
  readonly queueFrames?: number;
}

/** What an impairment did, since it was set. delivered + queued = seen − lost + duplicated. */
export interface ImpairmentCounters {
  /** Frames handed to the impairment. */
  seen: number;
  /** Lost to the random drop rate. */
  dropped: number;
  /** Lost because the link was down (flap). */
  flapDropped: number;
  /** Lost because the hold queue was full (rate cap, delays). */
  queueDropped: number;
  /** Extra copies made. */
  duplicated: number;
  /** Frames (copies included) held for some time before delivery. */
  delayed: number;
  /** Frames (copies included) handed on. */
  delivered: number;
  /** Frames held right now. */
  queued: number;
  /** Times the link went down (flap). */
  linkDowns: number;
}

/** Timers and clock, injectable so tests step time by hand. */
export interface ImpairmentClock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const REAL_CLOCK: ImpairmentClock = {
  now: () => performance.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
};

export const DEFAULT_QUEUE_FRAMES = 10_000;

/** mulberry32: a small seeded PRNG with a 32-bit state, uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Held {
  due: number;
  order: number;
  frame: Uint8Array;
}

export function emptyCounters(): ImpairmentCounters {
  return {
    seen: 0,
    dropped: 0,
    flapDropped: 0,
    queueDropped: 0,
    duplicated: 0,
    delayed: 0,
    delivered: 0,
    queued: 0,
    linkDowns: 0,
  };
}

/**
 * One direction of one port. `pass(frame)` decides the frame's fate at once (three random draws
 * per frame, whatever the config, so a seed replays the same decisions for the same frames) and
 * delivers it now or from a timer; held frames sit in a min-heap by due time behind one timer.
 */
export class Impairment {
  readonly counters: ImpairmentCounters = emptyCounters();
  private readonly random: () => number;
  private readonly startedAt: number;
  private readonly queueLimit: number;
  /** Earliest time the next frame may leave: the rate cap and order-keeping jitter push it on. */
  private lineFreeAt = 0;
  private lastInOrderDue = 0;
  private wasDown = false;
  private heap: Held[] = [];
  private order = 0;
  private timer: unknown;
  private timerDue = Number.POSITIVE_INFINITY;
  private closed = false;

  constructor(
    readonly config: ImpairmentConfig,
    readonly seed: number,
    private readonly deliver: (frame: Uint8Array) => void,
    private readonly clock: ImpairmentClock = REAL_CLOCK,
  ) {
    this.random = seededRandom(seed);
    this.startedAt = clock.now();
    this.queueLimit = config.queueFrames ?? DEFAULT_QUEUE_FRAMES;
  }

  /** Whether the flap schedule has the link down at `now`. */
  linkDown(now: number): boolean {
    const f = this.config.flap;
    if (f === undefined || f.downMs <= 0) return false;
    const phase = (now - this.startedAt) % (f.upMs + f.downMs);
    return phase >= f.upMs;
  }

  pass(frame: Uint8Array): void {
    if (this.closed) return;
    const c = this.counters;
    c.seen++;
    const rDrop = this.random();
    const rDup = this.random();
    const rDelay = this.random();
    const now = this.clock.now();
    const down = this.linkDown(now);
    if (down !== this.wasDown) {
      if (down) c.linkDowns++;
      this.wasDown = down;
    }
    if (down) {
      c.flapDropped++;
      return;
    }
    if (rDrop < (this.config.drop ?? 0)) {
      c.dropped++;
      return;
    }
    const copies = rDup < (this.config.dup ?? 0) ? 2 : 1;
    if (copies === 2) c.duplicated++;
    for (let i = 0; i < copies; i++) this.schedule(frame, now, rDelay);
  }

  private schedule(frame: Uint8Array, now: number, rDelay: number): void {
    const cfg = this.config;
    const c = this.counters;
    let due = now + (cfg.delayMs ?? 0);
    // Jitter varies the latency but keeps the order: never before the previous frame.
    if (cfg.jitterMs !== undefined && cfg.jitterMs > 0)
      due = Math.max(due + rDelay * cfg.jitterMs, this.lastInOrderDue);
    // The rate cap: the frame leaves once the line is free and its bits are on the wire.
    if (cfg.rateBps !== undefined && cfg.rateBps > 0)
      due = Math.max(due, this.lineFreeAt) + ((frame.length * 8) / cfg.rateBps) * 1000;
    const inOrderDue = due;
    // The reorder window comes last: it is what lets a frame overtake another.
    if (cfg.reorderMs !== undefined && cfg.reorderMs > 0) due += rDelay * cfg.reorderMs;
    if (due <= now && this.heap.length === 0) {
      c.delivered++;
      this.deliver(frame);
      return;
    }
    // A full queue loses the frame before it takes a place on the line.
    if (this.heap.length >= this.queueLimit) {
      c.queueDropped++;
      return;
    }
    this.lastInOrderDue = inOrderDue;
    if (cfg.rateBps !== undefined && cfg.rateBps > 0) this.lineFreeAt = inOrderDue;
    c.delayed++;
    c.queued++;
    this.push({ due, order: this.order++, frame });
    this.arm();
  }

  private arm(): void {
    const top = this.heap[0];
    if (top === undefined || top.due >= this.timerDue) return;
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timerDue = top.due;
    this.timer = this.clock.setTimer(this.release, Math.max(0, top.due - this.clock.now()));
  }

  private readonly release = (): void => {
    this.timer = undefined;
    this.timerDue = Number.POSITIVE_INFINITY;
    const now = this.clock.now();
    // Timers fire up to a millisecond early or late: release everything due by now.
    for (let top = this.heap[0]; top !== undefined && top.due <= now + 0.5; top = this.heap[0]) {
      this.pop();
      this.counters.queued--;
      this.counters.delivered++;
      this.deliver(top.frame);
    }
    this.arm();
  };

  /** Stops the timer; frames still held are discarded (they stay counted as `queued`). */
  close(): void {
    this.closed = true;
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  /** Delivers every held frame now, in due order, and stops (used when an impairment is replaced). */
  drain(): void {
    while (this.heap.length > 0) {
      const top = this.pop();
      this.counters.queued--;
      this.counters.delivered++;
      this.deliver(top.frame);
    }
    this.close();
  }

  private push(h: Held): void {
    const a = this.heap;
    a.push(h);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(a[i] as Held, a[parent] as Held)) break;
      [a[i], a[parent]] = [a[parent] as Held, a[i] as Held];
      i = parent;
    }
  }

  private pop(): Held {
    const a = this.heap;
    const top = a[0] as Held;
    const last = a.pop() as Held;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && before(a[l] as Held, a[m] as Held)) m = l;
        if (r < a.length && before(a[r] as Held, a[m] as Held)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m] as Held, a[i] as Held];
        i = m;
      }
    }
    return top;
  }
}

function before(x: Held, y: Held): boolean {
  return x.due < y.due || (x.due === y.due && x.order < y.order);
}
