// The negative and positive P4 programs under test/compiler/check/: every negative program
// states its rule on the first line and its diagnostics as `// expect: LINE name`; every
// positive program checks without errors or warnings.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCheck } from './helpers.js';

// Tests run from dist/; the programs stay in the source tree.
const here = fileURLToPath(new URL('../../../../test/compiler/check/', import.meta.url));

function programs(folder: string): { name: string; path: string; text: string }[] {
  const dir = here + folder;
  return readdirSync(dir)
    .filter((f) => f.endsWith('.p4'))
    .sort()
    .map((f) => ({ name: f, path: `${dir}/${f}`, text: readFileSync(`${dir}/${f}`, 'utf8') }));
}

describe('negative programs: one diagnostic per kind of error, on the right line', () => {
  for (const p of programs('negative')) {
    const rule = /^\/\/ Rule: (.*)$/m.exec(p.text)?.[1] ?? p.name;
    it(`${rule} (${p.name})`, () => {
      const expected = [...p.text.matchAll(/^\/\/ expect: (\d+) ([a-z-]+)$/gm)].map((m) => ({
        line: Number(m[1]),
        name: m[2] as string,
      }));
      assert.ok(expected.length > 0, 'a negative program states what it expects');
      const run = runCheck(p.text, p.name);
      const got = run.found.filter((d) => d.name !== 'no-main').map(({ line, name }) => ({ line, name }));
      assert.deepEqual(got, expected, run.rendered);
    });
  }
});

describe('positive programs check clean', () => {
  for (const p of programs('positive')) {
    it(p.name, () => {
      const run = runCheck(p.text, p.name);
      assert.deepEqual(
        run.found.filter((d) => d.name !== 'no-main'),
        [],
        run.rendered,
      );
    });
  }
});
