// The compiler's public API (compiler/index.ts, the package's main export): what a user calls
// to compile or check a program and to read its diagnostics, without reaching into phases.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  type CheckResult,
  type CompileResult,
  checkFile,
  compileFile,
  DiagnosticSink,
  renderDiagnostics,
} from '../../compiler/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const example = join(root, 'p4/examples/tna-l2l3.p4');
const includeDirs = [join(root, 'p4/include')];
const tmp = mkdtempSync(join(tmpdir(), 'p4ts-api-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('compiler public API', () => {
  it('compileFile generates the pipeline module and p4info of a TNA program', () => {
    const sink = new DiagnosticSink();
    const r: CompileResult | undefined = compileFile(example, { includeDirs }, sink);
    assert.equal(sink.hasErrors(), false, renderDiagnostics(sink.diagnostics));
    assert.ok(r?.pipeline !== undefined);
    assert.equal(r.target, 'tna');
    assert.match(r.pipeline.pipelineJs, /export function create|create\(/);
    assert.ok(Array.isArray((r.pipeline.p4info as { tables?: unknown }).tables));
  });

  it('checkFile checks without generating code', () => {
    const sink = new DiagnosticSink();
    const r: CheckResult | undefined = checkFile(example, { includeDirs }, sink);
    assert.ok(r !== undefined);
    assert.equal(r.program, 'tna-l2l3');
    assert.equal('pipeline' in r, false);
  });

  it('a program with errors gives undefined and FILE:LINE:COL diagnostics', () => {
    const bad = join(tmp, 'bad.p4');
    writeFileSync(bad, '#include <core.p4>\ncontrol C() {\n  apply { undefined_thing = 1; }\n}\n');
    const sink = new DiagnosticSink();
    assert.equal(checkFile(bad, { includeDirs, target: 'tna' }, sink), undefined);
    assert.ok(sink.hasErrors());
    assert.match(renderDiagnostics(sink.diagnostics), /bad\.p4:3:\d+: error: /);
  });
});
