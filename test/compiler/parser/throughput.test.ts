import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSink } from '../../../compiler/diagnostics/diagnostic.js';
import { parseP4 } from '../../../compiler/parser/index.js';
import { readProgram } from './helpers.js';

/** A large program made of our test programs, each repeated with renamed declarations. */
function largeProgram(copies: number): string {
  const parts: string[] = [];
  for (let i = 0; i < copies; i++) {
    const suffix = `_${i}`;
    // Rename every declared identifier-like word that could clash by suffixing C and P.
    parts.push(readProgram('expressions.p4').replace(/\b(C|h_t|s_t|hs_t|e_t|n_t|Checker|twice|G)\b/g, `$1${suffix}`));
  }
  return parts.join('\n');
}

describe('throughput (reported, not judged)', () => {
  it('parses a large program and reports lines per second', (t) => {
    const text = largeProgram(25);
    const lines = text.split('\n').length;
    const first = new DiagnosticSink();
    parseP4(text, first);
    assert.equal(first.diagnostics.length, 0);
    for (let i = 0; i < 5; i++) parseP4(text, new DiagnosticSink());
    const runs = 10;
    const start = performance.now();
    for (let i = 0; i < runs; i++) parseP4(text, new DiagnosticSink());
    const ms = (performance.now() - start) / runs;
    t.diagnostic(
      `${lines} lines in ${ms.toFixed(1)} ms warm: ${Math.round((lines / ms) * 1000)} lines/s (node ${process.version})`,
    );
  });
});
