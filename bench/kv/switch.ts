// The KV path through the emulated switch, beside the same client talking to the server
// directly, in the same run: YCSB-B ops/s and p50/p99. The switch is a real child process
// (`p4ts switch`) running the compiled NetMigrate program with routes installed by the
// NetMigrate controller; no migration is in progress, so this is the steady-state cost of the
// switch on every request. Prints the median of 3 runs per row; never passes or fails.
// Run: node dist/bench/kv/switch.js [ms per run]

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
import { machineLine, median } from '../machine.js';

const durationMs = Number(process.argv[2] ?? 2000);
const RUNS = 3;
const RECORDS = 10_000;
const p4ts = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'p4ts.js');
const SERVER = { name: 'server', mac: 0x020000000001, ip: 0x0a000001, dbPort: 6380, port: 1 };
const CLIENT = { name: 'client', mac: 0x020000000100, ip: 0x0a000100, port: 10 };

interface Row {
  opsPerSec: number;
  p50Us: number;
  p99Us: number;
}

function hostPort(s: string): PeerAddress {
  const i = s.lastIndexOf(':');
  return { address: s.slice(0, i), port: Number(s.slice(i + 1)) };
}

async function listeningLine(child: ChildProcess): Promise<{ ports: Record<string, string>; control: string }> {
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    const m = JSON.parse(line) as { event?: string; ports: Record<string, string>; control: string };
    if (m.event === 'listening') return m;
  }
  throw new Error('the switch exited before listening');
}

async function measure(build: string | undefined, framing: Framing, window: number): Promise<Row> {
  // The client's NIC port is known before anything starts: every port is cabled to a named peer.
  const [clientNicPort] = await reserveUdpPorts(1);
  const clientNic: PeerAddress = { address: '127.0.0.1', port: clientNicPort as number };
  const server = await startServer({ mac: SERVER.mac, ip: SERVER.ip, shards: [{ dbPort: SERVER.dbPort }], framing });
  let sw: ChildProcess | undefined;
  let controller: NetMigrateController | undefined;
  let control: ControlClient | undefined;
  let clientSwitch: PeerAddress | undefined;
  if (build !== undefined) {
    const peer = `${server.address.address}:${server.address.port}`;
    sw = spawn(
      process.execPath,
      [
        p4ts,
        'switch',
        build,
        '--port',
        `${SERVER.port}=127.0.0.1:0,peer=${peer},${framing}`,
        '--port',
        `${CLIENT.port}=127.0.0.1:0,peer=127.0.0.1:${clientNic.port},${framing}`,
        '--control',
        '127.0.0.1:0',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const listening = await listeningLine(sw);
    server.setSwitchAddress(hostPort(listening.ports[String(SERVER.port)] as string));
    clientSwitch = hostPort(listening.ports[String(CLIENT.port)] as string);
    const at = hostPort(listening.control);
    const c = await ControlClient.connect({ host: at.address, port: at.port });
    if (!c.ok) throw new Error(c.message);
    control = c.value;
    const ctl = await NetMigrateController.start({ control, hosts: [SERVER, CLIENT], subscribe: false });
    if (!ctl.ok) throw new Error(ctl.message);
    controller = ctl.value;
  }
  if (build === undefined) server.setSwitchAddress(clientNic);
  const options: ClientOptions = {
    clientId: 0,
    nicPort: clientNic.port,
    mac: CLIENT.mac,
    ip: CLIENT.ip,
    server: SERVER,
    framing,
    switchAddress: clientSwitch ?? server.address,
    workload: 'B',
    recordCount: RECORDS,
    load: { window: 64 },
    run: { durationMs, window },
    history: false,
    intervalMs: 0,
  };
  const client = await startClient(options);
  const r = await client.done;
  await server.close();
  await controller?.close();
  if (sw !== undefined) {
    sw.kill('SIGTERM');
    await once(sw, 'exit');
  }
  return { opsPerSec: r.run?.opsPerSec ?? 0, p50Us: r.run?.latency.p50Us ?? 0, p99Us: r.run?.latency.p99Us ?? 0 };
}

async function main(): Promise<void> {
  const built = await ensureNetMigrateBuild();
  if (!built.ok) {
    process.stderr.write(`cannot compile p4/netmigrate.p4: ${built.message}\n`);
    process.exitCode = 1;
    return;
  }
  console.log(`# kv through the switch vs direct: ${machineLine()}`);
  console.log(
    `# YCSB-B (95% reads, zipfian 0.99), ${RECORDS} records of 64 bytes, ${durationMs} ms × ${RUNS} runs per row (median)`,
  );
  console.log('path     framing  window     ops/s   p50 µs   p99 µs');
  for (const framing of ['single', 'batched'] as const) {
    for (const window of [1, 16]) {
      for (const path of ['direct', 'switch'] as const) {
        const rows: Row[] = [];
        for (let i = 0; i < RUNS; i++)
          rows.push(await measure(path === 'switch' ? built.value.dir : undefined, framing, window));
        const m = (f: (r: Row) => number) => median(rows.map(f));
        console.log(
          `${path.padEnd(8)} ${framing.padEnd(8)} ${String(window).padStart(6)} ${m((r) => r.opsPerSec)
            .toFixed(0)
            .padStart(9)} ${String(m((r) => r.p50Us)).padStart(8)} ${String(m((r) => r.p99Us)).padStart(8)}`,
        );
      }
    }
  }
}

await main();
