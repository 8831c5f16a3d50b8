// What one client process can tell about its own run-to-run noise (docs/reproducing-the-paper.md
// "Sources of run-to-run spread"): the garbage collector's pauses, seen through perf_hooks, and
// how many frames its NIC packed per datagram each way (batched framing shares a datagram, and
// so its system calls, between every frame queued in one event-loop turn).

import { constants, PerformanceObserver } from 'node:perf_hooks';
import type { PortCounters } from '../wire/udp-port.js';

/** Cumulative figures, added to the client's counter samples (cluster/timeline.ts). */
export interface ProcessStats {
  gcPauses: number;
  /** Total GC pause time, ms (rounded to µs). */
  gcPauseMs: number;
  /** The part of it in full (mark-compact) collections: they grow with the live heap, the history kept for the check. */
  gcMajorPauseMs: number;
  framesIn: number;
  datagramsIn: number;
  framesOut: number;
  datagramsOut: number;
}

/** Counts this process's GC pauses from now until stop(). */
export class GcPauseCounter {
  count = 0;
  totalMs = 0;
  majorMs = 0;
  private readonly observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      this.count++;
      this.totalMs += e.duration;
      const kind = ((e as { detail?: unknown }).detail as { kind?: number } | undefined)?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) this.majorMs += e.duration;
    }
  });

  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  stop(): void {
    this.observer.disconnect();
  }
}

export function processStats(gc: GcPauseCounter, nic: PortCounters | undefined): ProcessStats {
  return {
    gcPauses: gc.count,
    gcPauseMs: Math.round(gc.totalMs * 1000) / 1000,
    gcMajorPauseMs: Math.round(gc.majorMs * 1000) / 1000,
    framesIn: nic?.framesIn ?? 0,
    datagramsIn: nic?.datagramsIn ?? 0,
    framesOut: nic?.framesOut ?? 0,
    datagramsOut: nic?.datagramsOut ?? 0,
  };
}
