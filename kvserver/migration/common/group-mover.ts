// The source's migration threads (docs/netmigrate.md §6 with §9's ordering): each thread moves
// its groups a run of consecutive groups at a time (GROUP_START of the run acked → scan → every
// MIGRATE carrying the run's pairs and every forwarded late write acked → GROUP_COMPLETE sent
// with the next run's START, which the switch applies after it), while the MIGRATE frames are
// shared: a packer fills each frame with the pairs of whichever groups are being scanned, so
// groups of a few keys (2^17 groups) do not cost a frame each, and a window bounds the frames
// unacknowledged across all threads. docs/scale.md "Where a group's time goes" has the figures.

import { writeU32 } from '../../../wire/addresses.js';
import { maxMigratePairs, NO_PAIRS, payloadBytes } from '../../../wire/codec.js';
import { FRAME_HEADER_BYTES } from '../../../wire/frame.js';
import type { KeyValue, MgMessage } from '../../../wire/message.js';
import { KEY_BYTES, Op } from '../../../wire/ops.js';
import type { KvDict } from '../../store/dict.js';
import type { ReliableChannel } from './channel.js';
import { frameBytes } from './channel.js';
import type { GroupPlan } from './group-plan.js';
import { groupBuckets } from './group-plan.js';
import type { MigrationCounters, MigrationEvents } from './progress.js';
import type { RateControl } from './rate.js';

/**
 * MIGRATE frames unacknowledged at once, all threads together (≈ 96 KB of 21-pair frames), when
 * the clients are busy or the socket's buffer is unknown (otherwise bufferWindow).
 */
export const DEFAULT_MIGRATE_WINDOW = 64;
/**
 * The most frames a window sized from the socket buffers takes: six batched datagrams of about
 * 43 frames. Measured up to here: no drops, and 64, 128 and 256 frames could not be told
 * apart on a loaded 2-core machine (docs/scale.md "The window and the socket buffers").
 */
export const MAX_AUTO_WINDOW = 256;
/** The fewest: a socket that holds less still has a few frames in flight. */
export const MIN_AUTO_WINDOW = 8;

/** Bytes of a full MIGRATE frame (Ethernet to the last pair) for values of `valueBytes`. */
export function migrateFrameBytes(valueBytes: number): number {
  return FRAME_HEADER_BYTES + payloadBytes(Op.MIGRATE, valueBytes, maxMigratePairs(valueBytes));
}

/**
 * MIGRATE frames in flight that a receive buffer of `receiveBufferBytes` (as the socket reports
 * it) holds: half of it (Linux reports twice the bytes it granted, for its bookkeeping per
 * datagram) in frames of `frameBytes` and their 2-byte length in a batched datagram, within
 * [MIN_AUTO_WINDOW, MAX_AUTO_WINDOW]; DEFAULT_MIGRATE_WINDOW when the size is unknown. Every
 * port of a run asks the same kernel for the same buffer (wire/udp-port.ts
 * SOCKET_BUFFER_BYTES), so the source's own socket stands for the switch's and the
 * destination's. With Linux's default buffer (212,992 bytes) that is 71 frames: the 64 of
 * before, which did not overflow it (192 did).
 */
export function bufferWindow(receiveBufferBytes: number, frameBytes: number): number {
  if (!(receiveBufferBytes > 0)) return DEFAULT_MIGRATE_WINDOW;
  const frames = Math.floor(receiveBufferBytes / 2 / (frameBytes + 2));
  return Math.max(MIN_AUTO_WINDOW, Math.min(MAX_AUTO_WINDOW, frames));
}
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

/** The most MIGRATE frames an explicit window may hold. */
export const MAX_WINDOW = 4096;

