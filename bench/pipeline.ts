// In-process packets per second of the compiled NetMigrate program (p4/netmigrate.p4) through
// the TNA engine: READ requests with no migration, and READ requests of a group in flight
// (double read: the original plus an I2E mirror copy), each with tracing off and on (a sink
// that builds every event and discards it). Prints the median of 5 runs in packets per CPU
// second of this process (and per wall second); never fails on time. P4TS_BENCH_ONLY=read|inflight runs one
// scenario for 5 s (for node --cpu-prof).
// Beside each figure: a reference measured in the same run, interleaved with the pipeline's
// runs: a fixed piece of JavaScript that does not depend on p4ts (a table-driven CRC-32 over
// each frame). On a shared or throttled machine both move together, so "× reference" compares
// runs taken on different days or loads better than the raw figure does.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFile } from '../compiler/compile.js';
import { DiagnosticSink, renderDiagnostics } from '../compiler/diagnostics/index.js';
import { buildPipelineState } from '../runtime/arch/pipeline-state.js';
import { TnaEngine } from '../runtime/arch/tna.js';
import { loadPipeline } from '../runtime/switch.js';
import { EventTraceSink, type TraceEvent, type TraceSink } from '../runtime/trace/trace-sink.js';
import { TrafficManager } from '../runtime/traffic-manager.js';
import { median } from './machine.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

class DiscardingTraceSink extends EventTraceSink {
  events = 0;
  protected emit(_e: TraceEvent): void {
    this.events++;
  }
}

const bytes = (v: number | bigint, n: number) =>
  Array.from({ length: n }, (_, i) => Number((BigInt(v) >> BigInt(8 * (n - 1 - i))) & 0xffn));
const ip = (a: string) => a.split('.').reduce((acc, p) => acc * 256 + Number(p), 0);

function readFrame(key: number): Uint8Array {
  const payload = [0x01, ...bytes(7n, 8), ...bytes(7000, 2), 0x01, 0x00, ...bytes(key, 4)];
  const udp = [0x9c, 0x40, 0xbe, 0x00, 0, 8 + payload.length, 0, 0, ...payload];
  const total = 20 + udp.length;
  const ipv4 = [0x45, 0, 0, total, 0, 1, 0, 0, 64, 17, 0, 0, ...bytes(ip('10.0.0.1'), 4), ...bytes(ip('10.0.0.2'), 4)];
  return Uint8Array.from([...bytes(0x020000000002n, 6), ...bytes(0x020000000001n, 6), 0x08, 0x00, ...ipv4, ...udp]);
}

async function build(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'p4ts-bench-'));
  const out = join(dir, 'build');
  const sink = new DiagnosticSink();
  const r = compileFile(join(ROOT, 'p4', 'netmigrate.p4'), { outDir: out }, sink);
  if (r?.pipeline === undefined) throw new Error(renderDiagnostics(sink.diagnostics, { color: false }));
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'pipeline.js'), r.pipeline.pipelineJs);
  writeFileSync(join(out, 'p4info.json'), JSON.stringify(r.pipeline.p4info));
  return dir;
}

async function engine(buildDir: string, trace: TraceSink | undefined, inFlight: boolean): Promise<TnaEngine> {
  const m = await loadPipeline(buildDir);
  if (!m.ok) throw new Error(m.message);
  if (m.value.arch !== 'tna') throw new Error(`${buildDir} is not a TNA pipeline`);
  const s = buildPipelineState(m.value.p4info);
  if (!s.ok) throw new Error(s.message);
  const tm = new TrafficManager({ frontPanel: new Set([1, 2, 3]), recirculation: new Set([68]), cpu: 64 });
  let sent = 0;
  const e = new TnaEngine({
    module: m.value,
    state: s.value,
    tm,
    output: () => {
      sent++;
    },
    ...(trace === undefined ? {} : { trace }),
  });
  const t = (n: string) => s.value.tableByName.get(n) as NonNullable<ReturnType<typeof s.value.tableByName.get>>;
  for (const [a, p] of [
    ['10.0.0.1', 1],
    ['10.0.0.2', 2],
    ['10.0.0.3', 3],
  ] as const)
    t('NmIngress.ipv4_route').add({
      match: [{ kind: 'lpm', value: ip(a), prefixLength: 32 }],
      action: 'NmIngress.set_egress_port',
      params: [p],
    });
  if (inFlight) {
    // size_exp = remain_exp: every key is in group 0, which is started and not completed.
    t('NmIngress.migration_pair').add({
      match: [
        { kind: 'exact', value: ip('10.0.0.2') },
        { kind: 'exact', value: 7000 },
      ],
      action: 'NmIngress.set_migration_pair',
      params: [0x020000000003n, ip('10.0.0.3'), 7001, 4, 4],
    });
    t('NmIngress.mirror_fwd').add({
      match: [
        { kind: 'exact', value: ip('10.0.0.2') },
        { kind: 'exact', value: 7000 },
      ],
      action: 'NmIngress.set_double_read',
      params: [5],
    });
    tm.addMirrorSession({ id: 5, direction: 'ingress', egressPort: 3, maxLen: 0 });
    const start = [0x16, ...bytes(7n, 8), ...bytes(7001, 2), 0, 0, 0, 0, 1];
    const udp = [0x9c, 0x40, 0xbe, 0x00, 0, 8 + start.length, 0, 0, ...start];
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
      ...bytes(ip('10.0.0.2'), 4),
      ...bytes(ip('10.0.0.3'), 4),
    ];
    e.receive(
      2,
      Uint8Array.from([...bytes(0x020000000003n, 6), ...bytes(0x020000000002n, 6), 0x08, 0x00, ...ipv4, ...udp]),
    );
  }
  void sent;
  return e;
}

