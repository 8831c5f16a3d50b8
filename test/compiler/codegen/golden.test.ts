// Golden tests of generated code: small programs compiled with a fixed runtime import and
// compared, character for character, with the baselines in test/compiler/codegen/baselines/
// (readable JavaScript, reviewed like any source). `UPDATE_BASELINES=1` rewrites them. Also:
// compiling twice gives the same bytes (declaration order, never hash order).

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { compileFile } from '../../../compiler/compile.js';
import { DiagnosticSink, renderDiagnostics } from '../../../compiler/diagnostics/index.js';
import { ROOT } from './helpers.js';

const BASELINES = join(ROOT, 'test', 'compiler', 'codegen', 'baselines');
const PROGRAMS: Record<string, string> = {
  'engine-fixture': join(ROOT, 'test', 'runtime', 'fixtures', 'engine-fixture.p4'),
  semantics: join(ROOT, 'test', 'compiler', 'codegen', 'p4', 'semantics.p4'),
};

function generate(file: string): { js: string; p4info: string } {
  const sink = new DiagnosticSink();
  const r = compileFile(file, { runtimeImport: 'p4ts/runtime', targetChecks: false }, sink);
  if (r?.pipeline === undefined) throw new Error(renderDiagnostics(sink.diagnostics, { color: false }));
  return { js: r.pipeline.pipelineJs, p4info: `${JSON.stringify(r.pipeline.p4info, null, 2)}\n` };
}

describe('generated code baselines', () => {
  for (const [name, file] of Object.entries(PROGRAMS)) {
    test(`${name}: pipeline.js and p4info.json match the baselines`, () => {
      const out = generate(file);
      const files = { [`${name}.pipeline.js`]: out.js, [`${name}.p4info.json`]: out.p4info };
      for (const [f, text] of Object.entries(files)) {
        const path = join(BASELINES, f);
        if (process.env.UPDATE_BASELINES === '1' || !existsSync(path)) {
          mkdirSync(BASELINES, { recursive: true });
          writeFileSync(path, text);
          if (process.env.UPDATE_BASELINES !== '1')
            assert.fail(`${f}: no baseline yet; wrote one, review it and run again`);
        }
        assert.equal(text, readFileSync(path, 'utf8'), `${f} differs from its baseline (UPDATE_BASELINES=1 to accept)`);
      }
    });
  }

  test('compiling the same program twice gives identical output', () => {
    const a = generate(join(ROOT, 'p4', 'netmigrate.p4'));
    const b = generate(join(ROOT, 'p4', 'netmigrate.p4'));
    assert.equal(a.js, b.js);
    assert.equal(a.p4info, b.p4info);
  });
});
