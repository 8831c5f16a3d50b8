// The TNA traffic manager's side of one received frame: the queue of passes still to run
// (mirror copies, multicast replicas, recirculations, resubmits), the per-frame bounds on
// re-entries and copies, and where a pass's packet ends (a port, a recirculation, a drop).
// Split from tna.ts, which runs the ingress and egress passes themselves.

import type { DeparserRequests } from '../externs/deparser-externs.js';
import { allocateFrame, copyBytes, InstanceType, type PacketIdentity } from '../packet.js';
import type { TnaBlocks } from '../pipeline-module.js';
import type { TraceSink } from '../trace/trace-sink.js';
import type { TrafficManager } from '../traffic-manager.js';
import type { DropReason, EngineStats, TnaEngineOptions, Work } from './tna-engine-types.js';

export class TnaWorkQueue {
  /** Passes waiting to run for the current frame, in order. */
  readonly items: Work[] = [];
  /** Index of the next queued item to run. */
  next = 0;
  /** Copy id the next copy (mirror, replica) of the current frame gets. */
  nextCopyId = 1;
  private reentries = 0;
  private copies = 0;
  /** Told of every recirculated packet (the packet generator's pattern match). */
  onRecirculate: ((port: number, frame: Uint8Array) => void) | undefined = undefined;

  constructor(
    private readonly stats: EngineStats,
    private readonly tm: TrafficManager,
    private readonly trace: TraceSink | undefined,
    private readonly output: TnaEngineOptions['output'],
    private readonly maxReentries: number,
    private readonly maxCopies: number,
  ) {}

  /** A new received frame: empty queue, fresh bounds and copy ids. */
  begin(): void {
    this.nextCopyId = 1;
    this.reentries = 0;
    this.copies = 0;
    this.clear();
  }

  clear(): void {
    // Setting an array's length calls into the runtime: only when something was queued (or
    // a throw from a previous frame left items behind).
    if (this.items.length !== 0) this.items.length = 0;
    this.next = 0;
  }

  /** True when nothing waits: a pass may run its egress pass at once, in place. */
  get idle(): boolean {
    return this.next === this.items.length;
  }

  /** The next queued pass, or undefined when the frame is done. */
  take(): Work | undefined {
    return this.next < this.items.length ? this.items[this.next++] : undefined;
  }

  push(w: Work): void {
    this.items.push(w);
  }

  /**
   * Queues the copies of multicast group `grp`; `replicas` copies were made before. Returns
   * the new count, or -1 when the copy bound stopped the packet.
   */
  replicate(
    cur: PacketIdentity,
    md: TnaBlocks['ig_intr_md_for_tm'],
    grp: number,
    frame: Uint8Array,
    replicas: number,
  ): number {
    const rs = this.tm.replicas(grp);
    if (rs === undefined) {
      this.drop(cur, 'ingress', 'no_multicast_group', `group ${grp}`);
      return replicas;
    }
    for (const r of rs) {
      // Level-1 exclusion (node xid) and level-2 pruning (rid + yid), docs/tna-semantics.md.
      if (r.xid !== undefined && r.xid === md.level1_exclusion_id) continue;
      if (this.tm.isPruned(r.rid, r.port, md.rid, md.level2_exclusion_id)) continue;
      if (!this.copy(cur)) return -1;
      this.stats.replicated++;
      if (md.bypass_egress !== 0) {
        // bypass_egress holds for every copy: each goes out as ingress left it.
        this.transmit(cur, this.nextCopyId++, r.port, frame);
        replicas++;
        continue;
      }
      this.items.push({
        ingress: false,
        port: r.port,
        frame,
        copyId: this.nextCopyId++,
        instanceType: InstanceType.REPLICATED,
        rid: r.rid,
        ridFirst: replicas++ === 0 ? 1 : 0,
      });
    }
    return replicas;
  }

  /**
   * A mirror copy: the session's port (or each replica of its multicast group, with the
   * replica's rid), the mirror header, then `packet` cut to maxLen.
   */
  mirror(cur: PacketIdentity, gress: 'ingress' | 'egress', req: DeparserRequests, packet: Uint8Array): void {
    const s = this.tm.mirrorSession(req.mirrorSession);
    if (s === undefined || s.direction === (gress === 'ingress' ? 'egress' : 'ingress')) {
      this.drop(cur, gress, 'no_mirror_session', `session ${req.mirrorSession}`);
      return;
    }
    const body = s.maxLen > 0 && packet.length > s.maxLen ? packet.subarray(0, s.maxLen) : packet;
    const h = req.mirrorHeader.byteLength;
    let frame: Uint8Array | undefined;
    for (const t of this.tm.mirrorTargets(s)) {
      if (!this.copy(cur)) return;
      if (frame === undefined) {
        frame = allocateFrame(h + body.length);
        copyBytes(frame, 0, req.mirrorHeader.buf, 0, h);
        copyBytes(frame, h, body, 0, body.length);
      }
      const copyId = this.nextCopyId++;
      this.stats.mirrored++;
      this.trace?.mirror(cur.packetId, cur.copyId, gress, s.id, copyId);
      this.items.push({
        ingress: false,
        port: t.port,
        frame,
        copyId,
        instanceType: gress === 'ingress' ? InstanceType.INGRESS_MIRROR : InstanceType.EGRESS_MIRROR,
        rid: t.rid,
        ridFirst: 0,
      });
    }
  }

  /** A packet leaving the pipeline on `port`: out of the switch, or back to ingress on a recirculation port. */
  transmit(cur: PacketIdentity, copyId: number, port: number, frame: Uint8Array): void {
    if (this.tm.isRecirculation(port)) {
      if (!this.reenter(cur)) return;
      this.onRecirculate?.(port, frame);
      this.stats.recirculated++;
      this.trace?.recirculate(cur.packetId, cur.copyId, port);
      this.items.push({
        ingress: true,
        port,
        frame,
        copyId,
        instanceType: InstanceType.RECIRCULATED,
        rid: 0,
        ridFirst: 0,
      });
      return;
    }
    if (!this.tm.macs.transmit(port, frame)) {
      this.drop(cur, 'egress', 'port_down', `port ${port} does not send`);
      return;
    }
    this.stats.transmitted++;
    this.trace?.packetOut(cur.packetId, cur.copyId, port, frame);
    this.output(port, frame);
  }

  /** Counts a recirculation or resubmit; false (and a drop) past the bound. */
  reenter(cur: PacketIdentity): boolean {
    if (++this.reentries <= this.maxReentries) return true;
    this.drop(cur, 'ingress', 'loop_bound', `more than ${this.maxReentries} recirculations/resubmits`);
    return false;
  }

  /** Counts a copy; false (and a drop) past the bound. */
  copy(cur: PacketIdentity): boolean {
    if (++this.copies <= this.maxCopies) return true;
    this.drop(cur, 'ingress', 'copy_bound', `more than ${this.maxCopies} copies`);
    return false;
  }

  drop(cur: PacketIdentity, gress: 'ingress' | 'egress', reason: DropReason, detail?: string): void {
    this.stats.drops[reason]++;
    this.trace?.drop(cur.packetId, cur.copyId, gress, detail === undefined ? reason : `${reason}: ${detail}`);
  }
}