/**
 * Packets per second of CPU time used by this process (user + system), so that a busy
 * machine (other processes on the cores) does not shrink the figure; wall time is printed too.
 */
function packetsPerSecond(e: TnaEngine, frames: Uint8Array[], ms = 400): { cpu: number; wall: number } {
  let n = 0;
  const t0 = performance.now();
  const end = t0 + ms;
  const cpu0 = process.cpuUsage();
  while (performance.now() < end) {
    for (let i = 0; i < 256; i++) e.receive(1, frames[(n + i) & 255] as Uint8Array);
    n += 256;
  }
  const cpu = process.cpuUsage(cpu0);
  return { cpu: n / ((cpu.user + cpu.system) / 1e6), wall: n / ((performance.now() - t0) / 1000) };
}

/** The same loop for the reference (its own copy, so that neither call site sees the other's callee). */
function perSecond(work: (f: Uint8Array) => void, frames: Uint8Array[], ms: number): { cpu: number; wall: number } {
  let n = 0;
  const t0 = performance.now();
  const end = t0 + ms;
  const cpu0 = process.cpuUsage();
  while (performance.now() < end) {
    for (let i = 0; i < 256; i++) work(frames[(n + i) & 255] as Uint8Array);
    n += 256;
  }
  const cpu = process.cpuUsage(cpu0);
  return { cpu: n / ((cpu.user + cpu.system) / 1e6), wall: n / ((performance.now() - t0) / 1000) };
}

// ---- the reference: CRC-32 (IEEE, reflected) of each frame, a byte at a time -----------------

const REF_TABLE = Uint32Array.from({ length: 256 }, (_, i) => {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  return c >>> 0;
});
let refSink = 0;

function referenceWork(f: Uint8Array): void {
  let c = 0xffffffff;
  // Eight rounds over the frame: about as long as one packet through the pipeline.
  for (let r = 0; r < 8; r++)
    for (let i = 0; i < f.length; i++) c = (c >>> 8) ^ (REF_TABLE[(c ^ (f[i] as number)) & 0xff] as number);
  refSink ^= c;
}

async function main(): Promise<void> {
  const dir = await build();
  try {
    const frames = Array.from({ length: 256 }, (_, i) => readFrame(i * 7919));
    const fmt = (v: number) => Math.round(v).toLocaleString('en-US').padStart(10);
    perSecond(referenceWork, frames, 300);
    const refs: number[] = [];
    for (const inFlight of [false, true]) {
      for (const tracing of [false, true]) {
        const e = await engine(join(dir, 'build'), tracing ? new DiscardingTraceSink() : undefined, inFlight);
        packetsPerSecond(e, frames, 300);
        const runs: number[] = [];
        const walls: number[] = [];
        const ref: number[] = [];
        for (let i = 0; i < 5; i++) {
          const r = packetsPerSecond(e, frames);
          runs.push(r.cpu);
          walls.push(r.wall);
          ref.push(perSecond(referenceWork, frames, 200).cpu);
        }
        refs.push(...ref);
        const what = `READ ${inFlight ? 'in flight (double read)' : 'no migration'}, tracing ${tracing ? 'on ' : 'off'}`;
        const x = median(runs) / median(ref);
        process.stdout.write(
          `${what.padEnd(46)} ${fmt(median(runs))} packets per CPU second ${fmt(median(walls))} per wall second  (${x.toFixed(2)} × reference)\n`,
        );
      }
    }
    process.stdout.write(
      `${'reference (CRC-32 × 8 of each frame, plain JS)'.padEnd(46)} ${fmt(median(refs))} frames per CPU second${refSink === 0.5 ? ' ' : ''}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.P4TS_BENCH_ONLY === undefined) await main();
else await only(process.env.P4TS_BENCH_ONLY);

/** One scenario for a long time (for node --cpu-prof): "read" or "inflight". */
async function only(which: string): Promise<void> {
  const dir = await build();
  const frames = Array.from({ length: 256 }, (_, i) => readFrame(i * 7919));
  const e = await engine(join(dir, 'build'), undefined, which === 'inflight');
  process.stdout.write(`${Math.round(packetsPerSecond(e, frames, 5000).cpu)} packets per CPU second\n`);
  rmSync(dir, { recursive: true, force: true });
}
