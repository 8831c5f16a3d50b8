// End-to-end forwarding over loopback UDP: the NetMigrate program in a real switch process
// (`p4ts switch`, routes installed through the control plane) against a bare Node UDP relay
// in its own process (receive a datagram, send it on, nothing else), under one harness, in
// the same run, alternating, with 'single' and 'batched' framing. The harness keeps a fixed
// window of frames in flight (closed loop, so overload losses do not decide the figure): a
// sender in a worker thread, a receiver on the main thread, so that the harness has two
// threads for the forwarder's one. Prints, per forwarder, the median and spread of frames/s
// (wall) and frames per CPU second of the forwarding process, and the switch/relay ratios.
//
// The target (switch ≥ 80% of the relay) is judged on frames per CPU second: on a shared
// machine (2 cores, other work running) a process's wall rate measures how much CPU the
// scheduler gave it as much as how fast it is, and it moves with load between two runs a
// second apart; CPU time spent per frame is what the forwarder itself costs. The wall
// figures are printed too. In 'single' framing both forwarders pay one recv and one send
// per frame, and the ratio is the switch's overhead; in 'batched' framing the relay does
// no per-frame work at all (one recv and one send per 16 frames), while the switch must run
// its pipeline on every frame, so that ratio is bounded by the pipeline's own cost.
//
// `node dist/bench/switch-udp.js [single|batched] [--runs=N] [--baseline=OTHER/dist/bin/p4ts.js]`
// (a baseline is another build's switch, measured alternately too: before/after a change);
// `--relay TARGET_PORT` is the relay child's own entry point.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { isMainThread, Worker, workerData } from 'node:worker_threads';
import { ControlClient } from '../runtime/control/client.js';
import { encodeDatagrams, type Framing } from '../wire/framing.js';
import { median } from './machine.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const P4TS = join(ROOT, 'dist', 'bin', 'p4ts.js');
const BURST = 16;
/**
 * Frames in flight. Enough to keep the forwarder's socket queue from running dry while the
 * harness is descheduled, and well under what a default 208 KiB socket buffer holds (about
 * 270 small datagrams), so that the window itself causes no losses.
 */
const WINDOW: Record<Framing, number> = { single: 128, batched: 512 };
/** Long enough that the switch's pipeline is compiled and optimised before the count starts. */
const WARMUP_MS = 1000;
const MEASURE_MS = 1500;
const DEFAULT_RUNS = 5;
/** No frame back for this long: count what is in flight as lost and refill the window. */
const STALL_MS = 250;

// Shared counters between the receiver (main thread) and the sender (worker).
const RECEIVED = 0;
const STOP = 1;
const LOST = 2;

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
  const ipv4 = [0x45, 0, 0, 20 + udp.length, 0, 1, 0, 0, 64, 17, 0, 0];
  ipv4.push(...bytes(ip('10.0.0.1'), 4), ...bytes(ip('10.0.0.2'), 4));
  return Uint8Array.from([...bytes(0x020000000002n, 6), ...bytes(0x020000000001n, 6), 0x08, 0x00, ...ipv4, ...udp]);
}

// ---- the sender (worker thread) --------------------------------------------------------

interface SenderConfig {
  readonly framing: Framing;
  readonly to: number;
  readonly counters: SharedArrayBuffer;
}

/**
 * Sends bursts of 16 frames (one datagram batched, 16 datagrams single) while fewer than
 * WINDOW are in flight. When the window is full it blocks on the receiver's counter (no CPU
 * spent spinning), in a later turn than the sends, so that the sends are out before it blocks.
 * The socket is connected: its sends go out at once, with no per-send address lookup.
 */
