// In-process packets per second of the compiled NetMigrate program (p4/netmigrate.p4) through
// the TNA engine: READ requests with no migration, and READ requests of a group in flight
// (double read: the original plus an I2E mirror copy), each with tracing off and on (a sink
// that builds every event and discards it). Figures in packets per CPU second of the thread that
// runs the pipeline (and per wall second), never failing on time.
// Trustworthy run to run: each scenario is warmed up until its rate settles, starts from a
// collected heap, and is measured in slices; the whole measurement runs in 5 separate processes
// (P4TS_BENCH_PROCESSES) and the figure is the median across them with its min–max spread.
// Beside each figure: a reference measured in slices interleaved with the pipeline's, a fixed
// piece of JavaScript that does not depend on p4ts (a table-driven CRC-32 over each frame). On
// a shared machine (another process on the sibling hyperthread) both move together, so
// "× reference" is the figure to compare across runs and loads.
// P4TS_BENCH_ONLY=read|inflight runs one scenario for 5 s (for node --cpu-prof).

import { spawnSync } from 'node:child_process';
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
import { halfRangePercent, loadLine, median, spread, threadCpuSeconds } from './machine.js';

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

/** Packets (or frames) per CPU second of this process and per wall second over one slice. */
interface Rate {
  cpu: number;
  wall: number;
}

/**
 * Packets per second of CPU time of the thread running the pipeline (threadCpuSeconds: V8's
 * compiler and GC threads are not charged to it), so that a busy machine (other processes on
 * the cores) does not shrink the figure; wall time is printed too.
 */
function packetsPerSecond(e: TnaEngine, frames: Uint8Array[], ms: number): Rate {
  let n = 0;
  const t0 = performance.now();
  const end = t0 + ms;
  const cpu0 = threadCpuSeconds();
  while (performance.now() < end) {
    for (let i = 0; i < 256; i++) e.receive(1, frames[(n + i) & 255] as Uint8Array);
    n += 256;
  }
  const cpu = threadCpuSeconds() - cpu0;
  return { cpu: n / cpu, wall: n / ((performance.now() - t0) / 1000) };
}

/** The same loop for the reference (its own copy, so that neither call site sees the other's callee). */
function perSecond(work: (f: Uint8Array) => void, frames: Uint8Array[], ms: number): Rate {
  let n = 0;
  const t0 = performance.now();
  const end = t0 + ms;
  const cpu0 = threadCpuSeconds();
  while (performance.now() < end) {
    for (let i = 0; i < 256; i++) work(frames[(n + i) & 255] as Uint8Array);
    n += 256;
  }
  const cpu = threadCpuSeconds() - cpu0;
  return { cpu: n / cpu, wall: n / ((performance.now() - t0) / 1000) };
}

/**
 * Runs the scenario until its rate settles: at least WARMUP_MS, then until two consecutive
 * slices agree within 3 % (at most WARMUP_MAX_MS). On a loaded machine the optimising compiler
 * gets less of the CPU and a fixed warm-up ended, now and then, before it had finished.
 */
