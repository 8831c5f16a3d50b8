// What every architecture engine (TNA, v1model, PSA) does for one received frame besides
// running its program's blocks: admit the frame through its device port, queue the passes it
// makes (copies, recirculations, resubmits) under per-frame bounds, count and trace each drop
// with one reason, and hand a leaving frame to its device port. Written once so that a rule
// added here holds for all three engines (docs/architecture.md, "Engines").
//
// The TNA engine runs NetMigrate's traffic through this: nothing here allocates or looks up
// a map per frame beyond what the device ports and the traffic manager themselves do.

import type { DigestMessage } from '../externs/deparser-externs.js';
import { newIdentity, type PacketIdentity } from '../packet.js';
import type { TraceSink } from '../trace/trace-sink.js';
import type { Replica, TrafficManager } from '../traffic-manager.js';

export type Gress = 'ingress' | 'egress';

/** Why a packet (or copy) was dropped: the keys of EngineStats.drops. */
export type DropReason =
  | 'ingress_parser_error'
  | 'egress_parser_error'
  | 'ingress_drop_ctl'
  | 'egress_drop_ctl'
  | 'no_egress_port'
  | 'no_mirror_session'
  | 'no_multicast_group'
  | 'loop_bound'
  | 'copy_bound'
  | 'register_rule'
  /** v1model and PSA: an assert or assume failed (bmv2 stops the switch; the packet is dropped). */
  | 'assertion_failed'
  /** The egress port is deleted, disabled, down or receive-only, or the frame exceeds its MTU (runtime/ports/device-ports.ts). */
  | 'port_down';

export interface EngineStats {
  received: number;
  transmitted: number;
  passes: number;
  mirrored: number;
  replicated: number;
  recirculated: number;
  resubmitted: number;
  /** Resubmit requests of an already resubmitted packet (Tofino resubmits once; the request is ignored). */
  resubmitIgnored: number;
  digests: number;
  drops: Record<DropReason, number>;
}

export function newEngineStats(): EngineStats {
  return {
    received: 0,
    transmitted: 0,
    passes: 0,
    mirrored: 0,
    replicated: 0,
    recirculated: 0,
    resubmitted: 0,
    resubmitIgnored: 0,
    digests: 0,
    drops: {
      ingress_parser_error: 0,
      egress_parser_error: 0,
      ingress_drop_ctl: 0,
      egress_drop_ctl: 0,
      no_egress_port: 0,
      no_mirror_session: 0,
      no_multicast_group: 0,
      loop_bound: 0,
      copy_bound: 0,
      register_rule: 0,
      assertion_failed: 0,
      port_down: 0,
    },
  };
}

/** Recirculations + resubmits allowed per received frame unless an engine is told otherwise. */
export const DEFAULT_MAX_REENTRIES = 16;
/** Copies (mirror or clone, multicast) allowed per received frame unless told otherwise. */
export const DEFAULT_MAX_COPIES = 1024;

/** What every engine is given besides its program. */
export interface EngineBaseOptions {
  readonly tm: TrafficManager;
  /** Frames leaving on a device port (not a recirculation). The engine no longer uses `frame`. */
  readonly output: (port: number, frame: Uint8Array) => void;
  readonly onDigest?: (m: DigestMessage) => void;
  readonly trace?: TraceSink;
  /** Recirculations + resubmits allowed per received frame (default 16); more drop the packet. */
  readonly maxReentries?: number;
  /** Copies (mirror or clone, multicast) allowed per received frame (default 1024). */
  readonly maxCopies?: number;
  /** Nanoseconds for the timestamps (default: monotonic time since the engine started). */
  readonly clockNs?: () => number;
}

/** The engine's clock: the one it was given, or nanoseconds since now. */
export function engineClockNs(given: (() => number) | undefined): () => number {
  if (given !== undefined) return given;
  const t0 = performance.now();
  return () => Math.round((performance.now() - t0) * 1e6);
}

/** Thrown by assert/assume (v1model, PSA): the pass ends and the packet is dropped. */
export class AssertionFailed extends Error {}

/** The services' `assertionFailed`: ends the pass that called it. */
export function failAssertion(kind: string, where: string): never {
  throw new AssertionFailed(`${kind} failed at ${where}`);
}

/** Anything an engine queues for a later pass: an ingress or an egress pass. */
export interface QueuedPass {
  readonly ingress: boolean;
}

/**
 * One engine's per-frame bookkeeping. `admit` starts a frame, the engine runs its passes
 * (taking queued ones until `take` returns undefined) and calls `end`. Every drop goes through
 * `drop`, which counts it under exactly one reason and traces it once.
 */
export class FrameBookkeeping<W extends QueuedPass> {
  readonly stats: EngineStats = newEngineStats();
  /** The packet the running pass belongs to (the externs count and trace against it). */
  readonly current: PacketIdentity = newIdentity();
  readonly maxReentries: number;
  readonly maxCopies: number;
  protected readonly tm: TrafficManager;
  protected readonly trace: TraceSink | undefined;
  private readonly output: EngineBaseOptions['output'];
  /** Passes waiting to run for the current frame, in order; `next` is the one to run next. */
  private readonly items: W[] = [];
  private next = 0;
  private nextPacketId = 0;
  /** Copy id the next copy (mirror, clone, replica) of the current frame gets. */
  private nextCopyId = 1;
  private reentries = 0;
  private copies = 0;

