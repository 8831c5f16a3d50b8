// In-process packets per second of the compiled NetMigrate program (p4/netmigrate.p4) through
// the TNA engine: READ requests with no migration, and READ requests of a group in flight
// (double read: the original plus an I2E mirror copy), each with tracing off and on (a sink
// that builds every event and discards it). Figures in packets per CPU second of the thread that
// runs the pipeline (and per wall second), never failing on time. bench/pipeline-rig.ts sets
// the scenarios up and checks that each does what its name says before anything is timed.
// Trustworthy run to run (docs/benchmarks.md, "bench/pipeline"): the program is compiled by
// the CLI beforehand and every scenario runs in a fresh process of its own (measured after the
// compiler or another scenario in one process, a scenario inherits their type feedback: a READ
// then cost 5 % more instructions), warmed up until its rate settles, from a collected heap; the
// processes of all scenarios take turns, N rounds (`--runs=N`), and each figure is the median
// across its N processes with min–max and ±%. The garbage collector's share of the measured
// time is printed beside. "× reference" divides by a fixed piece of JavaScript (a CRC-32 over
// each frame) measured in slices interleaved with the pipeline's, which a busy machine slows alike.
// `--against=DIR` measures another checkout (DIR with its dist/ built) in the same processes,
// slices alternating, and prints this build / that build: a before/after that load cannot tilt.
// P4TS_BENCH_ONLY=read|inflight runs one scenario for 5 s (for node --cpu-prof).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { EventTraceSink, type TraceEvent } from '../runtime/trace/trace-sink.js';
import { halfRangePercent, loadLine, median, spread, threadCpuSeconds } from './machine.js';
import {
  compileNetMigrate,
  framesPerRead,
  makeRig,
  type Rig,
  readFrame,
  SCENARIOS,
  type Scenario,
  scenarioName,
} from './pipeline-rig.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

class DiscardingTraceSink extends EventTraceSink {
  events = 0;
  protected emit(_e: TraceEvent): void {
    this.events++;
  }
}

/** Packets (or frames) per CPU second of this thread and per wall second over one slice. */
interface Rate {
  cpu: number;
  wall: number;
  /** Packets sent in the slice. */
  n: number;
}

/**
 * Packets per second of CPU time of the thread running the pipeline (threadCpuSeconds: V8's
 * compiler and GC threads are not charged to it), so that a busy machine (other processes on
 * the cores) does not shrink the figure; wall time is printed too. `windows` collects the
 * slice's start and end (performance.now()), to charge it the GC pauses inside it.
 */
function packetsPerSecond(rig: Rig, frames: Uint8Array[], ms: number, windows?: number[]): Rate {
  const e = rig.engine;
  let n = 0;
  const t0 = performance.now();
  const end = t0 + ms;
  const cpu0 = threadCpuSeconds();
  while (performance.now() < end) {
    for (let i = 0; i < 256; i++) e.receive(1, frames[(n + i) & 255] as Uint8Array);
    n += 256;
  }
  const cpu = threadCpuSeconds() - cpu0;
  const t1 = performance.now();
  windows?.push(t0, t1);
  return { cpu: n / cpu, wall: n / ((t1 - t0) / 1000), n };
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
  return { cpu: n / cpu, wall: n / ((performance.now() - t0) / 1000), n };
}

/**
 * Runs the scenario until its rate settles: at least WARMUP_MS, then until two consecutive
 * slices agree within 3 % (at most WARMUP_MAX_MS). On a loaded machine the optimising compiler
 * gets less of the CPU and a fixed warm-up ended, now and then, before it had finished.
 */
