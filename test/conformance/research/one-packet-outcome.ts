// What "runs a packet" means for the research-program run (docs/conformance.md, "Research"),
// read from a `p4ts test --json` run of the one-packet STF: its exit status and report. The
// verdict on a report is conformance/one-packet.ts, shared with the p4c-compile suite.

import {
  classifyOnePacketReport,
  type OnePacketOutcome,
  type OnePacketReport,
} from '../../../conformance/one-packet.js';

export type { OnePacketOutcome };

function isReport(x: unknown): x is OnePacketReport {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return Array.isArray(r.failures) && Array.isArray(r.outputs) && typeof r.packetsSent === 'number';
}

/**
 * Classifies a `p4ts test --json` run of the one-packet STF from its exit status and stdout. A
 * status other than 0 (passed) or 3 (an expectation failed), or output that is not a report, is a
 * failure: the compiler or the runner stopped before the packet went through.
 */
export function classifyOnePacketRun(status: number | null, stdout: string): OnePacketOutcome {
  if (status !== 0 && status !== 3) return { ran: false, why: `p4ts test exited with ${status ?? 'a signal'}` };
  let report: unknown;
  try {
    report = JSON.parse(stdout);
  } catch {
    return { ran: false, why: 'p4ts test --json wrote no report' };
  }
  if (!isReport(report)) return { ran: false, why: 'p4ts test --json wrote no report' };
  return classifyOnePacketReport(report);
}