  constructor(o: EngineBaseOptions) {
    this.tm = o.tm;
    this.trace = o.trace;
    this.output = o.output;
    this.maxReentries = o.maxReentries ?? DEFAULT_MAX_REENTRIES;
    this.maxCopies = o.maxCopies ?? DEFAULT_MAX_COPIES;
  }

  /**
   * A frame arriving on `port`: false when the port does not receive it (deleted, disabled,
   * down, over its MTU: the device ports count that). Otherwise the frame becomes the current
   * packet with a new id, an empty queue and fresh bounds.
   */
  admit(port: number, frame: Uint8Array): boolean {
    if (!this.tm.macs.receive(port, frame)) return false;
    const pid = ++this.nextPacketId;
    this.stats.received++;
    this.current.packetId = pid;
    this.trace?.packetIn(pid, 0, port, frame);
    this.nextCopyId = 1;
    this.reentries = 0;
    this.copies = 0;
    this.end();
    return true;
  }

  /** A pass of the current packet begins: its copy, its length for counters and meters. */
  enterPass(copyId: number, length: number): PacketIdentity {
    const cur = this.current;
    cur.copyId = copyId;
    cur.length = length;
    cur.pass++;
    this.stats.passes++;
    return cur;
  }

  /** True when nothing waits: a pass may run its egress pass at once, in place (TNA). */
  get idle(): boolean {
    return this.next === this.items.length;
  }

  /** The next queued pass, or undefined when the frame is done. */
  take(): W | undefined {
    return this.next < this.items.length ? this.items[this.next++] : undefined;
  }

  push(w: W): void {
    this.items.push(w);
  }

  /** The frame is done (or abandoned by a throw): nothing stays queued. */
  end(): void {
    // Setting an array's length calls into the runtime: only when something was queued.
    if (this.items.length !== 0) this.items.length = 0;
    this.next = 0;
  }

  /** A resubmit of the current pass: false (and a drop) past the re-entry bound; counted and traced. */
  resubmit(): boolean {
    if (!this.reenter()) return false;
    this.stats.resubmitted++;
    this.trace?.resubmit(this.current.packetId, this.current.copyId);
    return true;
  }

  /** A recirculation through `port`: false (and a drop) past the re-entry bound; counted and traced. */
  recirculate(port: number): boolean {
    if (!this.reenter()) return false;
    this.stats.recirculated++;
    this.trace?.recirculate(this.current.packetId, this.current.copyId, port);
    return true;
  }

  /** A multicast replica: its copy id, or -1 (and a drop) past the copy bound. */
  replica(): number {
    if (!this.copy()) return -1;
    this.stats.replicated++;
    return this.nextCopyId++;
  }

  /** A mirror (clone) copy for `session`: its copy id, or -1 (and a drop) past the copy bound; traced. */
  mirrorCopy(gress: Gress, session: number): number {
    if (!this.copy()) return -1;
    const copyId = this.nextCopyId++;
    this.stats.mirrored++;
    this.trace?.mirror(this.current.packetId, this.current.copyId, gress, session, copyId);
    return copyId;
  }

  /** Multicast group `group`'s replicas; undefined (and a drop) when the group does not exist. */
  groupReplicas(group: number): readonly Replica[] | undefined {
    const rs = this.tm.replicas(group);
    if (rs === undefined) this.drop('ingress', 'no_multicast_group', `group ${group}`);
    return rs;
  }

  /** A frame leaving the switch on `port`, unless the port does not send it ('port_down'). */
  send(port: number, frame: Uint8Array): void {
    if (!this.tm.macs.transmit(port, frame)) {
      this.drop('egress', 'port_down', `port ${port} does not send`);
      return;
    }
    this.stats.transmitted++;
    this.trace?.packetOut(this.current.packetId, this.current.copyId, port, frame);
    this.output(port, frame);
  }

  /** The current pass's packet is dropped: one count under `reason`, one trace event. */
  drop(gress: Gress, reason: DropReason, detail?: string): void {
    this.stats.drops[reason]++;
    const cur = this.current;
    this.trace?.drop(cur.packetId, cur.copyId, gress, detail === undefined ? reason : `${reason}: ${detail}`);
  }

  /**
   * A copy that was never made (a clone to a session that does not exist, as bmv2 skips it):
   * traced, not counted, since no packet existed to drop.
   */
  traceCopyNotMade(gress: Gress, detail: string): void {
    this.trace?.drop(this.current.packetId, this.current.copyId, gress, detail);
  }

  /** After a pass threw: true (and an 'assertion_failed' drop) when an assert or assume ended it. */
  droppedOnAssertion(gress: Gress, e: unknown): boolean {
    if (!(e instanceof AssertionFailed)) return false;
    this.drop(gress, 'assertion_failed', e.message);
    return true;
  }

  private reenter(): boolean {
    if (++this.reentries <= this.maxReentries) return true;
    this.drop('ingress', 'loop_bound', `more than ${this.maxReentries} recirculations/resubmits`);
    return false;
  }

  private copy(): boolean {
    if (++this.copies <= this.maxCopies) return true;
    this.drop('ingress', 'copy_bound', `more than ${this.maxCopies} copies`);
    return false;
  }
}
