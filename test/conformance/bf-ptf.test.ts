// Opt-in conformance run over bf-p4c's P4Runtime PTF tests (`p4-tests/p4_16/ptf`: NAME.p4 with
// NAME.ptf/test.py, fetched outside the repository, never committed). Set P4TS_BF_PTF to that
// folder and P4TS_BF_PTF_STF to a folder of STF files written after reading each test.py (also
// kept outside the repository); every NAME.stf runs `p4ts test NAME.p4 NAME.stf -I ../includes`
// with the architecture taken from the program's includes. A summary gives the pass count and
// the outcome per test (docs/conformance.md, "bf-p4c's PTF tests").

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const programs = process.env.P4TS_BF_PTF;
const stfDir = process.env.P4TS_BF_PTF_STF;
const p4ts = fileURLToPath(new URL('../../bin/p4ts.js', import.meta.url));

/** `p4ts test`'s exit status in words: 0 pass, 1 the program does not compile, 3 an expectation failed. */
function outcomeOf(status: number | null): string {
  if (status === 0) return 'pass';
  if (status === 1) return 'no-compile';
  if (status === 3) return 'fail';
  return `exit ${status}`;
}

/** The first failure line of a run (`FILE:LINE: …` or an error), for the summary. */
function firstFailure(out: string): string {
  const line = out.split('\n').find((l) => /\.stf:\d+:|error/.test(l)) ?? '';
  return line.length > 160 ? `${line.slice(0, 160)}…` : line;
}

const ready = programs !== undefined && stfDir !== undefined;
const names = ready
  ? readdirSync(stfDir as string)
      .filter((f) => f.endsWith('.stf'))
      .map((f) => f.slice(0, -4))
      .sort()
  : [];

describe("bf-p4c's PTF tests (conformance)", {
  skip: ready ? false : 'set P4TS_BF_PTF and P4TS_BF_PTF_STF to run',
}, () => {
  const outcome = new Map<string, { result: string; why: string }>();
  after(() => {
    const passed = [...outcome.values()].filter((o) => o.result === 'pass').length;
    console.log(`bf-p4c PTF tests: ${passed}/${names.length} pass`);
    for (const [name, o] of outcome) console.log(`  ${o.result.padEnd(10)} ${name}${o.why ? `  ${o.why}` : ''}`);
  });
  for (const name of names) {
    it(name, () => {
      const dir = programs as string;
      const program = join(dir, `${name}.p4`);
      if (!existsSync(program)) {
        outcome.set(name, { result: 'missing', why: '' });
        assert.fail(`${program} does not exist`);
      }
      const run = (...target: string[]) =>
        spawnSync(
          process.execPath,
          [p4ts, 'test', program, join(stfDir as string, `${name}.stf`), '-I', join(dir, '..', 'includes'), ...target],
          { encoding: 'utf8', timeout: 300_000 },
        );
      let r = run();
      // A program Tofino 1 refuses that has a Tofino 2 branch (`#include <t2na.p4>`) is one
      // bf-p4c runs on Tofino 2 only (its Tofino 1 compile is on bf-p4c's own xfail list, as
      // large_indirect_count's 3-argument Counter): run it as Tofino 2, as tna-fit does.
      const tofino2 = r.status === 1 && /#\s*include\s*<t2na\.p4>/.test(readFileSync(program, 'utf8'));
      if (tofino2) r = run('--target', 'tofino2');
      const result = outcomeOf(r.status);
      const why = result === 'pass' ? '' : firstFailure(`${r.stdout}\n${r.stderr}`);
      outcome.set(name, { result, why: tofino2 ? `(as Tofino 2) ${why}` : why });
      assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    });
  }
});
