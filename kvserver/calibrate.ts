// Measures a server's peak request rate on this machine, the baseline that a capacity share
// (70 %, 40 %) is taken of: the in-process cost of one request (decode, serve, encode) plus
// the cost of receiving and sending one datagram on loopback, which dominates (~11 µs each).

import dgram from 'node:dgram';
import { decodeMessage, encodeMessage, notFoundValue } from '../wire/codec.js';
import type { FrameAddress } from '../wire/frame.js';
import { decodeFrame, FRAME_HEADER_BYTES, writeFrameHeaders } from '../wire/frame.js';
import { Op } from '../wire/ops.js';
import { serveRequest } from './handler.js';
import { KvDict } from './store/dict.js';

export interface CalibrationResult {
  opsPerSec: number;
  handlerMicros: number;
  datagramMicros: number;
}

/** Runs for roughly `budgetMs` and returns the estimated peak requests/s of one server. */
export async function calibrateServer(valueBytes = 64, budgetMs = 150): Promise<CalibrationResult> {
  const handlerMicros = measureHandler(valueBytes, budgetMs / 3);
  const datagramMicros = await measureDatagrams(valueBytes, (budgetMs * 2) / 3);
  return { opsPerSec: 1e6 / (handlerMicros + datagramMicros), handlerMicros, datagramMicros };
}

function measureHandler(valueBytes: number, budgetMs: number): number {
  const shard = { dbPort: 6380, store: new KvDict(), role: 'normal' as const };
  const notFound = notFoundValue(valueBytes);
  const value = new Uint8Array(valueBytes);
  for (let k = 0; k < 4096; k++) shard.store.set(k, value);
  const addr: FrameAddress = { dstMac: 2, srcMac: 1, srcIp: 1, dstIp: 2, srcPort: 0xbe00, dstPort: 0xbe40 };
  const req = new Uint8Array(256);
  const out = new Uint8Array(256);
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < budgetMs) {
    for (let i = 0; i < 256; i++, n++) {
      const len = encodeMessage(
        { op: Op.READ, seq: BigInt(n), dbPort: 6380, bitmap: 1, ver: 0, key: n & 4095 },
        req,
        FRAME_HEADER_BYTES,
        valueBytes,
      );
      const flen = writeFrameHeaders(req, addr, typeof len === 'number' ? len : 0);
      const f = decodeFrame(req.subarray(0, flen));
      if (!f.ok) continue;
      const m = decodeMessage(req, f.value.payloadOffset, f.value.payloadLength, valueBytes);
      if (!m.ok || m.value.op !== Op.READ) continue;
      const reply = serveRequest(m.value, shard, notFound);
      const rlen = encodeMessage(reply, out, FRAME_HEADER_BYTES, valueBytes);
      writeFrameHeaders(out, addr, typeof rlen === 'number' ? rlen : 0);
    }
  }
  return ((performance.now() - t0) * 1000) / n;
}

/** Loopback send + receive cost of one frame-sized datagram, per datagram. */
function measureDatagrams(valueBytes: number, budgetMs: number): Promise<number> {
  const socket = dgram.createSocket('udp4');
  const payload = Buffer.alloc(FRAME_HEADER_BYTES + 13 + valueBytes);
  return new Promise((resolve) => {
    let received = 0;
    let t0 = 0;
    const finish = () => {
      const micros = received === 0 ? 22 : ((performance.now() - t0) * 1000) / received;
      socket.close(() => resolve(micros));
    };
    socket.on('error', finish);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      // Ping-pong with a window of 8 in flight: each arrival triggers one send.
      socket.on('message', () => {
        received++;
        if (performance.now() - t0 < budgetMs) socket.send(payload, port, '127.0.0.1');
        else if (received > 0) {
          socket.removeAllListeners('message');
          setImmediate(finish);
        }
      });
      t0 = performance.now();
      for (let i = 0; i < 8; i++) socket.send(payload, port, '127.0.0.1');
    });
  });
}
