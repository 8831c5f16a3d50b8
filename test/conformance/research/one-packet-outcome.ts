// What "runs a packet" means for the research-program run (docs/conformance.md, "Research"): the
// one-packet STF has no expectations, so its report is read here rather than its exit code. The
// pipeline ran when the only failures are packets that came out on a port the STF watches (it
// watches the port it sent on: a program that reflects the packet is not wrong); a packet that
// left on any port, or that the program dropped or sent nowhere (no entries, so no port chosen),
// both count. A pipeline error fails.

/** The fields of `p4ts test --json` this classification reads. */
interface StfJsonReport {
  failures: { kind: string; message: string }[];
  outputs: { port: number }[];
  packetsSent: number;
}

export type OnePacketOutcome = { ran: true; summary: string } | { ran: false; why: string };

function isReport(x: unknown): x is StfJsonReport {
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
  if (report.packetsSent === 0) return { ran: false, why: 'no packet was sent' };
  const real = report.failures.find((f) => f.kind !== 'unexpected_packet');
  if (real !== undefined) return { ran: false, why: real.message };
  const ports = [...new Set(report.outputs.map((o) => o.port))].sort((a, b) => a - b);
  return {
    ran: true,
    summary: ports.length === 0 ? 'no packet left (dropped, or no port chosen)' : `left on port ${ports.join(', ')}`,
  };
}
