// The servers' side of a run's noise figures: the orchestrator asks the source and the
// destination for their report once a second and keeps each answer's GC pauses and NIC
// counters (client/process-stats.ts); this cuts them at the before/during/after windows:
// GC pause time, and frames per datagram each way (how well batched framing shares a
// datagram between requests; docs/reproducing-the-paper.md "Sources of run-to-run spread").

import type { ProcessStats } from '../client/process-stats.js';

/** One server's cumulative figures at one moment (wall-clock ms). */
export interface ServerSample {
  atMs: number;
  server: string;
  stats: ProcessStats;
}

/** A process's noise figures over one window; null where nothing was sampled or sent. */
export interface WindowNoise {
  gcPauseMs: number | null;
  /** The part in full (mark-compact) collections. */
  gcMajorPauseMs: number | null;
  framesPerDatagramIn: number | null;
  framesPerDatagramOut: number | null;
}

/** The last sample of `server` at or before `t`, or undefined before its first. */
function sampleAt(samples: readonly ServerSample[], t: number): ServerSample | undefined {
  let found: ServerSample | undefined;
  for (const s of samples) if (s.atMs <= t && (found === undefined || s.atMs >= found.atMs)) found = s;
  return found;
}

/** One server's figures over [fromMs, toMs], from the samples nearest each end (inside the window when they can be). */
export function serverNoise(samples: readonly ServerSample[], fromMs: number, toMs: number): WindowNoise {
  const sorted = [...samples].sort((a, b) => a.atMs - b.atMs);
  const a = sampleAt(sorted, fromMs) ?? sorted.find((s) => s.atMs >= fromMs && s.atMs <= toMs);
  const b = sampleAt(sorted, toMs);
  if (a === undefined || b === undefined || b.atMs <= a.atMs)
    return { gcPauseMs: null, gcMajorPauseMs: null, framesPerDatagramIn: null, framesPerDatagramOut: null };
  const d = (k: keyof ProcessStats) => (b.stats[k] ?? 0) - (a.stats[k] ?? 0);
  const ratio = (n: keyof ProcessStats, m: keyof ProcessStats) => (d(m) > 0 ? d(n) / d(m) : null);
  return {
    gcPauseMs: d('gcPauseMs'),
    gcMajorPauseMs: d('gcMajorPauseMs'),
    framesPerDatagramIn: ratio('framesIn', 'datagramsIn'),
    framesPerDatagramOut: ratio('framesOut', 'datagramsOut'),
  };
}

export type ServerNoise = Record<string, Partial<Record<'before' | 'during' | 'after', WindowNoise>>>;

/** Every sampled server's figures per window (windows as wall-clock spans). */
export function serversNoise(
  samples: readonly ServerSample[],
  windows: Partial<Record<'before' | 'during' | 'after', { startMs: number; endMs: number }>>,
): ServerNoise {
  const out: ServerNoise = {};
  for (const server of [...new Set(samples.map((s) => s.server))].sort()) {
    const mine = samples.filter((s) => s.server === server);
    const row: ServerNoise[string] = {};
    for (const w of ['before', 'during', 'after'] as const) {
      const span = windows[w];
      if (span !== undefined) row[w] = serverNoise(mine, span.startMs, span.endMs);
    }
    out[server] = row;
  }
  return out;
}
