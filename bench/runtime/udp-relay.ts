// A bare Node UDP relay (receive a datagram, send it on, no processing) in a worker thread,
// fed by a sender and drained by a receiver on the main thread, in 'single' and 'batched'
// framing. This is the ceiling the switch's UDP ports are compared with ('bare' forwards the
// datagram as is; 'port' goes through UdpPort, splitting and re-packing frames).
// Prints figures; never passes or fails.

import { createSocket } from 'node:dgram';
import os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Framing } from '../../wire/framing.js';
import { UdpPort } from '../../wire/udp-port.js';

interface RelayConfig {
  readonly framing: Framing;
  readonly mode: 'bare' | 'port';
  readonly target: number;
}

const FRAME_BYTES = 100;
const SECONDS = 2;

async function runRelay(cfg: RelayConfig): Promise<void> {
  if (cfg.mode === 'bare') {
    const s = createSocket('udp4');
    s.on('message', (msg) => s.send(msg, cfg.target, '127.0.0.1'));
    s.bind(0, '127.0.0.1', () => parentPort?.postMessage(s.address().port));
    parentPort?.once('message', () => s.close());
    return;
  }
  let out: UdpPort | undefined;
  const r = await UdpPort.open({ framing: cfg.framing, onFrame: (f) => out?.send(f), name: 'relay' });
  if (!r.ok) throw new Error(r.message);
  out = r.value;
  out.setPeer({ address: '127.0.0.1', port: cfg.target });
  parentPort?.postMessage(out.address.port);
  parentPort?.once('message', () => void out?.close());
}

async function measure(framing: Framing, mode: 'bare' | 'port'): Promise<{ sent: number; received: number }> {
  let received = 0;
  const rx = await UdpPort.open({ framing, onFrame: () => received++, name: 'rx' });
  if (!rx.ok) throw new Error(rx.message);
  const worker = new Worker(new URL(import.meta.url), { workerData: { framing, mode, target: rx.value.address.port } });
  const relayPort = await new Promise<number>((resolve) => worker.once('message', resolve));
  const tx = await UdpPort.open({
    framing,
    onFrame: () => {},
    peer: { address: '127.0.0.1', port: relayPort },
    name: 'tx',
  });
  if (!tx.ok) throw new Error(tx.message);
  const frame = new Uint8Array(FRAME_BYTES).fill(0xab);
  // Offer a fixed burst per event-loop turn: 16 frames (one batched datagram) or 16 datagrams.
  const end = performance.now() + SECONDS * 1000;
  let sent = 0;
  let startReceived = 0;
  await new Promise<void>((resolve) => {
    const burst = () => {
      if (performance.now() >= end) return resolve();
      for (let i = 0; i < 16; i++) tx.value.send(frame);
      sent += 16;
      setImmediate(burst);
    };
    // Warm up for 200 ms, then count from zero.
    setTimeout(() => {
      startReceived = received;
    }, 200);
    burst();
  });
  await new Promise((r) => setTimeout(r, 100));
  worker.postMessage('stop');
  await tx.value.close();
  await rx.value.close();
  await worker.terminate();
  return { sent, received: received - startReceived };
}

if (!isMainThread) {
  await runRelay(workerData as RelayConfig);
} else {
  console.log(
    `node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}; ${FRAME_BYTES}-byte frames, ${SECONDS} s each`,
  );
  for (const mode of ['bare', 'port'] as const) {
    for (const framing of ['single', 'batched'] as const) {
      const { sent, received } = await measure(framing, mode);
      const rate = received / (SECONDS - 0.2);
      console.log(
        `${mode.padEnd(5)} ${framing.padEnd(8)} relayed ${(rate / 1000).toFixed(0).padStart(5)} k frames/s (offered ${(sent / SECONDS / 1000).toFixed(0)} k/s)`,
      );
    }
  }
}
