import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSink, Msg, msg, renderDiagnostic } from '../../../compiler/diagnostics/index.js';
import { createSourceFile, lineColOf, lineText } from '../../../compiler/source/source-file.js';

describe('diagnostic message table', () => {
  it('every message has a unique numeric code and a kebab-case name', () => {
    const codes = new Map<number, string>();
    for (const [key, def] of Object.entries(Msg)) {
      const prev = codes.get(def.code);
      assert.equal(prev, undefined, `code ${def.code} is used by both ${prev} and ${key}`);
      codes.set(def.code, key);
      assert.match(def.name, /^[a-z]+(-[a-z0-9]+)*$/, `name of ${key}`);
    }
  });
});

describe('source positions', () => {
  it('line and column are 1-based and count characters of the line', () => {
    const f = createSourceFile('a.p4', 'ab\ncd\r\nef\rgh');
    assert.deepEqual(lineColOf(f, 0), { line: 1, col: 1 });
    assert.deepEqual(lineColOf(f, 4), { line: 2, col: 2 });
    assert.deepEqual(lineColOf(f, 7), { line: 3, col: 1 });
    assert.deepEqual(lineColOf(f, 10), { line: 4, col: 1 });
    assert.equal(lineText(f, 2), 'cd');
  });
});

describe('rendering', () => {
  const testMsg = msg(9999, 'type-error', (a: string) => `cannot assign ${a}`);

  it('prints FILE:LINE:COL, the line verbatim and a caret under the span', () => {
    const f = createSourceFile('p.p4', 'control c() {\n    x = y;\n}\n');
    const sink = new DiagnosticSink();
    const start = f.text.indexOf('y;');
    const d = sink.reportAt(testMsg, { file: f, start, end: start + 1 }, 'bit<8>');
    assert.equal(renderDiagnostic(d), 'p.p4:2:9: error: cannot assign bit<8> [type-error]\n    x = y;\n        ^');
  });

  it('copies tabs of the line prefix so the caret lines up under tabs', () => {
    const f = createSourceFile('t.p4', '\t\tfoo bar;\n');
    const sink = new DiagnosticSink();
    const start = f.text.indexOf('bar');
    const d = sink.reportAt(testMsg, { file: f, start, end: start + 3 }, 'x');
    assert.equal(renderDiagnostic(d).split('\n')[2], '\t\t    ^~~');
  });

  it('related information follows as note lines', () => {
    const f = createSourceFile('n.p4', 'a;\nb;\n');
    const sink = new DiagnosticSink();
    const d = sink.reportAt(testMsg, { file: f, start: 3, end: 4 }, 'x');
    sink.addRelated(d, { file: f, start: 0, end: 1 }, "'a' declared here");
    assert.match(renderDiagnostic(d), /\nn\.p4:1:1: note: 'a' declared here\na;\n\^$/);
  });

  it('stops recording errors past the cap but keeps the count honest up to it', () => {
    const f = createSourceFile('c.p4', 'x');
    const sink = new DiagnosticSink({ maxErrors: 3 });
    for (let i = 0; i < 10; i++) sink.reportAt(testMsg, { file: f, start: 0, end: 1 }, 'x');
    assert.equal(sink.errorCount, 3);
  });
});