function runSender(cfg: SenderConfig): void {
  const shared = new Int32Array(cfg.counters);
  const frames = Array.from({ length: 256 }, (_, i) => readFrame(i * 7919));
  const bursts = Array.from({ length: 16 }, (_, b) =>
    encodeDatagrams(cfg.framing, frames.slice(b * BURST, b * BURST + BURST)),
  );
  const window = WINDOW[cfg.framing];
  const tx = createSocket('udp4');
  let sent = 0;
  let next = 0;
  const pump = (): void => {
    if (Atomics.load(shared, STOP) !== 0) {
      tx.close();
      return;
    }
    while (sent - Atomics.load(shared, RECEIVED) < window) {
      for (const d of bursts[next++ & 15] as Uint8Array[]) tx.send(d);
      sent += BURST;
    }
    setImmediate(awaitRoom);
  };
  const awaitRoom = (): void => {
    const received = Atomics.load(shared, RECEIVED);
    if (sent - received >= window && Atomics.wait(shared, RECEIVED, received, STALL_MS) === 'timed-out') {
      Atomics.add(shared, LOST, sent - received);
      sent = received;
    }
    pump();
  };
  tx.bind(0, '127.0.0.1', () => tx.connect(cfg.to, '127.0.0.1', pump));
}

// ---- the harness (main thread) ---------------------------------------------------------

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
  /** Frames counted lost (in flight when the flow stalled), as a share of those received. */
  readonly lossShare: number;
}

/** Counts the frames in one datagram without delivering them. */
function frameCount(framing: Framing, d: Uint8Array): number {
  if (framing === 'single') return 1;
  let n = 0;
  for (let off = 0; off + 2 <= d.length; n++) off += 2 + (((d[off] as number) << 8) | (d[off + 1] as number));
  return n;
}

/** Drives the forwarder at `to` (whose process is `pid`, delivering to `rx`) for one measurement. */
async function drive(rx: Socket, to: number, pid: number, framing: Framing): Promise<Measured> {
  const counters = new SharedArrayBuffer(3 * 4);
  const shared = new Int32Array(counters);
  rx.on('message', (msg) => {
    Atomics.add(shared, RECEIVED, frameCount(framing, msg));
    Atomics.notify(shared, RECEIVED);
  });
  const sender = new Worker(new URL(import.meta.url), { workerData: { framing, to, counters } satisfies SenderConfig });
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  const r0 = Atomics.load(shared, RECEIVED);
  const l0 = Atomics.load(shared, LOST);
  const t0 = performance.now();
  const c0 = cpuSecondsOf(pid);
  await new Promise((r) => setTimeout(r, MEASURE_MS));
  const n = Atomics.load(shared, RECEIVED) - r0;
  const lost = Atomics.load(shared, LOST) - l0;
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuSecondsOf(pid) - c0;
  Atomics.store(shared, STOP, 1);
  Atomics.notify(shared, RECEIVED);
  await new Promise((r) => sender.once('exit', r));
  rx.removeAllListeners('message');
  return { framesPerSecond: n / wall, framesPerCpuSecond: n / cpu, lossShare: lost / Math.max(n, 1) };
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

/** A harness socket; its receive buffer is raised so that the harness itself never drops. */
async function bound(): Promise<Socket> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  try {
    s.setRecvBufferSize(4 << 20);
  } catch {
    // Capped by net.core.rmem_max: the default buffer still holds the window.
  }
  return s;
}

async function measureRelay(framing: Framing): Promise<Measured> {
  const rx = await bound();
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--relay', String(rx.address().port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const { port } = await firstJsonLine<{ port: number }>(child);
    return await drive(rx, port, child.pid as number, framing);
  } finally {
    await stop(child);
    rx.close();
  }
}

