// The TNA traffic manager's side of one received frame, over the bookkeeping every engine
// shares (frame-bookkeeping.ts: the queue, the per-frame bounds, drops, the device ports):
// multicast replicas with Tofino's exclusion and pruning, mirror copies behind their mirror
// header, and where a pass's packet ends (a port, or a recirculation port back to ingress).
// Split from tna.ts, which runs the ingress and egress passes themselves.

import type { DeparserRequests } from '../externs/deparser-externs.js';
import { allocateFrame, copyBytes, InstanceType } from '../packet.js';
import type { TnaBlocks } from '../pipeline-module.js';
import { FrameBookkeeping, type Gress } from './frame-bookkeeping.js';
import type { Work } from './tna-engine-types.js';

export class TnaWorkQueue extends FrameBookkeeping<Work> {
  /** Told of every recirculated packet (the packet generator's pattern match). */
  onRecirculate: ((port: number, frame: Uint8Array) => void) | undefined = undefined;

  /**
   * Queues the copies of multicast group `grp`; `replicas` copies were made before. Returns
   * the new count, or -1 when the copy bound stopped the packet.
   */
  replicate(md: TnaBlocks['ig_intr_md_for_tm'], grp: number, frame: Uint8Array, replicas: number): number {
    const rs = this.groupReplicas(grp);
    if (rs === undefined) return replicas;
    for (const r of rs) {
      // Level-1 exclusion (node xid) and level-2 pruning (rid + yid), docs/tna-semantics.md.
      if (r.xid !== undefined && r.xid === md.level1_exclusion_id) continue;
      if (this.tm.isPruned(r.rid, r.port, md.rid, md.level2_exclusion_id)) continue;
      const copyId = this.replica();
      if (copyId < 0) return -1;
      if (md.bypass_egress !== 0) {
        // bypass_egress holds for every copy: each goes out as ingress left it.
        this.transmit(copyId, r.port, frame);
        replicas++;
        continue;
      }
      this.push({
        ingress: false,
        port: r.port,
        frame,
        copyId,
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
  mirror(gress: Gress, req: DeparserRequests, packet: Uint8Array): void {
    const s = this.tm.mirrorSession(req.mirrorSession);
    if (s === undefined || s.direction === (gress === 'ingress' ? 'egress' : 'ingress')) {
      this.drop(gress, 'no_mirror_session', `session ${req.mirrorSession}`);
      return;
    }
    const body = s.maxLen > 0 && packet.length > s.maxLen ? packet.subarray(0, s.maxLen) : packet;
    const h = req.mirrorHeader.byteLength;
    let frame: Uint8Array | undefined;
    for (const t of this.tm.mirrorTargets(s)) {
      const copyId = this.mirrorCopy(gress, s.id);
      if (copyId < 0) return;
      if (frame === undefined) {
        frame = allocateFrame(h + body.length);
        copyBytes(frame, 0, req.mirrorHeader.buf, 0, h);
        copyBytes(frame, h, body, 0, body.length);
      }
      this.push({
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
  transmit(copyId: number, port: number, frame: Uint8Array): void {
    if (!this.tm.isRecirculation(port)) {
      this.send(port, frame);
      return;
    }
    if (!this.recirculate(port)) return;
    this.onRecirculate?.(port, frame);
    this.push({
      ingress: true,
      port,
      frame,
      copyId,
      instanceType: InstanceType.RECIRCULATED,
      rid: 0,
      ridFirst: 0,
    });
  }
}
