// Machine instructions per NetMigrate READ through the TNA engine, counted by valgrind
// (cachegrind, no cache simulation) rather than timed: the count does not move with the
// machine's load, so two builds can be compared on a busy machine. Each figure is the
// difference of two runs of one process, warmed up by the same number of packets, then with
// and without N measured packets, divided by N. V8 runs with --single-threaded (no background
// compilation), so the optimising compiler's decisions depend on the packets, not on timing.
// Needs valgrind; takes minutes (valgrind runs the code about 50× slower).
// node dist/bench/pipeline-count.js [--only=read|inflight] [--packets=N] [--against=CHECKOUT]

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLine } from './machine.js';
import { compileNetMigrate, makeRig, readFrame, type Scenario, scenarioName } from './pipeline-rig.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Packets before anything is counted: enough for V8 to optimise the pipeline (counted, not timed). */
const WARMUP_PACKETS = 30_000;

/** The child: warm up, then send `packets` more READs, and exit (valgrind counts the whole process). */
async function child(root: string, build: string, s: Scenario, packets: number): Promise<void> {
  const rig = await makeRig(root, build, s);
  const frames = Array.from({ length: 256 }, (_, i) => readFrame(i * 7919));
  for (let n = 0; n < WARMUP_PACKETS + packets; n++) rig.engine.receive(1, frames[n & 255] as Uint8Array);
}

/** Instructions valgrind counted for one child run. */
function instructions(root: string, build: string, s: Scenario, packets: number): number {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(
    'valgrind',
    [
      '--tool=cachegrind',
      '--cache-sim=no',
      '--cachegrind-out-file=/dev/null',
      process.execPath,
      '--single-threaded',
      self,
      '--child',
      JSON.stringify({ root, build, scenario: s, packets }),
    ],
    { encoding: 'utf8' },
  );
  const m = /I\s+refs:\s+([\d,]+)/.exec(r.stderr);
  if (r.status !== 0 || m === null) throw new Error(`valgrind run failed (${r.status}):\n${r.stderr.slice(-2000)}`);
  return Number((m[1] as string).replaceAll(',', ''));
}

function perPacket(root: string, build: string, s: Scenario, packets: number): number {
  return (instructions(root, build, s, packets) - instructions(root, build, s, 0)) / packets;
}

async function main(): Promise<void> {
  let packets = 100_000;
  let against: string | undefined;
  let only: string | undefined;
  for (const a of process.argv.slice(2)) {
    if (a.startsWith('--packets=')) packets = Number(a.slice(10));
    else if (a.startsWith('--against=')) against = resolve(a.slice(10));
    else if (a === '--only=read' || a === '--only=inflight') only = a.slice(7);
    else {
      process.stderr.write(
        'usage: node dist/bench/pipeline-count.js [--only=read|inflight] [--packets=N] [--against=CHECKOUT]\n',
      );
      process.exit(2);
    }
  }
  if (!Number.isInteger(packets) || packets < 1) {
    process.stderr.write('--packets: a whole number, at least 1\n');
    process.exit(2);
  }
  if (spawnSync('valgrind', ['--version']).status !== 0) {
    process.stdout.write('valgrind is not installed: no instruction counts\n');
    return;
  }
  const scenarios: Scenario[] = [
    { inFlight: false, tracing: false },
    { inFlight: true, tracing: false },
  ].filter((s) => only === undefined || s.inFlight === (only === 'inflight'));
  const dir = mkdtempSync(join(tmpdir(), 'p4ts-count-'));
  try {
    compileNetMigrate(ROOT, join(dir, 'this'));
    if (against !== undefined) compileNetMigrate(against, join(dir, 'other'));
    process.stdout.write(
      `Machine instructions per READ (valgrind, ${WARMUP_PACKETS} packets of warm-up, ${packets} counted; ${loadLine()})\n`,
    );
    for (const s of scenarios) {
      const mine = perPacket(ROOT, join(dir, 'this'), s, packets);
      let line = `${scenarioName(s).padEnd(42)}${Math.round(mine)}`;
      if (against !== undefined) {
        const theirs = perPacket(against, join(dir, 'other'), s, packets);
        line += `   against ${Math.round(theirs)} (${against}): ${(mine / theirs).toFixed(3)}×`;
      }
      process.stdout.write(`${line}\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  const t = JSON.parse(process.argv[3] as string) as {
    root: string;
    build: string;
    scenario: Scenario;
    packets: number;
  };
  await child(t.root, t.build, t.scenario, t.packets);
} else await main();
