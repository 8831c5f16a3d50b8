// The switch's forwarding capacity for MIGRATE datagrams (bench/migrate.ts): a real `p4ts
// switch` running p4/netmigrate.p4 with the NetMigrate controller's routes and migration peers;
// this harness plays the source's NIC and the destination's NIC and keeps a window of MIGRATE
// frames of maxMigratePairs() pairs in flight, one way or with every MIGRATE answered by a
// MIGRATE_REPLY back through the switch (the migration's own mix).

import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { NetMigrateController } from '../cluster/controller/controller.js';
import { ControlClient } from '../runtime/control/client.js';
import { encodeMessage, maxMigratePairs, payloadBytes } from '../wire/codec.js';
import { FRAME_HEADER_BYTES, writeFrameHeaders } from '../wire/frame.js';
import { encodeDatagrams, type Framing } from '../wire/framing.js';
import type { MgMessage } from '../wire/message.js';
import { Op, Ports } from '../wire/ops.js';
import { cpuSecondsOf } from './machine.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The values' size of the frames (the migration benchmark's runs use the same). */
export const VALUE_BYTES = 64;
const SOURCE = { name: 'source', mac: 0x020000000001, ip: 0x0a000001, port: 1 };
const DESTINATION = { name: 'destination', mac: 0x020000000002, ip: 0x0a000002, port: 2 };
/** Frames per datagram in batched framing (what a source with 8 MIGRATEs queued in one turn sends). */
const BATCH = 8;
/** MIGRATE frames in flight: under what the switch port's default receive buffer holds. */
const WINDOW: Record<Framing, number> = { single: 48, batched: 128 };
export const WARMUP_MS = 1000;
export const MEASURE_MS = 2000;
/**
 * The cold measurement: a fresh switch measured from its first frame, over about as long as a
 * migration of 200,000 keys takes, so that its JIT warm-up (TurboFan compiling the generated
 * pipeline on V8's background threads) is in the figure as it is in a migration's.
 */
export const COLD_MEASURE_MS = 1500;
/** No frame through for this long: what is in flight is counted lost and the window refilled. */
const STALL_MS = 200;

type Host = { mac: number; ip: number };

/** A migration agent's frame from `from` to `to` carrying `msg`, as the servers' agents send it. */
function agentFrame(msg: MgMessage, pairs: number, from: Host, to: Host): Uint8Array {
  const size = payloadBytes(msg.op, VALUE_BYTES, pairs);
  const frame = new Uint8Array(FRAME_HEADER_BYTES + size);
  const n = encodeMessage(msg, frame, FRAME_HEADER_BYTES);
  if (typeof n !== 'number') throw new Error(n.message);
  const agent = Ports.MIGRATION_AGENT_BASE;
  writeFrameHeaders(
    frame,
    { srcMac: from.mac, dstMac: to.mac, srcIp: from.ip, dstIp: to.ip, srcPort: agent, dstPort: agent },
    size,
  );
  return frame;
}

/** One MIGRATE frame from the source's migration agent to the destination's, full of pairs. */
function migrateFrame(seq: number): Uint8Array {
  const pairs = Array.from({ length: maxMigratePairs(VALUE_BYTES) }, (_, i) => ({
    key: seq * 64 + i,
    value: new Uint8Array(VALUE_BYTES).fill(i),
  }));
  return agentFrame({ op: Op.MIGRATE, seq: BigInt(seq), dbPort: 7380, pairs }, pairs.length, SOURCE, DESTINATION);
}

/** The destination agent's MIGRATE_REPLY to the source agent (the header alone), as the real destination acks. */
function migrateReplyFrame(): Uint8Array {
  return agentFrame({ op: Op.MIGRATE_REPLY, seq: 1n, dbPort: 7380 }, 0, DESTINATION, SOURCE);
}

async function bound(port = 0): Promise<Socket> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(port, '127.0.0.1', r));
  try {
    s.setRecvBufferSize(4 << 20);
  } catch {
    // Capped by net.core.rmem_max; the window is sized for the default buffer anyway.
  }
  return s;
}

async function firstJsonLine<T>(child: ChildProcess, pick: (m: T) => boolean): Promise<T> {
  for await (const line of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
    const m = JSON.parse(line) as T;
    if (pick(m)) return m;
  }
  throw new Error('the switch exited before it was ready');
}

export interface Capacity {
  framesPerSecond: number;
  pairsPerSecond: number;
  /** Frames per CPU second of the switch process. */
  framesPerCpuSecond: number;
  /** Pairs forwarded and the switch's CPU seconds over the measured span. */
  pairs: number;
  cpuSeconds: number;
  lost: number;
}

