// The KV path through the emulated switch, beside the same client and server talking directly
// and through a bare Node relay process (bare-relay.ts: forwards datagrams, no other work), in
// the same run, alternating path by path so that a change in the machine's load touches all
// alike. The switch is a real child process (`p4ts switch`) running the compiled NetMigrate
// program with routes installed by the NetMigrate controller; no migration is in progress, so
// this is the steady-state cost of the switch on every request. Client and server share this
// process (one event loop), so "host CPU µs/op" is both ends' cost per operation, and
// "fwd CPU µs/op" the forwarding process's. Prints median [min–max] of the runs; never fails.
// Run: node dist/bench/kv/switch.js [ms per run] [--runs=N] [--framing=single|batched]
//   [--window=N,M,...] [--warmup=ms (unmeasured traffic first, default 2000)] [--path=direct|relay|switch]
//   [--profile-switch=DIR, --profile-relay=DIR (node --cpu-prof of the switch / the bare relay)]
//   [--stats (print the switch's counters after each run)]
//   [--switch-node-flags='--trace-gc ...' (node/V8 flags for the switch process, to diagnose)]

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type ClientOptions, start as startClient } from '../../client/driver.js';
import { NetMigrateController } from '../../cluster/controller/controller.js';
import { ensureNetMigrateBuild } from '../../cluster/netmigrate-build.js';
import { reserveUdpPorts } from '../../cluster/topology.js';
import { start as startServer } from '../../kvserver/server.js';
import { ControlClient } from '../../runtime/control/client.js';
import type { Framing } from '../../wire/framing.js';
import type { PeerAddress } from '../../wire/udp-port.js';
import { cpuTimesOf, loadLine, machineLine, median, spread } from '../machine.js';

const here = dirname(fileURLToPath(import.meta.url));
const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const durationMs = Number(positional[0] ?? 1500);
const RUNS = Number(flag('runs') ?? 5);
/** Traffic before each measured run (after the load phase), so every process runs optimised code. */
const WARMUP_MS = Number(flag('warmup') ?? 2000);
const RECORDS = 10_000;
const p4ts = join(here, '..', '..', 'bin', 'p4ts.js');
const SERVER = { name: 'server', mac: 0x020000000001, ip: 0x0a000001, dbPort: 6380, port: 1 };
const CLIENT = { name: 'client', mac: 0x020000000100, ip: 0x0a000100, port: 10 };

type Path = 'direct' | 'relay' | 'switch';

interface Row {
  opsPerSec: number;
  p50Us: number;
  p99Us: number;
  resends: number;
  /** CPU of this process (client + server) per operation of the measured run. */
  hostCpuUs: number;
  /** CPU of the forwarding process per operation over the same time; NaN for direct. */
  fwdCpuUs: number;
  /** The kernel's share of fwdCpuUs (system time: the forwarder's socket calls). */
  fwdSysUs: number;
}

function hostPort(s: string): PeerAddress {
  const i = s.lastIndexOf(':');
  return { address: s.slice(0, i), port: Number(s.slice(i + 1)) };
}

async function firstJsonLine<T>(child: ChildProcess, pick: (m: T) => boolean): Promise<T> {
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    // Lines that are not JSON are V8's own (--switch-node-flags='--trace-gc'): passed on to stderr.
    if (!line.startsWith('{')) {
      process.stderr.write(`${line}\n`);
      continue;
    }
    const m = JSON.parse(line) as T;
    if (pick(m)) return m;
  }
  throw new Error('the forwarder exited before it was ready');
}

interface Forwarder {
  /** Where the client sends, and where the server sends. */
  readonly client: PeerAddress;
  readonly server: PeerAddress;
  readonly pid: number;
  close(): Promise<void>;
}

