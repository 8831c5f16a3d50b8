// Test helpers for the type checker: run preprocess, parse and check on P4 text and compare
// the diagnostics by line and name (expectDiagnostics), as Langium's expectError does.

import assert from 'node:assert/strict';
import { type CheckedProgram, checkProgram } from '../../../compiler/check/index.js';
import { DiagnosticSink, renderDiagnostics } from '../../../compiler/diagnostics/index.js';
import { parseP4 } from '../../../compiler/parser/index.js';
import { preprocessText, targetDefines } from '../../../compiler/preprocess/index.js';
import { lineColOf } from '../../../compiler/source/source-file.js';

export interface CheckRun {
  readonly checked: CheckedProgram | undefined;
  readonly sink: DiagnosticSink;
  /** Errors and warnings in the root file: line and name. */
  readonly found: { line: number; name: string; severity: string; message: string }[];
  readonly rendered: string;
}

/**
 * Preprocesses (our p4/include on the system path, with the target's predefined macros when
 * the source includes tna.p4), parses and checks `src` as file `path`.
 */
export function runCheck(src: string, path = 'test.p4'): CheckRun {
  const sink = new DiagnosticSink();
  const defines = src.includes('<tna.p4>') ? targetDefines('tna') : targetDefines('v1model');
  const pp = preprocessText(path, src, { defines }, sink);
  sink.setSourceMap(pp.sourceMap);
  const ast = parseP4(pp.text, sink);
  const syntax = sink.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(
    syntax.map((d) => d.message),
    [],
    `no syntax errors expected:\n${renderDiagnostics(syntax)}`,
  );
  const checked = checkProgram(ast, sink);
  const found = sink.diagnostics
    .filter((d) => d.severity !== 'note')
    .map((d) => ({
      line: d.loc === undefined ? 0 : lineColOf(d.loc.file, d.loc.start).line,
      name: d.name,
      severity: d.severity,
      message: d.message,
      file: d.loc?.file.path,
    }))
    .filter((d) => d.file === path)
    .map(({ file: _file, ...rest }) => rest);
  return { checked, sink, found, rendered: renderDiagnostics(sink.diagnostics) };
}

/** The program has exactly these errors and warnings (in order), besides a missing `main`. */
export function expectDiagnostics(src: string, expected: { line: number; name: string }[], path?: string): CheckRun {
  const run = runCheck(src, path);
  const got = run.found.filter((d) => d.name !== 'no-main').map(({ line, name }) => ({ line, name }));
  assert.deepEqual(got, expected, `diagnostics:\n${run.rendered}`);
  return run;
}

export function expectClean(src: string, path?: string): CheckRun {
  return expectDiagnostics(src, [], path);
}