function warmUp(e: TnaEngine, frames: Uint8Array[]): void {
  packetsPerSecond(e, frames, WARMUP_MS);
  let last = packetsPerSecond(e, frames, SLICE_MS).cpu;
  for (let spent = WARMUP_MS + SLICE_MS; spent < WARMUP_MAX_MS; spent += SLICE_MS) {
    const now = packetsPerSecond(e, frames, SLICE_MS).cpu;
    if (Math.abs(now - last) <= 0.03 * last) return;
    last = now;
  }
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

/**
 * Warm-up per scenario: long enough that the generated pipeline and the engine are optimised
 * by TurboFan before anything is counted (shorter warm-ups measured a mix of tiers, and moved
 * the figure by up to 2× between processes).
 */
const WARMUP_MS = 1500;
const WARMUP_MAX_MS = 6000;
/** Measured slices per scenario, each followed by a reference slice. */
const SLICES = 10;
const SLICE_MS = 250;
const REFERENCE_MS = 100;
/** Separate processes (`npm run bench` figures are the median over these). */
const PROCESSES = Number(process.env.P4TS_BENCH_PROCESSES ?? 5);

interface ScenarioFigure {
  readonly name: string;
  /** Median over the slices of one process. */
  readonly cpu: number;
  readonly wall: number;
  /** Median over the slices of (pipeline rate / the reference slice right after it). */
  readonly xReference: number;
}

const SCENARIOS = [
  { inFlight: false, tracing: false },
  { inFlight: false, tracing: true },
  { inFlight: true, tracing: false },
  { inFlight: true, tracing: true },
] as const;

function scenarioName(inFlight: boolean, tracing: boolean): string {
  return `READ ${inFlight ? 'in flight (double read)' : 'no migration'}, tracing ${tracing ? 'on' : 'off'}`;
}

/** One process's figures: every scenario, warmed up, measured in slices interleaved with the reference. */
async function measureInThisProcess(): Promise<ScenarioFigure[]> {
  const dir = await build();
  try {
    const frames = Array.from({ length: 256 }, (_, i) => readFrame(i * 7919));
    perSecond(referenceWork, frames, 300);
    const out: ScenarioFigure[] = [];
    for (const { inFlight, tracing } of SCENARIOS) {
      const e = await engine(join(dir, 'build'), tracing ? new DiscardingTraceSink() : undefined, inFlight);
      warmUp(e, frames);
      // Start every scenario from a collected heap, so that one's garbage is not the next's GC time.
      collectGarbage();
      const cpu: number[] = [];
      const wall: number[] = [];
      const ratio: number[] = [];
      for (let i = 0; i < SLICES; i++) {
        const r = packetsPerSecond(e, frames, SLICE_MS);
        const ref = perSecond(referenceWork, frames, REFERENCE_MS);
        cpu.push(r.cpu);
        wall.push(r.wall);
        ratio.push(r.cpu / ref.cpu);
      }
      out.push({
        name: scenarioName(inFlight, tracing),
        cpu: median(cpu),
        wall: median(wall),
        xReference: median(ratio),
      });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A full collection when the process runs with --expose-gc (the parent passes it); else nothing. */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Runs PROCESSES child processes one after the other and prints median [min–max] across them. */
async function main(): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  const runs: ScenarioFigure[][] = [];
  for (let i = 0; i < PROCESSES; i++) {
    const r = spawnSync(process.execPath, ['--expose-gc', self], {
      encoding: 'utf8',
      env: { ...process.env, P4TS_BENCH_CHILD: '1' },
    });
    if (r.status !== 0) throw new Error(`pipeline bench child failed (${r.status}):\n${r.stderr}`);
    runs.push((JSON.parse(r.stdout) as { figures: ScenarioFigure[] }).figures);
  }
  const fmt = (v: number) => `${Math.round(v / 1000)}k`;
  process.stdout.write(
    `NetMigrate READs through the TNA engine, in process; ${PROCESSES} separate processes, each ${WARMUP_MS}-${WARMUP_MAX_MS} ms warm-up (until settled) then the median of ${SLICES} slices of ${SLICE_MS} ms: median [min–max] across processes (${loadLine()})\n`,
  );
  process.stdout.write(
    `${''.padEnd(42)}${'packets per thread CPU s'.padEnd(28)}${'per wall s'.padEnd(26)}× reference (CRC-32 × 8 per frame)\n`,
  );
  for (let s = 0; s < SCENARIOS.length; s++) {
    const pick = (f: (x: ScenarioFigure) => number) => runs.map((r) => f(r[s] as ScenarioFigure));
    const cpu = pick((x) => x.cpu);
    process.stdout.write(
      `${(runs[0]?.[s]?.name ?? '').padEnd(42)}${`${spread(cpu, fmt)} ±${halfRangePercent(cpu).toFixed(0)} %`.padEnd(28)}${spread(
        pick((x) => x.wall),
        fmt,
      ).padEnd(26)}${spread(
        pick((x) => x.xReference),
        (v) => v.toFixed(3),
      )} ±${halfRangePercent(pick((x) => x.xReference)).toFixed(0)} %\n`,
    );
  }
}

if (process.env.P4TS_BENCH_ONLY !== undefined) await only(process.env.P4TS_BENCH_ONLY);
else if (process.env.P4TS_BENCH_CHILD === '1')
  // The reference's checksum goes out with the figures, so that its work cannot be optimised away.
  process.stdout.write(`${JSON.stringify({ figures: await measureInThisProcess(), sink: refSink })}\n`);
else await main();

/** One scenario for a long time (for node --cpu-prof): "read" or "inflight". */
async function only(which: string): Promise<void> {
  const dir = await build();
  const frames = Array.from({ length: 256 }, (_, i) => readFrame(i * 7919));
  const e = await engine(join(dir, 'build'), undefined, which === 'inflight');
  process.stdout.write(`${Math.round(packetsPerSecond(e, frames, 5000).cpu)} packets per CPU second\n`);
  rmSync(dir, { recursive: true, force: true });
}
