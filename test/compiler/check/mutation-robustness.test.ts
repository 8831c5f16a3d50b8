// The checker never throws, whatever it is given: token-level mutations of valid programs (a
// token deleted, a line duplicated, two identifiers swapped) end in diagnostics, in bounded
// time. As in the CLI, only trees without syntax errors are checked (the parser's recovered
// trees are not well-formed ASTs); a good share of mutants must reach the checker.

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

const root = fileURLToPath(new URL('../../../../', import.meta.url));

/** Our positive programs, the examples and NetMigrate, each kept at its path (for its includes). */
const programs = [
  ...['test/compiler/check/positive/', 'p4/examples/'].flatMap((dir) =>
    readdirSync(root + dir)
      .filter((f) => f.endsWith('.p4'))
      .sort()
      .map((f) => root + dir + f),
  ),
  `${root}p4/netmigrate.p4`,
].map((path) => ({ path, text: readFileSync(path, 'utf8') }));

const tokenPattern = /[A-Za-z_]\w*|\d\w*|&&&|\.\.|[<>=!&|+-]=|<<|>>|&&|\|\||\S/g;
const identifier = /^[A-Za-z_]\w*$/;

interface Token {
  readonly start: number;
  readonly text: string;
}

function tokensOf(text: string): Token[] {
  return [...text.matchAll(tokenPattern)].map((m) => ({ start: m.index ?? 0, text: m[0] }));
}

type Mutation =
  | { readonly kind: 'deleteToken'; readonly at: number }
  | { readonly kind: 'duplicateLine'; readonly at: number }
  | { readonly kind: 'swapIdentifiers'; readonly a: number; readonly b: number };

function applyMutation(text: string, m: Mutation): string {
  switch (m.kind) {
    case 'deleteToken': {
      const tokens = tokensOf(text);
      const t = tokens[m.at % tokens.length] as Token;
      return text.slice(0, t.start) + text.slice(t.start + t.text.length);
    }
    case 'duplicateLine': {
      const lines = text.split('\n');
      const i = m.at % lines.length;
      lines.splice(i, 0, lines[i] ?? '');
      return lines.join('\n');
    }
    case 'swapIdentifiers': {
      const ids = tokensOf(text).filter((t) => identifier.test(t.text));
      const x = ids[m.a % ids.length] as Token;
      const y = ids[m.b % ids.length] as Token;
      const [first, second] = x.start <= y.start ? [x, y] : [y, x];
      if (first.start === second.start) return text;
      return (
        text.slice(0, first.start) +
        second.text +
        text.slice(first.start + first.text.length, second.start) +
        first.text +
        text.slice(second.start + second.text.length)
      );
    }
  }
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('deleteToken' as const), at: fc.nat(100_000) }),
  fc.record({ kind: fc.constant('duplicateLine' as const), at: fc.nat(100_000) }),
  fc.record({ kind: fc.constant('swapIdentifiers' as const), a: fc.nat(100_000), b: fc.nat(100_000) }),
);

/** The front end as the CLI runs it: the checker (and lowering) only after a clean parse. */
function runAll(path: string, text: string): { sink: DiagnosticSink; checked: boolean } {
  const sink = new DiagnosticSink();
  const defines = text.includes('tna.p4') ? targetDefines('tna') : targetDefines('v1model');
  const pp = preprocessText(path, text, { defines }, sink);
  sink.setSourceMap(pp.sourceMap);
  const ast = parseP4(pp.text, sink);
  if (sink.hasErrors()) return { sink, checked: false };
  const checked = checkProgram(ast, sink);
  if (!sink.hasErrors()) assert.equal(lowerToIr(checked).kind, 'Program');
  return { sink, checked: true };
}

describe('mutated programs', () => {
  it('every unmutated program checks without errors (the mutations start from valid code)', () => {
    for (const p of programs) assert.equal(runAll(p.path, p.text).sink.errorCount, 0, p.path);
  });

  it('a deleted token, a duplicated line or two swapped identifiers give diagnostics, never an exception, in bounded time', () => {
    let slowest = 0;
    let runs = 0;
    let checkedRuns = 0;
    fc.assert(
      fc.property(fc.nat(programs.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 }), (which, ms) => {
        const p = programs[which] as { path: string; text: string };
        const text = ms.reduce(applyMutation, p.text);
        const started = performance.now();
        const { sink, checked } = runAll(p.path, text);
        const elapsed = performance.now() - started;
        runs++;
        if (checked) checkedRuns++;
        slowest = Math.max(slowest, elapsed);
        for (const d of sink.diagnostics)
          assert.ok(d.message.length > 0 && !d.message.includes('undefined'), d.message);
        assert.ok(elapsed < 5000, `${elapsed.toFixed(0)} ms on a mutant of ${p.path}`);
      }),
      { numRuns: 200, seed: 20260 },
    );
    assert.ok(slowest < 5000);
    assert.ok(checkedRuns >= runs / 5, `only ${checkedRuns} of ${runs} mutants parsed and reached the checker`);
  });
});
