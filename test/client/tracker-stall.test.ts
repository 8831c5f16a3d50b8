import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { after, describe, it } from 'node:test';
import { RequestTracker } from '../../client/tracker.js';
import type { ClientReply, ClientRequest } from '../../wire/index.js';
import { Op, Ver } from '../../wire/index.js';

// A client stalled past its requests' deadlines (a GC pause, or no core for a while) while the
// replies already sit in its socket must read them before judging the deadlines: those
// requests were answered, not lost.

const bound = (s: Socket) => new Promise<number>((r) => s.bind(0, '127.0.0.1', () => r(s.address().port)));

describe('request tracker, a stalled client', () => {
  const sockets: Socket[] = [];
  after(() => {
    for (const s of sockets) s.close();
  });

  it('replies that arrived during its own stall complete their requests: no resend', async () => {
    const clientSocket = createSocket('udp4');
    const serverSocket = createSocket('udp4');
    sockets.push(clientSocket, serverSocket);
    const clientPort = await bound(clientSocket);
    await bound(serverSocket);
    const tracker = new RequestTracker(() => {}, { timeoutMs: 20, maxTimeoutMs: 1000 });
    const replyOf = (seq: bigint): ClientReply => ({
      op: Op.READ_REPLY,
      seq,
      dbPort: 6380,
      bitmap: 1,
      ver: Ver.FOUND,
      value: new Uint8Array(8),
    });
    // The "wire": a datagram's first 8 bytes are the seq of the request it answers.
    clientSocket.on('message', (m) => tracker.onReply(replyOf(m.readBigUInt64BE(0))));
    const done = new Promise<boolean>((resolve) => {
      const request: ClientRequest = { op: Op.READ, seq: 7n, dbPort: 6380, bitmap: 1, ver: 0, key: 1 };
      tracker.submit(request, (o) => resolve(o.ok));
    });
    // The reply is sent now; then this process stalls well past the 20 ms deadline.
    const datagram = Buffer.alloc(8);
    datagram.writeBigUInt64BE(7n);
    await new Promise<void>((r) => serverSocket.send(datagram, clientPort, '127.0.0.1', () => r()));
    const stallUntil = performance.now() + 100;
    while (performance.now() < stallUntil) {
      // busy: no event-loop turn, as in a long GC pause
    }
    assert.equal(await done, true);
    assert.equal(tracker.counters.timeouts, 0);
    assert.equal(tracker.counters.resends, 0);
    tracker.close();
  });
});
