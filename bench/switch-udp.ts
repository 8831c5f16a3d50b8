// End-to-end forwarding over loopback UDP: the NetMigrate program in a real switch process
// (`p4ts switch`, routes installed through the control plane) against a bare Node UDP relay
// in its own process (receive a datagram, send it on, nothing else), in the same run, with
// 'single' and 'batched' framing. A sender keeps a fixed window of frames in flight (closed
// loop, so overload losses do not decide the figure) and a receiver counts what arrives.
// Prints frames/s (wall), frames per CPU second of the forwarding process, and the ratio.
// `node dist/bench/switch-udp.js --relay TARGET_PORT` is the relay's own entry point.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ControlClient } from '../runtime/control/client.js';
import { decodeDatagram, encodeDatagrams, type Framing } from '../runtime/ports/framing.js';
import { median } from './machine.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const P4TS = join(ROOT, 'dist', 'bin', 'p4ts.js');
const BURST = 16;
const WINDOW: Record<Framing, number> = { single: 64, batched: 256 };
const WARMUP_MS = 300;
const MEASURE_MS = 1500;
const RUNS = 3;

// ---- the bare relay (child process) ----------------------------------------------------

function runRelay(target: number): void {
  const s = createSocket('udp4');
  s.on('message', (msg) => s.send(msg, target, '127.0.0.1'));
  s.bind(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: s.address().port })}\n`));
  process.once('SIGTERM', () => s.close());
}

// ---- traffic -----------------------------------------------------------------------------

const bytes = (v: number | bigint, n: number) =>
  Array.from({ length: n }, (_, i) => Number((BigInt(v) >> BigInt(8 * (n - 1 - i))) & 0xffn));
const ip = (a: string) => a.split('.').reduce((acc, p) => acc * 256 + Number(p), 0);

/** A NetMigrate READ request from client 10.0.0.1 to server 10.0.0.2 (the pipeline bench's frame). */
function readFrame(key: number): Uint8Array {
  const payload = [0x01, ...bytes(7n, 8), ...bytes(7000, 2), 0x01, 0x00, ...bytes(key, 4)];
  const udp = [0x9c, 0x40, 0xbe, 0x00, 0, 8 + payload.length, 0, 0, ...payload];
  const ipv4 = [
    0x45,
    0,
    0,
    20 + udp.length,
    0,
    1,
    0,
    0,
    64,
    17,
    0,
    0,
    ...bytes(ip('10.0.0.1'), 4),
    ...bytes(ip('10.0.0.2'), 4),
  ];
  return Uint8Array.from([...bytes(0x020000000002n, 6), ...bytes(0x020000000001n, 6), 0x08, 0x00, ...ipv4, ...udp]);
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSecondsOf(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return Number.NaN;
  }
}

interface Measured {
  readonly framesPerSecond: number;
  readonly framesPerCpuSecond: number;
}

/**
 * Drives `forwarder` (a bound address that forwards tx's frames to rx) for one measurement:
 * bursts of 16 frames (one datagram batched, 16 datagrams single), at most WINDOW in flight.
 */
async function drive(tx: Socket, rx: Socket, to: number, pid: number, framing: Framing): Promise<Measured> {
  const frames = Array.from({ length: 256 }, (_, i) => readFrame(i * 7919));
  const bursts = Array.from({ length: 16 }, (_, b) =>
    encodeDatagrams(framing, frames.slice(b * BURST, b * BURST + BURST)),
  );
  let sent = 0;
  let received = 0;
  let next = 0;
  const pump = () => {
    while (sent - received < WINDOW[framing]) {
      for (const d of bursts[next++ & 15] as Uint8Array[]) tx.send(d, to, '127.0.0.1');
      sent += BURST;
    }
  };
  const count = () => {
    received++;
  };
  rx.on('message', (msg) => {
    decodeDatagram(framing, msg, count);
    pump();
  });
  // Frames lost on the way would shrink the window for good: when nothing arrives for a
  // while, count what is outstanding as lost and refill.
  let seen = 0;
  const watchdog = setInterval(() => {
    if (received === seen) sent = received;
    seen = received;
    pump();
  }, 20);
  pump();
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  const r0 = received;
  const t0 = performance.now();
  const c0 = cpuSecondsOf(pid);
  await new Promise((r) => setTimeout(r, MEASURE_MS));
  const n = received - r0;
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuSecondsOf(pid) - c0;
  clearInterval(watchdog);
  rx.removeAllListeners('message');
  await new Promise((r) => setTimeout(r, 50));
  return { framesPerSecond: n / wall, framesPerCpuSecond: n / cpu };
}

async function firstJsonLine<T>(child: ChildProcess): Promise<T> {
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`child exited with ${code} before it was ready`)));
    lines.once('line', (l) => resolve(JSON.parse(l) as T));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function bound(): Promise<Socket> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  return s;
}

async function measureRelay(framing: Framing): Promise<Measured> {
  const tx = await bound();
  const rx = await bound();
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--relay', String(rx.address().port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const { port } = await firstJsonLine<{ port: number }>(child);
    return await drive(tx, rx, port, child.pid as number, framing);
  } finally {
    await stop(child);
    tx.close();
    rx.close();
  }
}

async function measureSwitch(build: string, framing: Framing): Promise<Measured> {
  const tx = await bound();
  const rx = await bound();
  const peer = (s: Socket) => `peer=127.0.0.1:${s.address().port}`;
  const child = spawn(
    process.execPath,
    [
      P4TS,
      'switch',
      build,
      '--port',
      `1=127.0.0.1:0,${peer(tx)},${framing}`,
      '--port',
      `2=127.0.0.1:0,${peer(rx)},${framing}`,
      '--control',
      '127.0.0.1:0',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let client: ControlClient | undefined;
  try {
    const ready = await firstJsonLine<{ ports: Record<string, string>; control: string }>(child);
    const c = await ControlClient.connect({ port: Number(ready.control.split(':')[1]) });
    if (!c.ok) throw new Error(c.message);
    client = c.value;
    for (const [dst, port] of [
      ['10.0.0.1', 1],
      ['10.0.0.2', 2],
    ] as const) {
      const r = await client.tableAdd('NmIngress.ipv4_route', [`${dst}/32`], 'NmIngress.set_egress_port', { port });
      if (!r.ok) throw new Error(`route to ${dst}: ${r.message}`);
    }
    const to = Number((ready.ports['1'] as string).split(':')[1]);
    return await drive(tx, rx, to, child.pid as number, framing);
  } finally {
    await client?.close();
    await stop(child);
    tx.close();
    rx.close();
  }
}

function compile(dir: string): string {
  const out = join(dir, 'netmigrate');
  const r = spawnSync(
    process.execPath,
    [P4TS, 'compile', join(ROOT, 'p4', 'netmigrate.p4'), '--target', 'tna', '-o', out],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`p4ts compile failed (${r.status}):\n${r.stderr}`);
  return out;
}

const k = (v: number) => `${(v / 1000).toFixed(1).padStart(7)} k`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'p4ts-switch-udp-'));
  try {
    const build = compile(dir);
    process.stdout.write(
      `NetMigrate READ frames through 'p4ts switch' vs a bare relay (median of ${RUNS} × ${MEASURE_MS} ms, window ${WINDOW.single}/${WINDOW.batched} frames)\n`,
    );
    for (const framing of ['single', 'batched'] as const) {
      const relay: Measured[] = [];
      const sw: Measured[] = [];
      // Alternate, so that a change in the machine's load touches both alike.
      for (let i = 0; i < RUNS; i++) {
        relay.push(await measureRelay(framing));
        sw.push(await measureSwitch(build, framing));
      }
      const rw = median(relay.map((m) => m.framesPerSecond));
      const sww = median(sw.map((m) => m.framesPerSecond));
      const rc = median(relay.map((m) => m.framesPerCpuSecond));
      const swc = median(sw.map((m) => m.framesPerCpuSecond));
      process.stdout.write(
        `${framing.padEnd(8)} bare relay ${k(rw)} frames/s (${k(rc)} per CPU s)   switch ${k(sww)} frames/s (${k(swc)} per CPU s)   switch/relay ${((100 * sww) / rw).toFixed(0)}% wall, ${((100 * swc) / rc).toFixed(0)}% per CPU s\n`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--relay') runRelay(Number(process.argv[3]));
else await main();
