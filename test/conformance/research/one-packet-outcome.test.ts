// The research run's "runs a packet" verdict (one-packet-outcome.ts): real `p4ts test --json`
// runs of the one-packet STF on small TNA programs of our own that reflect the packet to its
// ingress port, send it elsewhere, or drop it, plus reports that must not count as a run.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { classifyOnePacketRun } from './one-packet-outcome.js';

const p4ts = fileURLToPath(new URL('../../../bin/p4ts.js', import.meta.url));
const onePacket = fileURLToPath(new URL('../../../../test/conformance/research/one-packet.stf', import.meta.url));

/** A TNA program whose ingress applies `body` (with `md`/`tm`/`dprsr` in scope) to every packet. */
function tnaProgram(body: string): string {
  return `#include <core.p4>
#include <tna.p4>
header ethernet_h { bit<48> dst; bit<48> src; bit<16> type; }
struct headers_t { ethernet_h eth; }
struct meta_t {}
parser IgP(packet_in pkt, out headers_t hdr, out meta_t m, out ingress_intrinsic_metadata_t md) {
  state start { pkt.extract(md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.eth); transition accept; }
}
control Ig(inout headers_t hdr, inout meta_t m, in ingress_intrinsic_metadata_t md,
           in ingress_intrinsic_metadata_from_parser_t prsr,
           inout ingress_intrinsic_metadata_for_deparser_t dprsr,
           inout ingress_intrinsic_metadata_for_tm_t tm) {
  apply { ${body} }
}
control IgD(packet_out pkt, inout headers_t hdr, in meta_t m, in ingress_intrinsic_metadata_for_deparser_t d) {
  apply { pkt.emit(hdr); }
}
parser EgP(packet_in pkt, out headers_t hdr, out meta_t m, out egress_intrinsic_metadata_t md) {
  state start { pkt.extract(md); pkt.extract(hdr.eth); transition accept; }
}
control Eg(inout headers_t hdr, inout meta_t m, in egress_intrinsic_metadata_t md,
           in egress_intrinsic_metadata_from_parser_t prsr,
           inout egress_intrinsic_metadata_for_deparser_t dprsr,
           inout egress_intrinsic_metadata_for_output_port_t oport) { apply {} }
control EgD(packet_out pkt, inout headers_t hdr, in meta_t m, in egress_intrinsic_metadata_for_deparser_t d) {
  apply { pkt.emit(hdr); }
}
Pipeline(IgP(), Ig(), IgD(), EgP(), Eg(), EgD()) pipe;
Switch(pipe) main;
`;
}

describe('the research run reads the one-packet STF report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'p4ts-one-packet-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const runProgram = (name: string, body: string) => {
    const file = join(dir, `${name}.p4`);
    writeFileSync(file, tnaProgram(body));
    const r = spawnSync(process.execPath, [p4ts, 'test', file, onePacket, '--json'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    return classifyOnePacketRun(r.status, r.stdout);
  };

  it('a packet sent back out of the port it came in on counts as a run', () => {
    assert.deepEqual(runProgram('reflect', 'tm.ucast_egress_port = md.ingress_port;'), {
      ran: true,
      summary: 'left on port 0',
    });
  });
  it('a packet sent to another port counts as a run', () => {
    assert.deepEqual(runProgram('forward', 'tm.ucast_egress_port = 5;'), { ran: true, summary: 'left on port 5' });
  });
  it('a packet the program drops counts as a run', () => {
    assert.deepEqual(runProgram('drop', 'dprsr.drop_ctl = 1;'), {
      ran: true,
      summary: 'no packet left (dropped, or no port chosen)',
    });
  });
  it('a program that does not compile is not a run', () => {
    const r = runProgram('broken', 'tm.ucast_egress_port = no_such_thing;');
    assert.equal(r.ran, false);
  });
  it('a pipeline error in the report is not a run, even beside a packet that left', () => {
    const report = {
      failures: [
        { kind: 'unexpected_packet', message: 'port 0: packet #1 came out' },
        { kind: 'command', message: 'packet: the pipeline failed: boom' },
      ],
      outputs: [{ port: 0 }],
      packetsSent: 1,
    };
    assert.deepEqual(classifyOnePacketRun(3, JSON.stringify(report)), {
      ran: false,
      why: 'packet: the pipeline failed: boom',
    });
  });
  it('a crash or a missing report is not a run', () => {
    assert.equal(classifyOnePacketRun(70, '').ran, false);
    assert.equal(classifyOnePacketRun(null, '').ran, false);
    assert.equal(classifyOnePacketRun(0, 'not json').ran, false);
    assert.equal(classifyOnePacketRun(0, JSON.stringify({ failures: [], outputs: [], packetsSent: 0 })).ran, false);
  });
});
