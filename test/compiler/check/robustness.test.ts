// No input reaches a crash: mutated versions of the positive programs (a line dropped, a name
// changed, a number made huge) either check or produce diagnostics, and lowering a program
// that checked never throws.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { checkProgram } from '../../../compiler/check/index.js';
import { DiagnosticSink } from '../../../compiler/diagnostics/index.js';
import { lowerToIr } from '../../../compiler/ir/index.js';
import { parseP4 } from '../../../compiler/parser/index.js';
import { preprocessText, targetDefines } from '../../../compiler/preprocess/index.js';

const positive = fileURLToPath(new URL('../../../../test/compiler/check/positive/', import.meta.url));
const sources = readdirSync(positive)
  .filter((f) => f.endsWith('.p4'))
  .map((f) => readFileSync(positive + f, 'utf8'));

function mutate(src: string, line: number, how: number): string {
  const lines = src.split('\n');
  const i = line % lines.length;
  const text = lines[i] ?? '';
  if (how === 0) lines.splice(i, 1);
  else if (how === 1) lines[i] = text.replace(/\b[a-z_]\w*\b/, 'zz');
  else if (how === 2) lines[i] = text.replace(/\d+/, '999999999999999999999');
  else lines[i] = text.replace(/bit<\d+>/, 'bool');
  return lines.join('\n');
}

describe('robustness', () => {
  it('a mutated program gives diagnostics, never an exception', () => {
    fc.assert(
      fc.property(fc.nat(sources.length - 1), fc.nat(10_000), fc.nat(3), (which, line, how) => {
        const src = mutate(sources[which] as string, line, how);
        const sink = new DiagnosticSink();
        const pp = preprocessText('mutant.p4', src, { defines: targetDefines('v1model') }, sink);
        sink.setSourceMap(pp.sourceMap);
        const ast = parseP4(pp.text, sink);
        if (sink.hasErrors()) return; // the compiler never checks a tree with syntax errors
        const checked = checkProgram(ast, sink);
        if (!sink.hasErrors()) assert.equal(lowerToIr(checked).kind, 'Program');
      }),
      { numRuns: 150, seed: 4242 },
    );
  });
});
