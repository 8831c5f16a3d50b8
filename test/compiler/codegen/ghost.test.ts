// Tofino 2's ghost thread (T2NA `Pipeline(…, ghost)`): the traffic manager reports the queue
// each unicast packet enters to the ghost control of the queue's pipe, which may update state
// the packet pipeline reads (docs/tna-semantics.md, "Ghost thread").

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { bytesOf, cleanup, ROOT, rig } from './helpers.js';

after(cleanup);

const PROGRAM = `${ROOT}/test/compiler/codegen/p4/t2na-ghost.p4`;

/** Ethernet whose source address carries the queue id (src_hi's low 7 bits) and the egress port. */
function frame(qid: number, port: number): Uint8Array {
  return Uint8Array.from([...bytesOf(0n, 6), ...bytesOf(BigInt(qid), 5), port, 0x88, 0xb5, 1, 2, 3, 4]);
}

describe('ghost thread (Tofino 2)', () => {
  // Rule: each update names the packet's queue (qid) on its egress port's pipe (pipe_id),
  // with the queue length the emulator's run-to-completion queues have (0).
  test('each unicast packet sends one queue update to the ghost control; ingress sees the state it wrote', async () => {
    const r = await rig(PROGRAM, { target: 'tofino2' });
    const updates = r.state.registerByName.get('updates');
    assert.ok(updates !== undefined);
    r.engine.receive(1, frame(5, 3));
    assert.equal(r.out.length, 1);
    assert.equal(r.out[0]?.port, 3);
    // The first packet read the cell before its own update: 0.
    assert.deepEqual([...(r.out[0]?.frame.subarray(0, 6) ?? [])], [0, 0, 0, 0, 0, 0]);
    r.engine.receive(1, frame(5, 4));
    assert.deepEqual([...(r.out[1]?.frame.subarray(0, 6) ?? [])], [0, 0, 0, 0, 0, 1]);
    r.engine.receive(1, frame(7, 4));
    assert.equal(updates.read(5).toString(), '2');
    assert.equal(updates.read(7).toString(), '1');
    assert.equal(updates.read(6).toString(), '0');
    // The ghost thread's register access is a pass of its own, not a second access by the packet.
    assert.equal(r.engine.registerRuleViolations, 0);
  });

  test('a packet with no egress port enters no queue and sends no update', async () => {
    const r = await rig(PROGRAM, { target: 'tofino2' });
    r.engine.receive(1, frame(9, 100));
    assert.equal(r.out.length, 0);
    assert.equal(r.state.registerByName.get('updates')?.read(9).toString(), '0');
  });
});
