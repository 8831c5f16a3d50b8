import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DiagnosticSink } from '../../../compiler/diagnostics/index.js';
import { preprocessText } from '../../../compiler/preprocess/index.js';
import { run, runText } from './helpers.js';

// Text with no directives, no continuations and no macro names (lowercase words only).
const plainText = fc
  .array(
    fc.constantFrom(
      'a',
      'b',
      'x1',
      ' ',
      '\t',
      '\n',
      '\r\n',
      '/*',
      '*/',
      '//',
      '"',
      '(',
      ')',
      ',',
      ';',
      '{',
      '}',
      '<',
      '>',
      '+',
      '8w5',
      '0x1f',
      '.',
      '@',
      'é',
      '😀',
    ),
    {
      maxLength: 200,
    },
  )
  .map((parts) => parts.join(''));

const directiveSoupLine = fc.constantFrom(
  '#define A B',
  '#define B 1',
  '#define F(x, y) x ## y + #x',
  '#define G(...) [__VA_ARGS__]',
  '#define A(x) A x',
  '#undef A',
  '#if A',
  '#if F(1,',
  '#ifdef B',
  '#ifndef F',
  '#elif 1/0',
  '#elif defined(A)',
  '#else',
  '#endif',
  '#include "x.p4"',
  '#include <y.p4>',
  '#include',
  '#line 9 "z.p4"',
  '#line',
  '#pragma once',
  '#error boom',
  '#warning hey',
  '#',
  '#bogus',
  '# 3 "m.p4"',
  'A F(1, 2) G() G(a, b)',
  'F(',
  ')',
  ',',
  'F',
  '(',
  '/* open',
  'close */',
  '"str A',
  '__LINE__ __FILE__',
  'plain text;',
  'x \\',
  '',
  '((((((((((',
);
const directiveSoup = fc.array(directiveSoupLine, { maxLength: 40 }).map((lines) => lines.join('\n'));

/** Every offset resolves to a place inside a real file. */
function assertResolvable(result: ReturnType<typeof preprocessText>): void {
  const length = result.text.length;
  const step = Math.max(1, Math.floor(length / 200));
  for (let offset = 0; offset <= length; offset += step) {
    const { loc } = result.sourceMap.resolve({ start: offset, end: Math.min(length, offset + 3) });
    assert.ok(loc.start >= 0 && loc.start <= loc.end && loc.end <= loc.file.text.length, `offset ${offset}`);
  }
}

describe('preprocessor properties', () => {
  it('a program without directives passes through unchanged and every offset maps to itself', () => {
    fc.assert(
      fc.property(plainText, (text) => {
        const r = runText(text);
        assert.equal(r.result.text, text);
        for (let offset = 0; offset <= text.length; offset++) {
          const { loc } = r.result.sourceMap.resolve({ start: offset, end: offset });
          assert.equal(loc.file.path, '/src/main.p4');
          assert.equal(loc.start, offset);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a skipped group becomes blank lines, however it is written', () => {
    fc.assert(
      fc.property(plainText, (text) => {
        const safe = text.replace(/\/\*/g, '/ *').replace(/\r/g, '');
        const r = runText(`#if 0\n${safe}\n#endif\nend\n`);
        assert.equal(r.result.text, `${'\n'.repeat(safe.split('\n').length + 2)}end\n`);
      }),
    );
  });

  it('without #include, preprocessing keeps the number of lines', () => {
    fc.assert(
      fc.property(directiveSoup, (soup) => {
        const text = soup.replace(/#include.*|\\/g, '');
        const r = runText(text);
        assert.equal(r.result.text.split('\n').length, text.split('\n').length);
      }),
      { numRuns: 300 },
    );
  });

  it('an object-like macro over plain text resolves its expansion to each use site', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'M', ' ', '\n', ';'), { maxLength: 60 }), (parts) => {
        const text = parts.join(' ');
        const r = runText(`#define M expanded\n${text}`);
        const body = `\n${text}`;
        let searchFrom = 0;
        let sourceFrom = 0;
        for (;;) {
          const at = r.result.text.indexOf('expanded', searchFrom);
          if (at < 0) break;
          const use = body.indexOf('M', sourceFrom);
          const origin = r.result.sourceMap.resolve({ start: at, end: at + 8 });
          assert.equal(origin.loc.start, '#define M expanded'.length + use);
          assert.equal(origin.macro?.name, 'M');
          searchFrom = at + 1;
          sourceFrom = use + 1;
        }
      }),
    );
  });
});

describe('preprocessor fuzzing', () => {
  it('random bytes never throw and always resolve', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const text = Buffer.from(bytes).toString('latin1');
        const result = preprocessText(
          '/f.p4',
          text,
          { readFile: () => undefined, systemIncludeDir: null },
          new DiagnosticSink(),
        );
        assertResolvable(result);
      }),
      { numRuns: 500 },
    );
  });

  it('random directive soup, with includes that loop, never throws', () => {
    fc.assert(
      fc.property(directiveSoup, directiveSoup, directiveSoup, (main, x, y) => {
        const r = run(
          { '/src/main.p4': main, '/src/x.p4': `${x}\n#include "main.p4"\n`, '/src/y.p4': y },
          {
            includeDirs: ['/src'],
          },
        );
        assertResolvable(r.result);
      }),
      { numRuns: 400 },
    );
  });

  it('deep nesting of parentheses and macro arguments does not exhaust the stack', () => {
    const parens = 20_000;
    const r = runText(`#if ${'('.repeat(parens)}1${')'.repeat(parens)}\nok\n#endif\n`);
    assert.ok(r.diagnostics.every((d) => d.includes('nested too deeply')));
    const calls = 200;
    const nested = runText(`#define F(x) x\n${'F('.repeat(calls)}1${')'.repeat(calls)}\n`);
    assert.deepEqual(nested.lines, ['1']);
    const absurd = 5_000;
    const bounded = runText(`#define F(x) x\n${'F('.repeat(absurd)}1${')'.repeat(absurd)}\n`);
    assert.match(bounded.diagnostics.join('\n'), /macro expansion produces more than/);
  });
});