/**
 * The switch's MIGRATE forwarding capacity in one framing (closed loop, window of frames).
 * `acked`: the harness's destination answers every MIGRATE with a MIGRATE_REPLY that crosses
 * the switch back to the source, and only replies refill the window: the switch then forwards
 * the migration's own mix (data one way, acks the other), not a one-way stream of one frame.
 */
export async function measureCapacity(
  build: string,
  framing: Framing,
  acked = false,
  warmupMs = WARMUP_MS,
  measureMs = MEASURE_MS,
): Promise<Capacity> {
  const src = await bound();
  const dst = await bound();
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'dist', 'bin', 'p4ts.js'),
      'switch',
      build,
      '--port',
      `${SOURCE.port}=127.0.0.1:0,peer=127.0.0.1:${src.address().port},${framing}`,
      '--port',
      `${DESTINATION.port}=127.0.0.1:0,peer=127.0.0.1:${dst.address().port},${framing}`,
      '--control',
      '127.0.0.1:0',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const ready = await firstJsonLine<{ event?: string; ports: Record<string, string>; control: string }>(
      child,
      (m) => m.event === 'listening',
    );
    const c = await ControlClient.connect({ port: Number(ready.control.split(':')[1]) });
    if (!c.ok) throw new Error(c.message);
    const ctl = await NetMigrateController.start({
      control: c.value,
      hosts: [SOURCE, DESTINATION],
      subscribe: false,
      migrationPeers: [SOURCE.name, DESTINATION.name],
    });
    if (!ctl.ok) throw new Error(ctl.message);
    const pairsPerFrame = maxMigratePairs(VALUE_BYTES);
    const frames = Array.from({ length: 64 }, (_, i) => migrateFrame(i));
    const perDatagram = framing === 'single' ? 1 : BATCH;
    // Single: each frame its own datagram; batched: 8 datagrams of BATCH frames each.
    const datagrams =
      framing === 'single'
        ? frames
        : Array.from({ length: frames.length / BATCH }, (_, b) =>
            encodeDatagrams(framing, frames.slice(b * BATCH, b * BATCH + BATCH)),
          ).flat();
    const switchPort = Number((ready.ports[String(SOURCE.port)] as string).split(':')[1]);
    src.connect(switchPort, '127.0.0.1');
    await once(src, 'connect');
    const replyFrame = migrateReplyFrame();
    if (acked) {
      dst.connect(Number((ready.ports[String(DESTINATION.port)] as string).split(':')[1]), '127.0.0.1');
      await once(dst, 'connect');
    }
    let received = 0;
    let sent = 0;
    let lost = 0;
    let next = 0;
    let lastProgress = performance.now();
    const refill = () => {
      while (sent - received + perDatagram <= WINDOW[framing]) {
        src.send(datagrams[next++ % datagrams.length] as Uint8Array);
        sent += perDatagram;
      }
    };
    const arrived = (msg: Uint8Array) => {
      received += framing === 'single' ? 1 : countFrames(msg);
      lastProgress = performance.now();
      refill();
    };
    if (!acked) dst.on('message', arrived);
    else {
      // One reply per MIGRATE, in the framing the MIGRATEs came in (a datagram of n replies).
      dst.on('message', (msg) => {
        const n = framing === 'single' ? 1 : countFrames(msg);
        if (framing === 'single') dst.send(replyFrame);
        else
          dst.send(
            encodeDatagrams(
              framing,
              Array.from({ length: n }, () => replyFrame),
            ),
          );
      });
      src.on('message', arrived);
    }
    const stall = setInterval(() => {
      if (performance.now() - lastProgress < STALL_MS) return;
      lost += sent - received;
      sent = received;
      lastProgress = performance.now();
      refill();
    }, STALL_MS / 2);
    refill();
    await new Promise((r) => setTimeout(r, warmupMs));
    const r0 = received;
    const l0 = lost;
    const t0 = performance.now();
    const cpu0 = cpuSecondsOf(child.pid as number);
    await new Promise((r) => setTimeout(r, measureMs));
    const n = received - r0;
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuSecondsOf(child.pid as number) - cpu0;
    clearInterval(stall);
    dst.removeAllListeners('message');
    src.removeAllListeners('message');
    await ctl.value.close();
    return {
      framesPerSecond: n / seconds,
      pairsPerSecond: (n * pairsPerFrame) / seconds,
      framesPerCpuSecond: n / cpu,
      pairs: n * pairsPerFrame,
      cpuSeconds: cpu,
      lost: lost - l0,
    };
  } finally {
    if (child.exitCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    src.close();
    dst.close();
  }
}

function countFrames(d: Uint8Array): number {
  let n = 0;
  for (let off = 0; off + 2 <= d.length; n++) off += 2 + (((d[off] as number) << 8) | (d[off + 1] as number));
  return n;
}
