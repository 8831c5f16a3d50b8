// Every STF packet test of ours (test/packet-test/stf/cases: PROGRAM.p4 and PROGRAM-*.stf beside it) runs
// in process against its compiled program (t2*.p4 compiled for Tofino 2). A file that starts with
// `# must-fail: LINE KIND [FIELD]` must fail exactly there (and at no earlier line), naming
// that field; every other file must pass. Each program is compiled once.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DiagnosticSink, renderDiagnostics } from '../../../compiler/diagnostics/index.js';
import { architectureDriver } from '../../../packet-test/stf/engines.js';
import { type CompiledForTest, compileForTest } from '../../../packet-test/stf/load.js';
import { parseStf } from '../../../packet-test/stf/parse.js';
import { runStf } from '../../../packet-test/stf/runner.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const CASES = join(ROOT, 'test', 'packet-test', 'stf', 'cases');

const compiled = new Map<string, Promise<CompiledForTest>>();

function program(name: string): Promise<CompiledForTest> {
  let p = compiled.get(name);
  if (p === undefined) {
    p = (async () => {
      const sink = new DiagnosticSink();
      // t2*: programs for Tofino 2 (`#include <t2na.p4>`).
      const r = await compileForTest(
        join(CASES, `${name}.p4`),
        name.startsWith('t2') ? { target: 'tofino2' } : {},
        sink,
      );
      if (r === undefined) throw new Error(renderDiagnostics(sink.diagnostics, { color: false }));
      if (!r.ok) throw new Error(r.message);
      return r.value;
    })();
    compiled.set(name, p);
  }
  return p;
}

const files = readdirSync(CASES)
  .filter((f) => f.endsWith('.stf'))
  .sort();

describe('STF packet tests of our own', () => {
  test('there are at least 40 of them, both ways', () => {
    assert.ok(files.length >= 40, `${files.length} STF files`);
    assert.ok(files.filter((f) => f.includes('-fail-')).length >= 10);
  });

  for (const f of files) {
    const text = readFileSync(join(CASES, f), 'utf8');
    const mustFail = /^# must-fail: (\d+) (\w+)(?: (\S+))?/m.exec(text);
    // v1basic*: the v1model programs, psa*: PSA programs (engines.ts registers each engine).
    const arch = f.startsWith('v1') ? 'v1model' : f.startsWith('psa') ? 'psa' : 'tna';
    const skip = architectureDriver(arch).ok ? false : `no ${arch} engine in this build yet`;
    test(`${f} ${mustFail === null ? 'passes' : `fails at line ${mustFail[1]} (${mustFail[2]})`}`, {
      skip,
    }, async () => {
      const stf = parseStf(text, f);
      assert.deepEqual(stf.errors, []);
      const prog = await program(f.slice(0, f.indexOf('-')));
      const r = runStf(stf, {
        module: prog.module,
        headers: prog.headers,
        keyMasks: prog.keyMasks,
        sliceBaseWidths: prog.sliceBaseWidths,
      });
      assert.ok(!('error' in r), 'error' in r ? r.error : '');
      if (mustFail === null) {
        assert.deepEqual(
          r.failures.map((x) => `${x.line}: ${x.message}`),
          [],
        );
        assert.ok(r.expectations > 0);
        return;
      }
      const first = r.failures[0];
      assert.ok(first !== undefined, 'the test must fail');
      assert.equal(first.line, Number(mustFail[1]), first.message);
      assert.equal(first.kind, mustFail[2]);
      if (mustFail[3] !== undefined) assert.equal(`${first.field?.header}.${first.field?.field}`, mustFail[3]);
    });
  }
});
