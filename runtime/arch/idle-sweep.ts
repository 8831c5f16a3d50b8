// Idle timeout (TNA `idle_timeout = true`): the switch sweeps every idle-timeout table at a
// fixed period, as Tofino's hit-state scan does. A hit since the last sweep restarts an entry's
// idle time; an entry idle for its TTL is reported once (per idle period) on the digest stream
// as an `$IDLE_TIMEOUT` message naming the table and the entry handle. docs/control-plane.md.

import type { DigestMessage } from '../externs/deparser-externs.js';
import type { PipelineState } from './pipeline-state.js';

/** The digest name idle notifications carry (not a P4 digest: `$` cannot start a P4 name). */
export const IDLE_TIMEOUT_DIGEST = '$IDLE_TIMEOUT';

/** One sweep over every idle-timeout table; returns the notifications it produces. */
export function sweepIdleTables(state: PipelineState, elapsedMs: number): DigestMessage[] {
  const out: DigestMessage[] = [];
  state.p4info.tables.forEach((info, i) => {
    if (info.idleTimeout !== true) return;
    const table = state.tables[i];
    if (table === undefined) return;
    for (const e of table.sweepIdle(elapsedMs))
      out.push({ digest: IDLE_TIMEOUT_DIGEST, digestId: 0, packetId: 0, values: [e.handle], table: info.name });
  });
  return out;
}

/** Sweeps every `periodMs` until the returned function is called; the timer keeps no process alive. */
export function startIdleSweeper(
  state: PipelineState,
  periodMs: number,
  notify: (m: DigestMessage) => void,
): () => void {
  if (!state.p4info.tables.some((t) => t.idleTimeout === true)) return () => {};
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    for (const m of sweepIdleTables(state, now - last)) notify(m);
    last = now;
  }, periodMs);
  timer.unref();
  return () => clearInterval(timer);
}