/** A window option: 'auto' or an integer in 1..MAX_WINDOW; undefined when it is neither. */
export function parseWindow(text: string | number): number | 'auto' | undefined {
  if (text === 'auto') return 'auto';
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= MAX_WINDOW && String(text).trim() !== '' ? n : undefined;
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
  /** The MIGRATE body's records (wire/message.ts PackedPairs), `count` of them written so far. */
  bytes: Uint8Array;
  count: number;
  port: number;
  acked: Promise<void>;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/** Bytes per slab that frame bodies are cut from (views, never reused: see MigratePacker.body). */
const BODY_SLAB_BYTES = 64 * 1024;

/**
 * Shared MIGRATE frames. A frame's seq is taken when it opens, before any of its values is
 * read: the seq is their version at the destination, so a late write forwarded after a read
 * (a later seq) must outrank it. Reads happen in synchronous sections (no write is applied
 * between taking a seq and reading), so a frame may stay open across turns and collect later
 * reads: any write those later reads missed was forwarded with a seq above the frame's.
 * The store writes each pair straight into the open frame's body in wire form (KvDict
 * scanInto): no object, string or copy per pair on the source's side of the wire.
 */
export class MigratePacker {
  private open: OpenFrame | undefined;
  /** Frames opened and not yet acknowledged (the open one included). */
  private inFlight = 0;
  private readonly roomWaiters: (() => void)[] = [];
  private sealScheduled = false;
  private readonly recordBytes: number;
  private slab = new Uint8Array(0);
  private slabUsed = 0;

  constructor(private readonly host: GroupMoverHost) {
    this.recordBytes = KEY_BYTES + host.valueBytes;
  }

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
   * Reads whole buckets of [cursor, end) from the store into the open frame (opening one, and
   * so taking its seq, first), sealing it when full, and adds the ack promise of every frame
   * that got pairs to `frames`; returns the next bucket to read. One synchronous section.
   */
  scan(cursor: number, end: number, port: number, frames: Set<Promise<void>>): number {
    const host = this.host;
    const f = this.open ?? this.openFrame(port);
    const r = host.store.scanInto(
      cursor,
      end,
      host.maxPairs - f.count,
      f.bytes,
      f.count * this.recordBytes,
      host.valueBytes,
    );
    if (r.count > 0 || r.next !== cursor) {
      f.count += r.count;
      host.counters.pairsMigrated += r.count;
      if (r.count > 0) frames.add(f.acked);
      if (f.count >= host.maxPairs) this.seal();
      return r.next;
    }
    // The next bucket does not fit what is left of the open frame: send that; the caller asks
    // for room again and the bucket goes into a fresh frame (its seq taken before the read).
    if (f.count > 0) {
      this.seal();
      return cursor;
    }
    // One bucket holds more keys than a frame: read it whole and spread it over frames.
    const scanned = host.store.scan(cursor, cursor + 1, 1);
    for (const acked of this.add(scanned.pairs, port)) frames.add(acked);
    return scanned.next;
  }

  /**
   * Adds pairs read since the open frame was opened (in the same synchronous section): fills
   * the open frame, sealing each full one; returns the ack promises of every frame that got
   * some of them.
   */
  add(pairs: KeyValue[], port: number): Promise<void>[] {
    const frames: Promise<void>[] = [];
    const vb = this.host.valueBytes;
    let i = 0;
    while (i < pairs.length) {
      const f = this.open ?? this.openFrame(port);
      const n = Math.min(pairs.length - i, this.host.maxPairs - f.count);
      for (let j = 0; j < n; j++) {
        const p = pairs[i + j] as KeyValue;
        if (p.value.length !== vb) throw new RangeError(`a value of ${p.value.length} bytes, not ${vb}`);
        const at = (f.count + j) * this.recordBytes;
        writeU32(f.bytes, at, p.key);
        f.bytes.set(p.value, at + KEY_BYTES);
      }
      f.count += n;
      i += n;
      frames.push(f.acked);
      if (f.count >= this.host.maxPairs) this.seal();
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
      if (this.open !== undefined && this.open.count > 0) this.seal();
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
    const f: OpenFrame = {
      seq: this.host.channel.nextSeq(),
      bytes: this.body(),
      count: 0,
      port,
      acked,
      resolve,
      reject,
    };
    this.open = f;
    this.inFlight++;
    return f;
  }

  /**
   * A frame body of maxPairs records: a view cut from a 64 KiB slab. Slabs are never reused
   * (the channel resends a body until it is acknowledged, and whoever recorded a sent
   * message may still read it), so one allocation serves some forty frames.
   */
  private body(): Uint8Array {
    const bytes = this.host.maxPairs * this.recordBytes;
    if (bytes > BODY_SLAB_BYTES / 8) return new Uint8Array(bytes);
    if (this.slabUsed + bytes > this.slab.length) {
      this.slab = new Uint8Array(BODY_SLAB_BYTES);
      this.slabUsed = 0;
    }
    const view = this.slab.subarray(this.slabUsed, this.slabUsed + bytes);
    this.slabUsed += bytes;
    return view;
  }

  private seal(): void {
    const f = this.open as OpenFrame;
    this.open = undefined;
    const host = this.host;
    const msg: MgMessage = {
      op: Op.MIGRATE,
      seq: f.seq,
      dbPort: host.dbPort,
      pairs: NO_PAIRS,
      packed: { count: f.count, bytes: f.bytes.subarray(0, f.count * this.recordBytes) },
    };
    // Uncapped, the frame goes to the channel (and so to the port) in this synchronous section:
    // behind the rate limiter's promises it waited for every other thread's scan queued in the
    // same turn, and the datagrams left only at the turn's end, with the processes taking
    // turns (docs/scale.md "The window and the socket buffers").
    const t0 = performance.now();
    const sent = host.rate.unlimited
      ? host.must(msg, f.port)
      : host.rate.admit(f.count, frameBytes(msg, host.valueBytes)).then(() => {
          host.counters.rateWaitMs += performance.now() - t0;
          return host.must(msg, f.port);
        });
    void sent
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
      cursor = packer.scan(cursor, buckets.end, port, frames);
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
