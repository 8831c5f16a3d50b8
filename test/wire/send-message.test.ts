// The one send path (wire/send-message.ts): a frame of exactly the message's size, headers a
// receiver decodes, the trailer after the body, a fresh IPv4 id per frame, and nothing sent
// when the message cannot be encoded.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { decodeMessage, payloadBytes } from '../../wire/codec.js';
import { decodeFrame, FRAME_HEADER_BYTES, type FrameAddress } from '../../wire/frame.js';
import type { MgMessage } from '../../wire/message.js';
import { DEFAULT_VALUE_BYTES, Op } from '../../wire/ops.js';
import { MessageSender } from '../../wire/send-message.js';
import { UdpPort } from '../../wire/udp-port.js';

const ports: UdpPort[] = [];
after(async () => {
  await Promise.all(ports.map((p) => p.close()));
});

/** A sender cabled to a receiving port; `frames` collects what arrives. */
async function cable() {
  const frames: Uint8Array[] = [];
  const rx = await UdpPort.openOrThrow({ framing: 'batched', onFrame: (f) => frames.push(f) });
  const tx = await UdpPort.openOrThrow({ framing: 'batched', onFrame: () => {}, peer: rx.address });
  rx.setPeer(tx.address);
  ports.push(rx, tx);
  const arrived = async (n: number) => {
    for (let i = 0; i < 200 && frames.length < n; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(frames.length, n);
  };
  return { sender: new MessageSender(tx, DEFAULT_VALUE_BYTES), tx, frames, arrived };
}

const ADDR: FrameAddress = {
  dstMac: 2,
  srcMac: 3,
  srcIp: 0x0a000001,
  dstIp: 0x0a000002,
  srcPort: 0xbe00,
  dstPort: 0xbe40,
};

describe('MessageSender', () => {
  it('sends a frame of exactly the message size that decodes to the message', async () => {
    const { sender, frames, arrived } = await cable();
    const msg: MgMessage = {
      op: Op.WRITE,
      seq: 7n,
      dbPort: 6380,
      bitmap: 1,
      key: 42,
      value: new Uint8Array(64).fill(9),
    };
    const len = sender.sendMessage(ADDR, msg);
    assert.equal(len, FRAME_HEADER_BYTES + payloadBytes(Op.WRITE));
    await arrived(1);
    const f = frames[0] as Uint8Array;
    assert.equal(f.length, len);
    const h = decodeFrame(f);
    assert.ok(h.ok);
    assert.equal(h.value.dstPort, 0xbe40);
    const m = decodeMessage(f, h.value.payloadOffset, h.value.payloadLength);
    assert.ok(m.ok);
    assert.equal(m.value.op, Op.WRITE);
    assert.equal(m.value.seq, 7n);
  });

  it('appends the trailer after the body and numbers IPv4 ids per frame', async () => {
    const { sender, frames, arrived } = await cable();
    const msg: MgMessage = { op: Op.READ, seq: 1n, dbPort: 6380, bitmap: 1, ver: 0, key: 5 };
    sender.sendMessage(ADDR, msg, Uint8Array.of(0xaa, 0xbb));
    sender.sendMessage(ADDR, msg);
    await arrived(2);
    const [a, b] = frames as [Uint8Array, Uint8Array];
    assert.deepEqual([...a.subarray(a.length - 2)], [0xaa, 0xbb]);
    assert.equal(a.length, b.length + 2);
    const id = (f: Uint8Array) => ((f[18] as number) << 8) | (f[19] as number);
    assert.equal(id(b), (id(a) + 1) & 0xffff);
  });

  it('returns the encoding error and sends nothing for a message it cannot encode', async () => {
    const { sender, tx } = await cable();
    const bad = { op: Op.WRITE, seq: 1n, dbPort: 1, bitmap: 1, key: 1, value: new Uint8Array(3) } as MgMessage;
    const r = sender.sendMessage(ADDR, bad);
    assert.equal(typeof r, 'object');
    assert.equal((r as { code: string }).code, 'MG_BAD_VALUE_SIZE');
    tx.flush();
    assert.equal(tx.counters.framesOut, 0);
  });
});