async function measureSwitch(build: string, framing: Framing, p4ts = P4TS): Promise<Measured> {
  const rx = await bound();
  // Port 1 faces the sender, which needs no replies: its peer is a socket nobody reads.
  const sink = await bound();
  const peer = (s: Socket) => `peer=127.0.0.1:${s.address().port}`;
  const ports = ['--port', `1=127.0.0.1:0,${peer(sink)},${framing}`, '--port', `2=127.0.0.1:0,${peer(rx)},${framing}`];
  const child = spawn(process.execPath, [p4ts, 'switch', build, ...ports, '--control', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
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
    return await drive(rx, to, child.pid as number, framing);
  } finally {
    await client?.close();
    await stop(child);
    rx.close();
    sink.close();
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

const k = (v: number) => `${(v / 1000).toFixed(1)}k`;
/** "median [min–max]" of one figure over the runs. */
function spread(ms: readonly Measured[], pick: (m: Measured) => number): string {
  const v = ms.map(pick);
  return `${k(median(v)).padStart(7)} [${k(Math.min(...v))}–${k(Math.max(...v))}]`.padEnd(28);
}
const maxLoss = (ms: readonly Measured[]) => `${(100 * Math.max(...ms.map((m) => m.lossShare))).toFixed(2)}%`;

async function main(): Promise<void> {
  const framings = (['single', 'batched'] as const).filter((f) => !process.argv.includes(other(f)));
  const runsArg = process.argv.find((a) => a.startsWith('--runs='));
  const runs = runsArg === undefined ? DEFAULT_RUNS : Math.max(1, Number(runsArg.slice(7)) || DEFAULT_RUNS);
  // Another build's p4ts.js, measured alternately with this one (before/after a change).
  const baseline = process.argv.find((a) => a.startsWith('--baseline='))?.slice(11);
  const dir = mkdtempSync(join(tmpdir(), 'p4ts-switch-udp-'));
  try {
    const build = compile(dir);
    const out = (s: string) => process.stdout.write(`${s}\n`);
    out(
      `NetMigrate READ frames through 'p4ts switch' vs a bare Node UDP relay, same harness, ${runs} alternating runs`,
    );
    out(`of ${MEASURE_MS} ms each (window ${WINDOW.single}/${WINDOW.batched} frames): median [min–max].`);
    out('Target: switch ≥ 80% of the relay in frames per CPU second of the forwarding process (wall rates');
    out('on a shared machine measure the scheduler as much as the forwarder).');
    out(
      `${'framing'.padEnd(9)}${'forwarder'.padEnd(12)}${'frames/s (wall)'.padEnd(28)}${'frames per CPU s'.padEnd(28)}max loss`,
    );
    for (const framing of framings) {
      const relay: Measured[] = [];
      const sw: Measured[] = [];
      const base: Measured[] = [];
      // Alternate, so that a change in the machine's load touches both alike.
      for (let i = 0; i < runs; i++) {
        relay.push(await measureRelay(framing));
        sw.push(await measureSwitch(build, framing));
        if (baseline !== undefined) base.push(await measureSwitch(build, framing, baseline));
      }
      const wall = (m: Measured) => m.framesPerSecond;
      const cpu = (m: Measured) => m.framesPerCpuSecond;
      out(`${framing.padEnd(9)}${'bare relay'.padEnd(12)}${spread(relay, wall)}${spread(relay, cpu)}${maxLoss(relay)}`);
      out(`${''.padEnd(9)}${'switch'.padEnd(12)}${spread(sw, wall)}${spread(sw, cpu)}${maxLoss(sw)}`);
      if (baseline !== undefined)
        out(`${''.padEnd(9)}${'baseline'.padEnd(12)}${spread(base, wall)}${spread(base, cpu)}${maxLoss(base)}`);
      const pct = (f: (m: Measured) => number) => `${((100 * median(sw.map(f))) / median(relay.map(f))).toFixed(0)}%`;
      out(`${''.padEnd(9)}${'sw/relay'.padEnd(12)}${pct(wall).padEnd(28)}${pct(cpu).padEnd(28)}(target 80% per CPU s)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function other(f: Framing): Framing {
  return f === 'single' ? 'batched' : 'single';
}

if (!isMainThread) runSender(workerData as SenderConfig);
else if (process.argv[2] === '--relay') runRelay(Number(process.argv[3]));
else await main();
