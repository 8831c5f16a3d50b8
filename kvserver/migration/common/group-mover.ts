// The source's migration threads (docs/netmigrate.md §6 with §9's ordering): each thread moves
// its groups a run of consecutive groups at a time (GROUP_START of the run acked → scan → every
// MIGRATE carrying the run's pairs and every forwarded late write acked → GROUP_COMPLETE sent
// with the next run's START, which the switch applies after it), while the MIGRATE frames are
// shared: a packer fills each frame with the pairs of whichever groups are being scanned, so
// groups of a few keys (2^17 groups) do not cost a frame each, and a window bounds the frames
// unacknowledged across all threads. docs/scale.md "Where a group's time goes" has the figures.

import type { KeyValue, MgMessage } from '../../../wire/message.js';
import { Op } from '../../../wire/ops.js';
import type { KvDict } from '../../store/dict.js';
import type { ReliableChannel } from './channel.js';
import { frameBytes } from './channel.js';
import type { GroupPlan } from './group-plan.js';
import { groupBuckets } from './group-plan.js';
import type { MigrationCounters, MigrationEvents } from './progress.js';
import type { RateControl } from './rate.js';

/** MIGRATE frames unacknowledged at once, all threads together (≈ 96 KB of 21-pair frames). */
export const DEFAULT_MIGRATE_WINDOW = 64;
/** The switch's duplicate register has a slot per thread id (one byte on the wire). */
export const MAX_THREADS = 255;
/**
 * The most threads 'auto' picks. More groups in flight hide more round trips, but every
 * control frame in flight queues ahead of the clients' requests in the switch and the servers:
 * with 255 threads, busy clients kept a quarter to a third of their rate during the
 * migration, with 64 two thirds (docs/scale.md "Clients during the migration").
 */
export const AUTO_MAX_THREADS = 64;
/**
 * The most threads 'auto' picks when the clients are busy as the migration starts
 * (client-activity.ts): fewer groups in flight leave the clients more of the switch and the
 * servers (docs/scale.md "Clients during the migration" has the measurements).
 */
export const AUTO_BUSY_MAX_THREADS = 16;

/**
 * Threads for `keys` keys in `groupCount` groups when the user asked for 'auto': enough groups
 * in flight to keep `window` MIGRATE frames in flight and hide the two control round trips
 * of each group (about three groups' worth of frames per window slot), at least 4, at most
 * one per group and AUTO_MAX_THREADS (AUTO_BUSY_MAX_THREADS when `clientsBusy`). Fewer threads when groups are large: every group in
 * flight makes the switch double-read its keys.
 */
export function autoThreads(
  groupCount: number,
  keys: number,
  maxPairs: number,
  window = DEFAULT_MIGRATE_WINDOW,
  clientsBusy = false,
): number {
  const framesPerGroup = Math.max(keys / Math.max(1, groupCount) / maxPairs, 1 / 64);
  const want = Math.ceil((3 * window) / framesPerGroup);
  const most = clientsBusy ? AUTO_BUSY_MAX_THREADS : AUTO_MAX_THREADS;
  return Math.max(1, Math.min(most, groupCount, Math.max(4, want)));
}

/** A thread count option: 'auto' or an integer in 1..255; undefined when it is neither. */
export function parseThreads(text: string | number): number | 'auto' | undefined {
  if (text === 'auto') return 'auto';
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= MAX_THREADS && String(text).trim() !== '' ? n : undefined;
}

/** What the threads need from the source agent. */
export interface GroupMoverHost {
  readonly plan: GroupPlan;
  readonly channel: ReliableChannel;
  readonly rate: RateControl;
  readonly counters: MigrationCounters;
  readonly events: MigrationEvents;
  readonly store: KvDict;
  /** The destination shard's dbPort. */
  readonly dbPort: number;
  readonly valueBytes: number;
  readonly maxPairs: number;
  readonly window: number;
  /** UDP port of thread t's group control and data. */
  portOf(thread: number): number;
  /** Sends until acknowledged; rejects when the migration failed (the agent records why). */
  must(msg: MgMessage, port: number): Promise<MgMessage>;
  /** Called once the group's START is acknowledged, before its first key is read. */
  markStarted(group: number): void;
  /** The acks still awaited for late writes of `group` forwarded so far. */
  pendingForwards(group: number): Promise<unknown> | undefined;
}

