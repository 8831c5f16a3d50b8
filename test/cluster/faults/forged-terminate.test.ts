// A forged TERMINATE sent into a live run from a client's switch port while the migration is
// under way: the switch program takes migration control only from the ports the controller
// registered for the migration (the source's and the destination's), so the frame must be
// dropped and counted (forged_control_drops), the controller must see one TERMINATE only (the
// source's, at the end), and the run must finish with verdict OK and nothing lost.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { wallClockMs } from '../../../client/history.js';
import type { ExperimentOutcome, LiveRun } from '../../../cluster/orchestrator.js';
import { ControlClient } from '../../../runtime/control/client.js';
import { encodeMessage } from '../../../wire/codec.js';
import { FRAME_HEADER_BYTES, writeFrameHeaders } from '../../../wire/frame.js';
import type { PairMessage } from '../../../wire/message.js';
import { Op, Ports } from '../../../wire/ops.js';
import { UdpPort } from '../../../wire/udp-port.js';
import { assertCleanRun, FaultRuns } from './fault-run.js';

const FORGED = 3;
const GUARD_MS = 60_000;

/** The source's TERMINATE to the destination, byte for byte what the source would send. */
function forgedTerminate(run: LiveRun): Uint8Array {
  const t = run.topology;
  const msg: PairMessage = {
    op: Op.TERMINATE,
    seq: 0xfffffff0n,
    dbPort: t.destinationDbPort,
    srcAddr: t.source.ip,
    srcPort: t.sourceDbPort,
    dstAddr: t.destination.ip,
    dstPort: t.destinationDbPort,
    sizeExp: 16,
    remainExp: 13,
  };
  const frame = new Uint8Array(FRAME_HEADER_BYTES + 64);
  const n = encodeMessage(msg, frame, FRAME_HEADER_BYTES);
  assert.equal(typeof n, 'number');
  const addr = {
    dstMac: t.destination.mac,
    srcMac: t.source.mac,
    srcIp: t.source.ip,
    dstIp: t.destination.ip,
    srcPort: Ports.MIGRATION_AGENT_BASE,
    dstPort: Ports.MIGRATION_AGENT_BASE,
  };
  const len = writeFrameHeaders(frame, addr, n as number);
  return frame.subarray(0, len);
}

async function forgedDrops(control: ControlClient): Promise<number> {
  const r = await control.call<{ values: { packets: number }[] }>('counter.read', {
    counter: 'forged_control_drops',
    index: 0,
  });
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.value.values[0]?.packets ?? -1;
}

/** From the loader's NIC (the loader has finished: its port is a client port nobody uses now). */
async function injectFromClientPort(run: LiveRun): Promise<{ before: number; after: number; sentAtMs: number }> {
  const [host, port] = run.control.split(':');
  const c = await ControlClient.connect({ host: host ?? '127.0.0.1', port: Number(port) });
  assert.ok(c.ok, c.ok ? '' : c.message);
  const control = c.value;
  const [swHost, swPort] = (run.switchPorts[String(run.topology.loader.port)] ?? '').split(':');
  let nic: UdpPort | undefined;
  // The loader process may still be letting go of its socket: retry the bind for a while.
  for (const start = Date.now(); nic === undefined && Date.now() - start < GUARD_MS; ) {
    const r = await UdpPort.open({
      framing: run.framing,
      bindPort: run.topology.loader.nicPort,
      peer: { address: swHost ?? '127.0.0.1', port: Number(swPort) },
      onFrame: () => {},
    });
    if (r.ok) nic = r.value;
    else await sleep(20);
  }
  assert.ok(nic !== undefined, "could not bind the loader's NIC port");
  try {
    const before = await forgedDrops(control);
    const sentAtMs = wallClockMs();
    for (let i = 0; i < FORGED; i++) nic.send(forgedTerminate(run));
    let after = before;
    for (const start = Date.now(); after < before + FORGED && Date.now() - start < GUARD_MS; ) {
      await sleep(10);
      after = await forgedDrops(control);
    }
    return { before, after, sentAtMs };
  } finally {
    await nic.close();
    await control.close();
  }
}

describe('a forged TERMINATE from a client port in a live run', { timeout: 10 * 60_000 }, () => {
  let runs: FaultRuns;
  let outcome: ExperimentOutcome;
  let injected: Promise<{ before: number; after: number; sentAtMs: number }> | undefined;

  before(async () => {
    runs = await FaultRuns.create('nm-forged-');
    // A slow migration: the forged frames arrive while groups are still moving.
    outcome = await runs.run(
      'forged',
      { migrationRate: 200 },
      {
        onMigrationStarted: (run) => {
          injected = injectFromClientPort(run);
          injected.catch(() => {});
        },
      },
    );
  });
  after(() => runs?.remove());

  test('the switch drops and counts every forged frame', async () => {
    assert.ok(injected !== undefined, 'the migration started');
    const { before, after, sentAtMs } = await injected;
    assert.equal(after - before, FORGED);
    // Sent while the migration was under way (the source's own TERMINATE came later).
    const finished = outcome.results.record.migrationEvents.find((e) => e.kind === 'finished');
    assert.ok(finished !== undefined && sentAtMs < finished.atMs, `sent at ${sentAtMs}, finished ${finished?.atMs}`);
  });

  test("the controller acts on the source's TERMINATE only, and the run is clean", () => {
    const terminates = outcome.controllerEvents.filter((e) => e.kind === 'terminate');
    assert.equal(terminates.length, 1, JSON.stringify(outcome.controllerEvents));
    assertCleanRun(outcome, 300);
  });
});