function warmUp(rig: Rig, frames: Uint8Array[]): void {
  packetsPerSecond(rig, frames, WARMUP_MS);
  let last = packetsPerSecond(rig, frames, SLICE_MS).cpu;
  for (let spent = WARMUP_MS + SLICE_MS; spent < WARMUP_MAX_MS; spent += SLICE_MS) {
    const now = packetsPerSecond(rig, frames, SLICE_MS).cpu;
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
/** Measured slices per process, each followed by a reference slice (and the other build's, with --against). */
const SLICES = 10;
const SLICE_MS = 250;
const REFERENCE_MS = 100;

/** One process's figures for one scenario. */
interface ScenarioFigure {
  /** Median over the slices. */
  readonly cpu: number;
  readonly wall: number;
  /** Median over the slices of (pipeline rate / the reference slice right after it). */
  readonly xReference: number;
  /** GC pauses inside the measured slices, as a share of their wall time. */
  readonly gcShare: number;
  /** With --against: the other build's median rate, and the median of this / that slice by slice. */
  readonly against?: { readonly cpu: number; readonly ratio: number };
}

/** What the parent hands a child process: the scenario and where the compiled programs are. */
interface ChildTask {
  readonly scenario: Scenario;
  readonly build: string;
  readonly against?: { readonly root: string; readonly build: string };
}

/** GC pause time (ms) that falls inside the slice windows [t0, t1, t0, t1, ...]. */
function gcInside(entries: readonly PerformanceEntry[], windows: readonly number[]): number {
  let ms = 0;
  for (const e of entries)
    for (let i = 0; i < windows.length; i += 2) {
      const from = Math.max(e.startTime, windows[i] as number);
      const to = Math.min(e.startTime + e.duration, windows[i + 1] as number);
      if (to > from) ms += to - from;
    }
  return ms;
}

/** One scenario in this process: warmed up, measured in slices interleaved with the reference (and the other build). */
async function measureScenario(task: ChildTask): Promise<ScenarioFigure> {
  const s = task.scenario;
  const trace = () => (s.tracing ? new DiscardingTraceSink() : undefined);
  const rig = await makeRig(ROOT, task.build, s, trace());
  const other =
    task.against === undefined ? undefined : await makeRig(task.against.root, task.against.build, s, trace());
  const frames = Array.from({ length: 256 }, (_, i) => readFrame(i * 7919));
  perSecond(referenceWork, frames, 300);
  warmUp(rig, frames);
  if (other !== undefined) warmUp(other, frames);
  // Start from a collected heap, so that the warm-up's garbage is not the measurement's GC time.
  collectGarbage();
  const gcs: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => gcs.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  const windows: number[] = [];
  const cpu: number[] = [];
  const wall: number[] = [];
  const ratio: number[] = [];
  const otherCpu: number[] = [];
  const versus: number[] = [];
  const sent0 = rig.sent();
  let packets = 0;
  for (let i = 0; i < SLICES; i++) {
    // With another build, the two take turns going first.
    const o0 = other !== undefined && i % 2 === 1 ? packetsPerSecond(other, frames, SLICE_MS) : undefined;
    const r = packetsPerSecond(rig, frames, SLICE_MS, windows);
    packets += r.n;
    if (other !== undefined) {
      const o = o0 ?? packetsPerSecond(other, frames, SLICE_MS);
      otherCpu.push(o.cpu);
      versus.push(r.cpu / o.cpu);
    }
    const ref = perSecond(referenceWork, frames, REFERENCE_MS);
    cpu.push(r.cpu);
    wall.push(r.wall);
    ratio.push(r.cpu / ref.cpu);
  }
  // The observer's entries arrive on a later turn of the event loop.
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setTimeout(r, 10));
  observer.disconnect();
  const frameCount = rig.sent() - sent0;
  if (frameCount !== packets * framesPerRead(s))
    throw new Error(`${scenarioName(s)}: ${frameCount} frames out for ${packets} READs`);
  const measuredMs = windows.reduce((acc, t, i) => acc + (i % 2 === 1 ? t - (windows[i - 1] as number) : 0), 0);
  return {
    cpu: median(cpu),
    wall: median(wall),
    xReference: median(ratio),
    gcShare: gcInside(gcs, windows) / measuredMs,
    ...(other === undefined ? {} : { against: { cpu: median(otherCpu), ratio: median(versus) } }),
  };
}

/** A full collection when the process runs with --expose-gc (the parent passes it); else nothing. */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

interface Options {
  readonly runs: number;
  readonly against?: string;
  readonly only?: 'read' | 'inflight';
}

function parseOptions(argv: readonly string[]): Options {
  let runs = Number(process.env.P4TS_BENCH_PROCESSES ?? 5);
  let against: string | undefined;
  let only: Options['only'];
  for (const a of argv) {
    if (a.startsWith('--runs=')) runs = Number(a.slice(7));
    else if (a.startsWith('--against=')) against = resolve(a.slice(10));
    else if (a === '--only=read' || a === '--only=inflight') only = a.slice(7) as 'read' | 'inflight';
    else {
      process.stderr.write(
        `usage: node dist/bench/pipeline.js [--runs=N] [--against=CHECKOUT] [--only=read|inflight]\n`,
      );
      process.exit(2);
    }
  }
  if (!Number.isInteger(runs) || runs < 1) {
    process.stderr.write('--runs: a whole number of processes, at least 1\n');
    process.exit(2);
  }
  return { runs, ...(against === undefined ? {} : { against }), ...(only === undefined ? {} : { only }) };
}

/** Compiles the program once per build, then runs every scenario's processes in turns and prints median [min–max]. */
async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const self = fileURLToPath(import.meta.url);
  const scenarios = SCENARIOS.filter((s) => o.only === undefined || s.inFlight === (o.only === 'inflight'));
  const dir = mkdtempSync(join(tmpdir(), 'p4ts-bench-'));
  try {
    compileNetMigrate(ROOT, join(dir, 'this'));
    if (o.against !== undefined) compileNetMigrate(o.against, join(dir, 'other'));
    const figures: ScenarioFigure[][] = scenarios.map(() => []);
    const loadBefore = loadLine();
    for (let run = 0; run < o.runs; run++)
      for (let k = 0; k < scenarios.length; k++) {
        const task: ChildTask = {
          scenario: scenarios[k] as Scenario,
          build: join(dir, 'this'),
          ...(o.against === undefined ? {} : { against: { root: o.against, build: join(dir, 'other') } }),
        };
        const r = spawnSync(process.execPath, ['--expose-gc', self], {
          encoding: 'utf8',
          env: { ...process.env, P4TS_BENCH_CHILD: JSON.stringify(task) },
        });
        if (r.status !== 0) throw new Error(`pipeline bench child failed (${r.status}):\n${r.stderr}`);
        (figures[k] as ScenarioFigure[]).push((JSON.parse(r.stdout) as { figure: ScenarioFigure }).figure);
      }
    print(o, scenarios, figures, loadBefore);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function print(o: Options, scenarios: readonly Scenario[], figures: ScenarioFigure[][], loadBefore: string): void {
  const k = (v: number) => `${Math.round(v / 1000)}k`;
  const withSpread = (values: number[], show: (v: number) => string) =>
    `${spread(values, show)} ±${halfRangePercent(values).toFixed(0)} %`;
  const out = process.stdout;
  out.write(
    `NetMigrate READs through the TNA engine, in process: each scenario in ${o.runs} fresh processes (scenarios taking turns), each ${WARMUP_MS}-${WARMUP_MAX_MS} ms warm-up (until settled) then the median of ${SLICES} slices of ${SLICE_MS} ms; median [min–max] across processes (${loadBefore} → ${loadLine()})\n`,
  );
  out.write(
    `${''.padEnd(42)}${'packets per thread CPU s'.padEnd(30)}${'per wall s'.padEnd(24)}${'× reference (CRC-32 × 8)'.padEnd(30)}GC share\n`,
  );
  scenarios.forEach((s, i) => {
    const f = figures[i] as ScenarioFigure[];
    out.write(
      `${scenarioName(s).padEnd(42)}${withSpread(
        f.map((x) => x.cpu),
        k,
      ).padEnd(30)}${spread(
        f.map((x) => x.wall),
        k,
      ).padEnd(24)}${withSpread(
        f.map((x) => x.xReference),
        (v) => v.toFixed(3),
      ).padEnd(30)}${spread(
        f.map((x) => 100 * x.gcShare),
        (v) => `${v.toFixed(1)} %`,
      )}\n`,
    );
  });
  // Each process's figure, in the order run: a bimodal spread (some processes' code optimised
  // worse) shows here, a drift with the machine's load as a trend.
  out.write('\nPer process, in the order run (× reference):\n');
  scenarios.forEach((s, i) => {
    const f = figures[i] as ScenarioFigure[];
    out.write(`${scenarioName(s).padEnd(42)}${f.map((x) => x.xReference.toFixed(3)).join(' ')}\n`);
  });
  if (o.against === undefined) return;
  out.write(`\nAgainst ${o.against} (the same processes, slices alternating):\n`);
  out.write(`${''.padEnd(42)}${'that build, per thread CPU s'.padEnd(30)}this / that (median of slice pairs)\n`);
  scenarios.forEach((s, i) => {
    const f = figures[i] as ScenarioFigure[];
    const a = f.map((x) => x.against as NonNullable<ScenarioFigure['against']>);
    out.write(
      `${scenarioName(s).padEnd(42)}${withSpread(
        a.map((x) => x.cpu),
        k,
      ).padEnd(30)}${withSpread(
        a.map((x) => x.ratio),
        (v) => v.toFixed(3),
      )}\n`,
    );
  });
}

/** One scenario for a long time (for node --cpu-prof): "read" or "inflight". */
async function only(which: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'p4ts-bench-'));
  try {
    compileNetMigrate(ROOT, dir);
    const frames = Array.from({ length: 256 }, (_, i) => readFrame(i * 7919));
    const rig = await makeRig(ROOT, dir, { inFlight: which === 'inflight', tracing: false });
    process.stdout.write(`${Math.round(packetsPerSecond(rig, frames, 5000).cpu)} packets per CPU second\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const child = process.env.P4TS_BENCH_CHILD;
if (process.env.P4TS_BENCH_ONLY !== undefined) await only(process.env.P4TS_BENCH_ONLY);
else if (child !== undefined)
  // The reference's checksum goes out with the figures, so that its work cannot be optimised away.
  process.stdout.write(
    `${JSON.stringify({ figure: await measureScenario(JSON.parse(child) as ChildTask), sink: refSink })}\n`,
  );
else await main();