async function startRelay(clientNic: PeerAddress, server: PeerAddress): Promise<Forwarder> {
  const profile = flag('profile-relay');
  const child = spawn(
    process.execPath,
    [
      ...(profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profile}`]),
      join(here, 'bare-relay.js'),
      String(clientNic.port),
      String(server.port),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const at = await firstJsonLine<{ client: number; server: number }>(child, () => true);
  return {
    client: { address: '127.0.0.1', port: at.client },
    server: { address: '127.0.0.1', port: at.server },
    pid: child.pid as number,
    close: () => stopChild(child),
  };
}

async function startSwitchProcess(build: string, framing: Framing, clientNic: PeerAddress, server: PeerAddress) {
  const profile = flag('profile-switch');
  const child = spawn(
    process.execPath,
    [
      ...(profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profile}`]),
      ...(flag('switch-node-flags')
        ?.split(' ')
        .filter((f) => f !== '') ?? []),
      p4ts,
      'switch',
      build,
      '--port',
      `${SERVER.port}=127.0.0.1:0,peer=${server.address}:${server.port},${framing}`,
      '--port',
      `${CLIENT.port}=127.0.0.1:0,peer=${clientNic.address}:${clientNic.port},${framing}`,
      '--control',
      '127.0.0.1:0',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const listening = await firstJsonLine<{ event?: string; ports: Record<string, string>; control: string }>(
    child,
    (m) => m.event === 'listening',
  );
  // Whatever the switch prints later (logs, V8 traces) goes on to stderr: a full pipe would stall it.
  child.stdout?.on('data', (d: Buffer) => process.stderr.write(d));
  child.stdout?.resume();
  const at = hostPort(listening.control);
  const c = await ControlClient.connect({ host: at.address, port: at.port });
  if (!c.ok) throw new Error(c.message);
  const ctl = await NetMigrateController.start({ control: c.value, hosts: [SERVER, CLIENT], subscribe: false });
  if (!ctl.ok) throw new Error(ctl.message);
  return {
    client: hostPort(listening.ports[String(CLIENT.port)] as string),
    server: hostPort(listening.ports[String(SERVER.port)] as string),
    pid: child.pid as number,
    close: async () => {
      if (process.argv.includes('--stats')) {
        const st = await c.value.call('ports.stats');
        process.stderr.write(`switch stats: ${JSON.stringify(st.ok ? st.value : st.message)}\n`);
      }
      await ctl.value.close();
      await stopChild(child);
    },
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

async function measure(path: Path, build: string, framing: Framing, window: number): Promise<Row> {
  // The client's NIC port is known before anything starts: every port is cabled to a named peer.
  const [clientNicPort] = await reserveUdpPorts(1);
  const clientNic: PeerAddress = { address: '127.0.0.1', port: clientNicPort as number };
  const server = await startServer({ mac: SERVER.mac, ip: SERVER.ip, shards: [{ dbPort: SERVER.dbPort }], framing });
  const fwd: Forwarder | undefined =
    path === 'relay'
      ? await startRelay(clientNic, server.address)
      : path === 'switch'
        ? await startSwitchProcess(build, framing, clientNic, server.address)
        : undefined;
  server.setSwitchAddress(fwd?.server ?? clientNic);
  const options: ClientOptions = {
    clientId: 0,
    nicPort: clientNic.port,
    mac: CLIENT.mac,
    ip: CLIENT.ip,
    server: SERVER,
    framing,
    switchAddress: fwd?.client ?? server.address,
    workload: 'B',
    recordCount: RECORDS,
    load: { window: 64 },
    run: { durationMs: WARMUP_MS, window },
    // Loopback loses nothing (the kernel's UDP RcvbufErrors stay 0 through these runs); on a
    // loaded machine the default 50 ms timeout fired on replies that were merely late, and the
    // resends they caused, not the path, decided the figures.
    tracker: { timeoutMs: 500 },
    history: false,
    intervalMs: 0,
  };
  // Warm-up, not measured: the load phase and WARMUP_MS of the same workload. A fresh switch
  // process spends its first seconds compiling the generated pipeline (V8's optimising
  // compiler on background threads, the pipeline in unoptimised code meanwhile); measured from
  // its start, that one-off cost was most of its CPU per operation in a 1.5 s run.
  await (await startClient(options)).done;
  const cpu0 = process.cpuUsage();
  const fwd0 = fwd === undefined ? undefined : cpuTimesOf(fwd.pid);
  const client = await startClient({ ...options, load: false, run: { durationMs, window } });
  const r = await client.done;
  const cpu = process.cpuUsage(cpu0);
  const fwd1 = fwd === undefined ? undefined : cpuTimesOf(fwd.pid);
  const fwdUser = fwd0 === undefined || fwd1 === undefined ? Number.NaN : fwd1.user - fwd0.user;
  const fwdSys = fwd0 === undefined || fwd1 === undefined ? Number.NaN : fwd1.system - fwd0.system;
  await server.close();
  await fwd?.close();
  const ops = r.run?.ops ?? 0;
  return {
    opsPerSec: r.run?.opsPerSec ?? 0,
    p50Us: r.run?.latency.p50Us ?? 0,
    p99Us: r.run?.latency.p99Us ?? 0,
    resends: r.counters.resends,
    hostCpuUs: (cpu.user + cpu.system) / Math.max(ops, 1),
    fwdCpuUs: ((fwdUser + fwdSys) * 1e6) / Math.max(ops, 1),
    fwdSysUs: (fwdSys * 1e6) / Math.max(ops, 1),
  };
}

/**
 * Windows measured (--window=1,16,64): 1 is the latency case, 16 the issue's reference, and 64
 * is where the direct path stops gaining (its throughput is then the hosts' CPU, not the round
 * trip), so "switch vs direct" is compared at throughput there.
 */
const WINDOWS: readonly number[] = (flag('window') ?? '1,16,64').split(',').map(Number);

const PATHS: readonly Path[] = (['direct', 'relay', 'switch'] as const).filter((p) => (flag('path') ?? p) === p);

function printRows(framing: Framing, window: number, rows: ReadonlyMap<Path, Row[]>): void {
  const int = (v: number) => v.toFixed(0);
  const dec = (v: number) => (Number.isNaN(v) ? '-' : v.toFixed(1));
  for (const [path, rs] of rows) {
    const col = (f: (r: Row) => number, show: (v: number) => string, w: number) => spread(rs.map(f), show).padEnd(w);
    console.log(
      `${path.padEnd(7)}${framing.padEnd(8)}${String(window).padStart(3)}  ${col((r) => r.opsPerSec, int, 22)}${col((r) => r.p50Us, int, 17)}${col((r) => r.p99Us, int, 20)}${col((r) => r.hostCpuUs, dec, 18)}${col((r) => r.fwdCpuUs, dec, 18)}${col((r) => r.fwdSysUs, dec, 18)}${median(rs.map((r) => r.resends))}`,
    );
  }
  const m = (p: Path, f: (r: Row) => number) => median((rows.get(p) ?? []).map(f));
  const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(0)} %`;
  if (rows.has('switch') && rows.has('direct'))
    console.log(
      `       switch/direct: ops/s ${pct(
        m('switch', (r) => r.opsPerSec),
        m('direct', (r) => r.opsPerSec),
      )} (target ≥ 85 %), p50 ${pct(
        m('switch', (r) => r.p50Us),
        m('direct', (r) => r.p50Us),
      )} of direct (target ≤ 120 %)`,
    );
  if (rows.has('switch') && rows.has('relay'))
    console.log(
      `       switch/relay:  ops/s ${pct(
        m('switch', (r) => r.opsPerSec),
        m('relay', (r) => r.opsPerSec),
      )}${window === 1 ? ' (target ≥ 80 % at window 1)' : ''}`,
    );
}

async function main(): Promise<void> {
  const built = await ensureNetMigrateBuild();
  if (!built.ok) {
    process.stderr.write(`cannot compile p4/netmigrate.p4: ${built.message}\n`);
    process.exitCode = 1;
    return;
  }
  console.log(`# kv direct / through a bare relay / through the switch: ${machineLine()}`);
  console.log(
    `# YCSB-B (95% reads, zipfian 0.99), ${RECORDS} records of 64 bytes, closed loop, ${durationMs} ms × ${RUNS} runs per row after ${WARMUP_MS} ms of warm-up, paths alternating: median [min–max]`,
  );
  console.log(`# ${loadLine()} at start`);
  console.log(
    `path   framing win  ${'ops/s'.padEnd(22)}${'p50 µs'.padEnd(17)}${'p99 µs'.padEnd(20)}${'host CPU µs/op'.padEnd(18)}${'fwd CPU µs/op'.padEnd(18)}${'of it kernel'.padEnd(18)}resends`,
  );
  for (const framing of (['single', 'batched'] as const).filter((f) => (flag('framing') ?? f) === f)) {
    for (const window of WINDOWS) {
      const rows = new Map<Path, Row[]>(PATHS.map((p) => [p, []]));
      for (let i = 0; i < RUNS; i++)
        for (const path of PATHS) rows.get(path)?.push(await measure(path, built.value.dir, framing, window));
      printRows(framing, window, rows);
      console.log(`       (${loadLine()})`);
    }
  }
}

await main();
