// `npm run bench`: runs every benchmark as its own process (so one's warm-up and garbage do not
// colour the next) and prints their figures. Benchmarks print; they never pass or fail on time.
// `npm run bench -- parse` runs only the benchmarks whose path contains "parse". Figures are
// medians of repeated runs with their spread; the machine's load is printed beside them.

import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLine, machineLine } from './machine.js';

const here = dirname(fileURLToPath(import.meta.url));

/** In the order they are printed; paths relative to dist/bench. */
const BENCHMARKS = [
  'parse.js',
  'check.js',
  'runtime/crc.js',
  'kv/direct.js',
  'kv/switch.js',
  'pipeline.js',
  'switch-udp.js',
  'store.js',
  'migrate.js',
];

const filter = process.argv.slice(2);
process.stdout.write(`p4ts benchmarks on ${machineLine()} (${loadLine()})\n`);
let failed = 0;
for (const rel of BENCHMARKS) {
  if (filter.length > 0 && !filter.some((f) => rel.includes(f))) continue;
  process.stdout.write(`\n## ${rel.replace(/\.js$/, '')}\n`);
  // kv/switch (3 windows × 2 framings × 3 paths × 5 runs, each after a warm-up) takes about
  // 8 minutes on an idle 2-core machine and more under load: 30 minutes is a hang guard only.
  const r = spawnSync(process.execPath, [join(here, rel)], { stdio: 'inherit', timeout: 1_800_000 });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`(benchmark ${rel} exited with ${r.status ?? r.signal})\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
