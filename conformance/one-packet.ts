// "Runs a packet", shared by the research run (test/conformance/research-programs.test.ts, which
// reads `p4ts test --json`) and the p4c-compile suite (which runs the STF in process): the
// one-packet STF has no expectations, so the verdict comes from what the run reports. The
// pipeline ran when the only failures are packets that came out on a port the STF watches (it
// watches the port it sent on: a program that reflects the packet is not wrong); a packet that
// left on any port, or that the program dropped or sent nowhere, both count. Any other failure
// (a pipeline error, a command the runner refused) does not.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The fields of an STF run's report (`p4ts test --json`, or runStf's result) the verdict reads. */
export interface OnePacketReport {
  readonly failures: readonly { readonly kind: string; readonly message: string }[];
  readonly outputs: readonly { readonly port: number }[];
  readonly packetsSent: number;
}

export type OnePacketOutcome = { ran: true; summary: string } | { ran: false; why: string };

/**
 * The one-packet STF (an Ethernet/IPv4/UDP frame into port 0, no expectation), in the source
 * tree: this module runs from dist/conformance.
 */
export const ONE_PACKET_STF = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'test',
  'conformance',
  'research',
  'one-packet.stf',
);

export function classifyOnePacketReport(report: OnePacketReport): OnePacketOutcome {
  if (report.packetsSent === 0) return { ran: false, why: 'no packet was sent' };
  const real = report.failures.find((f) => f.kind !== 'unexpected_packet');
  if (real !== undefined) return { ran: false, why: real.message };
  const ports = [...new Set(report.outputs.map((o) => o.port))].sort((a, b) => a - b);
  return {
    ran: true,
    summary: ports.length === 0 ? 'no packet left (dropped, or no port chosen)' : `left on port ${ports.join(', ')}`,
  };
}
