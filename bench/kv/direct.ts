// Client ↔ KV server throughput and latency on loopback, through the MAC relay that stands in
// for the switch and directly (client NIC ↔ server NIC), in single and batched framing.
// Prints median [min–max] of RUNS runs per row (P4TS_BENCH_RUNS, default 5) and the machine's
// load; never passes or fails.
// Run: npx tsc -p . && node dist/bench/kv/direct.js [ms per run]
import type { ClientOptions } from '../../client/driver.js';
import { start as startClient } from '../../client/driver.js';
import { reserveUdpPorts } from '../../cluster/topology.js';
import { start as startServer } from '../../kvserver/server.js';
import { FrameRelay } from '../../wire/frame-relay.js';
import type { Framing } from '../../wire/framing.js';
import { loadLine, machineLine, median, spread } from '../machine.js';

const durationMs = Number(process.argv[2] ?? 1000);
const RUNS = Number(process.env.P4TS_BENCH_RUNS ?? 5);
const records = 10_000;
const SERVER = { mac: 0x020000000010, ip: 0x0a000010, dbPort: 6380 };

interface Row {
  path: string;
  framing: Framing;
  window: number;
  workload: string;
  opsPerSec: number;
  p50Us: number;
  p99Us: number;
  resends: number;
}

async function measure(path: 'relay' | 'direct', framing: Framing, window: number, workload: string): Promise<Row> {
  const relay = path === 'relay' ? await FrameRelay.start({ framing }) : undefined;
  const server = await startServer({
    mac: SERVER.mac,
    ip: SERVER.ip,
    shards: [{ dbPort: SERVER.dbPort }],
    framing,
    switchAddress: relay?.address,
  });
  relay?.attach(SERVER.mac, server.address);
  // Direct: the server's "switch port" is the client's NIC, cabled before either speaks.
  const [clientNicPort] = await reserveUdpPorts(1);
  if (relay === undefined) server.setSwitchAddress({ address: '127.0.0.1', port: clientNicPort as number });
  const options: ClientOptions = {
    clientId: 0,
    nicPort: clientNicPort,
    mac: 0x020000000100,
    ip: 0x0a000100,
    server: SERVER,
    framing,
    switchAddress: relay?.address ?? server.address,
    workload,
    recordCount: records,
    load: { window: 64 },
    run: { durationMs, window },
    history: false,
    intervalMs: 0,
    // As in kv/switch: loopback loses nothing, and under load the 50 ms default resent late
    // replies by the thousand (the resends, not the path, then decided the figures).
    tracker: { timeoutMs: 500 },
  };
  const client = await startClient(options);
  const r = await client.done;
  await server.close();
  await relay?.close();
  return {
    path,
    framing,
    window,
    workload,
    opsPerSec: r.run?.opsPerSec ?? 0,
    p50Us: r.run?.latency.p50Us ?? 0,
    p99Us: r.run?.latency.p99Us ?? 0,
    resends: r.counters.resends,
  };
}

async function main(): Promise<void> {
  console.log(`# kv direct: ${machineLine()}`);
  console.log(
    `# YCSB-B (95% reads, zipfian 0.99), ${records} records of 64 bytes, closed loop, ${durationMs} ms × ${RUNS} runs per row: median [min–max]`,
  );
  console.log(`# ${loadLine()} at start`);
  console.log(`path    framing  window  ${'ops/s'.padEnd(24)}${'p50 µs'.padEnd(16)}${'p99 µs'.padEnd(20)}resends`);
  for (const path of ['direct', 'relay'] as const) {
    for (const framing of ['single', 'batched'] as const) {
      for (const window of [1, 32]) {
        const rows: Row[] = [];
        for (let i = 0; i < RUNS; i++) rows.push(await measure(path, framing, window, 'B'));
        const col = (f: (r: Row) => number, w: number) => spread(rows.map(f)).padEnd(w);
        console.log(
          `${path.padEnd(7)} ${framing.padEnd(8)} ${String(window).padStart(6)}  ${col((r) => r.opsPerSec, 24)}${col((r) => r.p50Us, 16)}${col((r) => r.p99Us, 20)}${median(rows.map((r) => r.resends))}`,
        );
      }
    }
  }
  console.log(`# ${loadLine()} at the end`);
}

await main();
