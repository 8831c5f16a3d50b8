// Opt-in conformance run over Intel's TNA example programs (open-p4studio
// `pkgsrc/p4-examples/p4_16_programs`, fetched outside the repository, never committed): set
// P4TS_INTEL_EXAMPLES to that folder. For every `test/conformance/intel/<name>.stf` (our own
// packet test, written after reading the example's test.py), `p4ts test` compiles
// `<folder>/<name>/<name>.p4` with `-I <folder>/common` and runs the STF (`<name>.tofino2.stf`:
// compiled for Tofino 2); one test per STF, and a summary line with the pass count
// (docs/tna-semantics.md, "Conformance").

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const examples = process.env.P4TS_INTEL_EXAMPLES;
// Tests run from dist/test/conformance; the STF files stay in the source tree.
const stfDir = fileURLToPath(new URL('../../../test/conformance/intel/', import.meta.url));
const p4ts = fileURLToPath(new URL('../../bin/p4ts.js', import.meta.url));

/**
 * Tofino 2 examples (t2na_*) are compiled for Tofino 2, the others for Tofino 1; an example
 * that runs on both has a second STF, `<name>.tofino2.stf`, run with the program compiled for
 * Tofino 2. Returns the example's folder name and the target.
 */
function exampleOf(stf: string): { example: string; target: string } {
  if (stf.endsWith('.tofino2')) return { example: stf.slice(0, -'.tofino2'.length), target: 'tofino2' };
  return { example: stf, target: stf.startsWith('t2na') ? 'tofino2' : 'tna' };
}

const stfs = readdirSync(stfDir)
  .filter((f) => f.endsWith('.stf'))
  .map((f) => f.slice(0, -4))
  .sort();

describe('Intel TNA examples (conformance)', {
  skip: examples === undefined ? 'set P4TS_INTEL_EXAMPLES to run' : false,
}, () => {
  const outcome = new Map<string, string>();
  after(() => {
    const passed = [...outcome.values()].filter((o) => o === 'pass').length;
    console.log(`Intel examples: ${passed}/${stfs.length} pass`);
    for (const [name, o] of outcome) console.log(`  ${o.padEnd(10)} ${name}`);
  });
  for (const name of stfs) {
    it(name, () => {
      const dir = examples as string;
      const { example, target } = exampleOf(name);
      const program = join(dir, example, `${example}.p4`);
      if (!existsSync(program)) {
        outcome.set(name, 'missing');
        assert.fail(`${program} does not exist`);
      }
      const r = spawnSync(
        process.execPath,
        [p4ts, 'test', program, join(stfDir, `${name}.stf`), '-I', join(dir, 'common'), '--target', target],
        { encoding: 'utf8', timeout: 120_000 },
      );
      // Exit codes of p4ts test: 0 pass, 1 the program does not compile, 3 an expectation failed.
      outcome.set(
        name,
        r.status === 0 ? 'pass' : r.status === 1 ? 'no-compile' : r.status === 3 ? 'fail' : `exit ${r.status}`,
      );
      assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    });
  }
});
