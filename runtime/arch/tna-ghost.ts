// Tofino 2's ghost thread (docs/tna-semantics.md, "Ghost thread"): queue reports that run a
// pipe's ghost control, from the traffic manager for every unicast packet and in rounds from
// the control plane, and each pipe's ping-pong bit, which a round flips.

import type { TnaBlocks } from '../pipeline-module.js';

/** One queue report to Tofino 2's ghost thread: the queue's id and its length. */
export interface GhostQueueReport {
  readonly qid: number;
  readonly qlength: number;
}

/**
 * Tofino 2's ghost thread as the control plane drives it: `round` runs one round of queue
 * reports on the ghost control of hardware pipe `hwPipe`, then flips that pipe's ping-pong
 * bit. false when no pipe there has a ghost control.
 */
export interface GhostControl {
  round(hwPipe: number, reports: readonly GhostQueueReport[]): boolean;
}

export class GhostThread implements GhostControl {
  /** Each pipe's ping-pong bit (index into `pipes`), which each report round flips. */
  private readonly bits: Uint8Array;

  /**
   * `pipeOfPort` maps a device port to its index in `pipes`; `newPass` counts a report as a
   * pass of its own (the one-access-per-pass register rule).
   */
  constructor(
    private readonly pipes: readonly TnaBlocks[],
    private readonly pipeOfPort: Uint8Array,
    private readonly newPass: () => void,
  ) {
    this.bits = new Uint8Array(pipes.length);
  }

  /**
   * The traffic manager reports the queue a unicast packet entered to the ghost control of the
   * pipe that owns the queue's port. Packets run to completion here, so the queue is empty
   * when reported (qlength 0, as eg_intr_md.enq_qdepth).
   */
  update(port: number, qid: number): void {
    this.report(this.pipeOfPort[port & 511] as number, (port >> 7) & 3, qid, 0);
  }

  /**
   * A round of queue reports from the control plane: each runs the ghost control with the
   * pipe's ping-pong bit, then the bit flips, so ingress (which sees the flipped bit) reads
   * the copy the round wrote and the next round writes the other (bf-p4c's ping-pong
   * generation gives ingress and ghost opposite copies for one bit).
   */
  round(hwPipe: number, reports: readonly GhostQueueReport[]): boolean {
    const pipe = this.pipeOfPort[(hwPipe & 3) << 7] as number;
    const b = this.pipes[pipe] as TnaBlocks;
    if (b.ghost === undefined || b.gh_intr_md === undefined) return false;
    for (const r of reports) this.report(pipe, hwPipe, r.qid, r.qlength);
    const bit = ((this.bits[pipe] as number) ^ 1) as 0 | 1;
    this.bits[pipe] = bit;
    b.gh_intr_md.ping_pong = bit;
    return true;
  }

  /**
   * One queue report on the ghost control of pipe `pipe` (index into `pipes`), with the
   * pipe's current ping-pong bit; the ingress control then reads these values. false when
   * the pipe has no ghost control.
   */
  private report(pipe: number, hwPipe: number, qid: number, qlength: number): boolean {
    const b = this.pipes[pipe] as TnaBlocks;
    const g = b.gh_intr_md;
    if (b.ghost === undefined || g === undefined) return false;
    g.$valid = true;
    g.ping_pong = this.bits[pipe] as number;
    g.qlength = qlength & 0x3ffff;
    g.qid = qid & 0x7ff;
    g.pipe_id = hwPipe & 3;
    this.newPass();
    b.ghost();
    return true;
  }
}
