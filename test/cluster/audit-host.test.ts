// The auditor's reads over a lossy path: a KV target that answers every READ it receives,
// behind a wire that loses 40 % of the frames each way (the switch's own impairment, seeded).
// Every key must still get its answer (reads are idempotent, so the auditor asks again while
// the target keeps answering), and a target that never answers ends each key after `attempts`.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AuditHost } from '../../cluster/audit.js';
import { reserveUdpPorts } from '../../cluster/topology.js';
import { Impairment } from '../../runtime/ports/impairment.js';
import { decodeMessage } from '../../wire/codec.js';
import { decodeFrame, replyAddress } from '../../wire/frame.js';
import { Op } from '../../wire/ops.js';
import { MessageSender } from '../../wire/send-message.js';
import { UdpPort } from '../../wire/udp-port.js';

const AUDITOR = { mac: 0x020000000003, ip: 0x0a000003 };
const TARGET = { mac: 0x020000000002, ip: 0x0a000002, dbPort: 7380 };
const VALUE_BYTES = 64;

/** A target answering READ with "not found", with `drop` loss on its receive and send sides. */
async function lossyTarget(auditorNic: number, drop: number, answer: boolean) {
  let sender: MessageSender | undefined;
  const out = new Impairment({ drop }, 11, (f) => sender?.port.send(f));
  let answered = 0;
  const inbound = new Impairment({ drop }, 12, (frame) => {
    const f = decodeFrame(frame);
    if (!f.ok || !answer) return;
    const m = decodeMessage(frame, f.value.payloadOffset, f.value.payloadLength, VALUE_BYTES);
    if (!m.ok || m.value.op !== Op.READ) return;
    answered++;
    const reply = new Uint8Array(VALUE_BYTES).fill(0xff);
    // Through the lossy side: the sender writes into a fresh frame, handed to `out`.
    const port = {
      send: (fr: Uint8Array) => {
        out.pass(fr);
        return true;
      },
    } as unknown as UdpPort;
    new MessageSender(port, VALUE_BYTES).sendMessage(replyAddress(f.value, TARGET.mac, TARGET.ip), {
      op: Op.READ_REPLY,
      seq: m.value.seq,
      dbPort: m.value.dbPort,
      bitmap: 1,
      ver: 0,
      value: reply,
    });
  });
  const nic = await UdpPort.openOrThrow({
    framing: 'single',
    peer: { address: '127.0.0.1', port: auditorNic },
    onFrame: (frame) => inbound.pass(frame),
  });
  sender = new MessageSender(nic, VALUE_BYTES);
  return { nic, answered: () => answered };
}

describe('the auditor on a lossy path', () => {
  test('every key is answered through 40 % loss each way', async () => {
    const [nicPort] = await reserveUdpPorts(1);
    const target = await lossyTarget(nicPort as number, 0.4, true);
    const host = await AuditHost.open({
      ...AUDITOR,
      nicPort: nicPort as number,
      switchPort: target.nic.address,
      valueBytes: VALUE_BYTES,
    });
    try {
      const keys = Array.from({ length: 300 }, (_, i) => i + 1);
      const reads = await host.read(TARGET, keys, { timeoutMs: 20 });
      const unanswered = keys.filter((k) => reads.get(k) === undefined);
      assert.deepEqual(unanswered, []);
      assert.ok(target.answered() > keys.length, 'requests were lost and asked again');
    } finally {
      await host.close();
      await target.nic.close();
    }
  });

  test('a target that never answers ends each key after `attempts` sends', async () => {
    const [nicPort] = await reserveUdpPorts(1);
    const target = await lossyTarget(nicPort as number, 0, false);
    const host = await AuditHost.open({
      ...AUDITOR,
      nicPort: nicPort as number,
      switchPort: target.nic.address,
      valueBytes: VALUE_BYTES,
    });
    try {
      const reads = await host.read(TARGET, [1, 2, 3], { timeoutMs: 5, attempts: 3 });
      assert.deepEqual([...reads.values()], [undefined, undefined, undefined]);
    } finally {
      await host.close();
      await target.nic.close();
    }
  });
});
