// Control-plane method of Tofino 2's ghost thread (runtime/arch/tna.ts): `ghost.round` runs one
// round of queue reports, as the traffic manager would send them, on a pipe's ghost control
// and then flips the pipe's ping-pong bit. docs/control-plane.md, "Ghost thread".

import type { GhostControl, GhostQueueReport } from '../arch/tna.js';
import { describeValue, err, ok } from '../result.js';
import { type CResult, type Params, requireInt } from './params.js';

/** What the method needs: the switch's ghost thread, when it runs a TNA pipeline. */
export interface GhostTarget {
  readonly ghost?: GhostControl;
}

/** `{hwPipe?, reports: [{qid, qlength}…]}` → the round's result: the pipe and the reports run. */
export function ghostRound(t: GhostTarget, p: Params): CResult<{ pipe: number; reports: number }> {
  if (t.ghost === undefined)
    return err('METHOD_NOT_FOUND', 'this switch has no ghost thread (a Tofino 2 feature: run a t2na pipeline)');
  const pipe = p.pipe === undefined ? ok(0) : requireInt(p, 'pipe', 0, 3);
  if (!pipe.ok) return pipe;
  if (!Array.isArray(p.reports))
    return err('INVALID_PARAMS', `"reports" must be a list, got ${describeValue(p.reports)}`);
  const reports: GhostQueueReport[] = [];
  for (const [i, r] of p.reports.entries()) {
    if (typeof r !== 'object' || r === null || Array.isArray(r))
      return err('INVALID_PARAMS', `reports[${i}] must be {qid, qlength}, got ${describeValue(r)}`);
    // qid and qlength are ghost_intrinsic_metadata_t's 11- and 18-bit fields.
    const qid = requireInt(r as Params, 'qid', 0, 0x7ff);
    if (!qid.ok) return err('INVALID_PARAMS', `reports[${i}]: ${qid.message}`);
    const qlength = requireInt(r as Params, 'qlength', 0, 0x3ffff);
    if (!qlength.ok) return err('INVALID_PARAMS', `reports[${i}]: ${qlength.message}`);
    reports.push({ qid: qid.value, qlength: qlength.value });
  }
  if (!t.ghost.round(pipe.value, reports))
    return err('METHOD_NOT_FOUND', `the program on pipe ${pipe.value} has no ghost control`);
  return ok({ pipe: pipe.value, reports: reports.length });
}
