// `npm run conformance`: runs p4ts over the public corpora in the folder named by P4TS_CORPUS
// (laid out as docs/conformance.md says; nothing is fetched), prints every figure, and exits 1
// when one regresses against conformance/expected.json. `--update` writes the measured figures
// as the new expectations; naming suites (`npm run conformance -- tna-fit`) runs only those.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBfP4cTests } from './bfp4c-tests.js';
import { compareFigures, type Expectations, type Figure, formatFigure } from './figures.js';
import { runP4cCheck } from './p4c-check.js';
import { runP4cCompile } from './p4c-compile.js';
import { runP4cParse, type SuiteResult } from './p4c-parse.js';
import { CORPUS_ENV, SUITES, suiteRoot } from './suites.js';
import { runTnaFit, runTnaFitTestgen } from './tna-fit.js';

const RUNNERS: Record<string, (corpus: string) => SuiteResult | Promise<SuiteResult>> = {
  'p4c-parse': runP4cParse,
  'p4c-check': runP4cCheck,
  'p4c-compile': runP4cCompile,
  'tna-fit': runTnaFit,
  'tna-fit-testgen': runTnaFitTestgen,
  'bfp4c-tests': runBfP4cTests,
};

/** conformance/expected.json in the source tree (this module runs from dist/conformance). */
const EXPECTED = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'conformance', 'expected.json');

async function main(argv: string[]): Promise<number> {
  const update = argv.includes('--update');
  const verbose = argv.includes('--verbose');
  const names = argv.filter((a) => !a.startsWith('--'));
  const unknown = names.filter((n) => RUNNERS[n] === undefined);
  const env = process.env[CORPUS_ENV];
  const corpus = env !== undefined && existsSync(env) ? env : undefined;
  // Suites with a folder variable of their own run without P4TS_CORPUS when named alone.
  const ownFolderOnly =
    names.length > 0 &&
    SUITES.filter((s) => names.includes(s.name)).every((s) => suiteRoot(s, undefined) !== undefined);
  if (unknown.length > 0 || (corpus === undefined && !ownFolderOnly)) {
    if (unknown.length > 0) process.stderr.write(`conformance: unknown suite ${unknown.join(', ')}\n`);
    else process.stderr.write(`conformance: set ${CORPUS_ENV} to the corpus folder (see docs/conformance.md)\n`);
    process.stderr.write(`usage: ${CORPUS_ENV}=DIR npm run conformance [-- [--update] [--verbose] [SUITE…]]\n`);
    process.stderr.write(`suites: ${SUITES.map((s) => s.name).join(', ')}\n`);
    return 2;
  }
  const expected: Expectations = existsSync(EXPECTED) ? JSON.parse(readFileSync(EXPECTED, 'utf8')) : {};
  const all: Figure[] = [];
  const missingParts: string[] = [];
  for (const suite of SUITES) {
    if (names.length > 0 && !names.includes(suite.name)) continue;
    const root = suiteRoot(suite, corpus) ?? '';
    const absent = suite.needs.filter((p) => !existsSync(join(root, p)));
    process.stdout.write(`\n## ${suite.name}: ${suite.what}\n`);
    if (absent.length > 0) {
      process.stdout.write(
        `  not run: ${absent.join(', ')} missing in ${root}${suite.optional ? ' (optional)' : ''}\n`,
      );
      if (suite.optional !== true) missingParts.push(suite.name);
      continue;
    }
    const started = Date.now();
    const r = await (RUNNERS[suite.name] as (c: string) => SuiteResult | Promise<SuiteResult>)(root);
    for (const f of r.figures) process.stdout.write(`${formatFigure(f)}\n`);
    const shown = verbose ? r.notes : r.notes.slice(0, 40);
    for (const n of shown) process.stdout.write(`    ${n}\n`);
    if (shown.length < r.notes.length)
      process.stdout.write(`    … ${r.notes.length - shown.length} more (--verbose)\n`);
    process.stdout.write(`  (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
    all.push(...r.figures);
  }
  if (update) {
    const next: Record<string, number> = { ...expected };
    for (const f of all) if (f.direction !== 'info') next[f.key] = f.value;
    writeFileSync(EXPECTED, `${JSON.stringify(next, Object.keys(next).sort(), 2)}\n`);
    process.stdout.write(`\nwrote ${EXPECTED}\n`);
    return missingParts.length > 0 ? 1 : 0;
  }
  const c = compareFigures(all, expected);
  process.stdout.write('\n');
  for (const s of c.improvements) process.stdout.write(`improved: ${s} (npm run conformance -- --update)\n`);
  for (const s of c.unexpected) process.stdout.write(`new: ${s}\n`);
  for (const s of c.regressions) process.stdout.write(`REGRESSION: ${s}\n`);
  if (missingParts.length > 0) process.stdout.write(`FAILED: corpus parts missing for ${missingParts.join(', ')}\n`);
  const failed = c.regressions.length > 0 || c.unexpected.length > 0 || missingParts.length > 0;
  process.stdout.write(failed ? 'conformance: FAILED\n' : 'conformance: every figure meets its expectation\n');
  return failed ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
