// `p4ts check` on the TNA programs: a cold process (what a user waits for at the command line)
// and warm in-process runs of the front end + type checker + IR lowering + Tofino checks.

import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { compileFile } from '../compiler/compile.js';
import { DiagnosticSink } from '../compiler/diagnostics/index.js';
import { median } from './machine.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist', 'bin', 'p4ts.js');
const programs = ['p4/netmigrate.p4', 'p4/examples/tna-l2l3.p4', 'p4/examples/tna-mirror-recirc.p4'];

for (const rel of programs) {
  const path = join(root, rel);
  const cold: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [cli, 'check', '--target', 'tna', path], { encoding: 'utf8' });
    cold.push(performance.now() - t0);
    if (r.status !== 0) {
      process.stdout.write(`${rel}: p4ts check failed (exit ${r.status}):\n${r.stderr}\n`);
      process.exitCode = 1;
    }
  }
  const phases = (targetChecks: boolean) => {
    const t0 = performance.now();
    compileFile(path, { target: 'tna', checkOnly: true, targetChecks }, new DiagnosticSink());
    return performance.now() - t0;
  };
  phases(true);
  const warm: number[] = [];
  const warmNoTarget: number[] = [];
  for (let i = 0; i < 15; i++) {
    warm.push(phases(true));
    warmNoTarget.push(phases(false));
  }
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  process.stdout.write(
    `${rel}: p4ts check cold process ${ms(median(cold))} (median of 3); warm in-process (median of 15): ` +
      `front end + checker + IR ${ms(median(warmNoTarget))}, with the Tofino checks ${ms(median(warm))}\n`,
  );
}