interface OpenFrame {
  seq: bigint;
  pairs: KeyValue[];
  port: number;
  acked: Promise<void>;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * Shared MIGRATE frames. A frame's seq is taken when it opens, before any of its values is
 * read: the seq is their version at the destination, so a late write forwarded after a read
 * (a later seq) must outrank it. Reads happen in synchronous sections (no write is applied
 * between taking a seq and reading), so a frame may stay open across turns and collect later
 * reads: any write those later reads missed was forwarded with a seq above the frame's.
 */
export class MigratePacker {
  private open: OpenFrame | undefined;
  /** Frames opened and not yet acknowledged (the open one included). */
  private inFlight = 0;
  private readonly roomWaiters: (() => void)[] = [];
  private sealScheduled = false;

  constructor(private readonly host: GroupMoverHost) {}

  /**
   * Undefined when the caller may read pairs now (the open frame has room, or one more frame
   * fits the window); otherwise a promise to await before asking again.
   */
  room(): Promise<void> | undefined {
    if (this.hasRoom()) return undefined;
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  /** Wakes the next waiting thread if there is room now (each waiter passes it on after reading). */
  passOn(): void {
    if (this.roomWaiters.length > 0 && this.hasRoom()) this.roomWaiters.shift()?.();
  }

  private hasRoom(): boolean {
    const window = this.host.window;
    return this.open !== undefined ? this.inFlight <= window : this.inFlight < window;
  }

  /**
   * Pairs the caller may read now into the open frame (opening one, and so taking its seq,
   * if none is open). Read them in the same synchronous section, then hand them to add().
   */
  space(port: number): number {
    const f = this.open ?? this.openFrame(port);
    return this.host.maxPairs - f.pairs.length;
  }

  /**
   * Adds pairs read since space() (in the same synchronous section): fills the open frame,
   * sealing each full one; returns the ack promises of every frame that got some of them.
   */
  add(pairs: KeyValue[], port: number): Promise<void>[] {
    const frames: Promise<void>[] = [];
    let i = 0;
    while (i < pairs.length) {
      const f = this.open ?? this.openFrame(port);
      const n = Math.min(pairs.length - i, this.host.maxPairs - f.pairs.length);
      for (let j = 0; j < n; j++) f.pairs.push(pairs[i + j] as KeyValue);
      i += n;
      frames.push(f.acked);
      if (f.pairs.length >= this.host.maxPairs) this.seal();
    }
    this.host.counters.pairsMigrated += pairs.length;
    return frames;
  }

  /** Sends the open frame at the end of this turn, with whatever other threads add meanwhile. */
  sealSoon(): void {
    if (this.sealScheduled || this.open === undefined) return;
    this.sealScheduled = true;
    setImmediate(() => {
      this.sealScheduled = false;
      if (this.open !== undefined && this.open.pairs.length > 0) this.seal();
    });
  }

  private openFrame(port: number): OpenFrame {
    let resolve: () => void = () => {};
    let reject: (e: unknown) => void = () => {};
    const acked = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Handled here so a failure while no thread awaits this frame yet is not "unhandled";
    // the threads that await it still see the rejection.
    acked.catch(() => {});
    const f: OpenFrame = { seq: this.host.channel.nextSeq(), pairs: [], port, acked, resolve, reject };
    this.open = f;
    this.inFlight++;
    return f;
  }

  private seal(): void {
    const f = this.open as OpenFrame;
    this.open = undefined;
    const host = this.host;
    const msg: MgMessage = { op: Op.MIGRATE, seq: f.seq, dbPort: host.dbPort, pairs: f.pairs };
    const t0 = performance.now();
    void host.rate
      .admit(f.pairs.length, frameBytes(msg, host.valueBytes))
      .then(() => {
        host.counters.rateWaitMs += performance.now() - t0;
        return host.must(msg, f.port);
      })
      .then(
        () => f.resolve(),
        (e: unknown) => f.reject(e),
      )
      .finally(() => {
        this.inFlight--;
        this.passOn();
      });
  }
}

/**
 * Runs thread `t` over its groups, in runs of `plan.run` consecutive groups (the last one of
 * the thread may be shorter); rejects when the migration failed. A run is moved as one
 * group would be (docs/migration-protocols.md "Runs of groups"): one GROUP_START for all its
 * groups, whose reply means the switch applied START to each of them; a scan of their buckets
 * (consecutive); every MIGRATE and forwarded late write of each acknowledged; one GROUP_COMPLETE.
 * A run's COMPLETE and the next run's START leave together ("Pipelined transitions"): the
 * switch applies a thread's transitions in order, so START's reply also says that the previous
 * COMPLETE was applied, and a run costs two round trips in a row instead of three.
 * COMPLETE's own reply is awaited before the thread ends.
 */
export async function runMigrationThread(host: GroupMoverHost, packer: MigratePacker, t: number): Promise<void> {
  const { plan, channel, counters: c, dbPort } = host;
  const range = plan.threads[t] as { first: number; end: number };
  const port = host.portOf(t);
  const transition = (op: typeof Op.GROUP_START | typeof Op.GROUP_COMPLETE, first: number, count: number) => {
    const msg: MgMessage =
      count > 1
        ? { op, seq: channel.nextSeq(), dbPort, groupId: first, threadId: t, groupCount: count }
        : { op, seq: channel.nextSeq(), dbPort, groupId: first, threadId: t };
    const acked = host.must(msg, port);
    // Awaited later; a failure meanwhile must not count as unhandled (the awaiter still sees it).
    acked.catch(() => {});
    return acked;
  };
  const runEnd = (first: number) => Math.min(range.end, first + plan.run);
  // COMPLETEs not answered yet (a few per thread: answered ones leave, so that 2^17 groups'
  // promises are not kept alive, and promoted, until the thread ends).
  const completes = new Set<Promise<unknown>>();
  // Every group gets START and COMPLETE, empty ones too (docs/netmigrate.md §9).
  let started =
    range.first < range.end ? transition(Op.GROUP_START, range.first, runEnd(range.first) - range.first) : undefined;
  for (let first = range.first; first < range.end; first = runEnd(first)) {
    const end = runEnd(first);
    let t0 = performance.now();
    await started;
    c.startWaitMs += performance.now() - t0;
    for (let g = first; g < end; g++) {
      host.markStarted(g);
      c.groupsStarted++;
      host.events.emit('group-started', { group: g, thread: t });
    }
    // The run's groups own consecutive buckets: one scan covers them all.
    const buckets = { start: groupBuckets(plan, first).start, end: groupBuckets(plan, end - 1).end };
    const frames = new Set<Promise<void>>();
    let cursor = buckets.start;
    while (cursor < buckets.end) {
      let wait = packer.room();
      if (wait !== undefined) {
        t0 = performance.now();
        while (wait !== undefined) {
          await wait;
          wait = packer.room();
        }
        c.migrateWaitMs += performance.now() - t0;
      }
      // One synchronous section: the open frame's seq is taken before these reads.
      t0 = performance.now();
      const scanned = host.store.scan(cursor, buckets.end, packer.space(port));
      cursor = scanned.next;
      for (const f of packer.add(scanned.pairs, port)) frames.add(f);
      c.scanMs += performance.now() - t0;
      packer.passOn();
    }
    packer.sealSoon();
    t0 = performance.now();
    await Promise.all(frames);
    // COMPLETE only after every MIGRATE and every forwarded late write of the run is acknowledged.
    for (let g = first; g < end; g++) {
      const forwards = host.pendingForwards(g);
      if (forwards !== undefined) await forwards;
    }
    c.migrateWaitMs += performance.now() - t0;
    const completed = transition(Op.GROUP_COMPLETE, first, end - first).then(() => {
      for (let g = first; g < end; g++) {
        c.groupsCompleted++;
        host.events.emit('group-completed', { group: g, thread: t });
      }
    });
    completes.add(completed);
    completed.then(
      () => completes.delete(completed),
      () => {},
    );
    if (end < range.end) started = transition(Op.GROUP_START, end, runEnd(end) - end);
  }
  const t0 = performance.now();
  await Promise.all(completes);
  c.completeWaitMs += performance.now() - t0;
}
