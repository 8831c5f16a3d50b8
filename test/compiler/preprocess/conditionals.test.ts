import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runText } from './helpers.js';

/** The value an #if expression takes, read back through the text it selects. */
function condition(expression: string, prelude = ''): string {
  const r = runText(`${prelude}#if ${expression}\nyes\n#else\nno\n#endif\n`);
  assert.deepEqual(
    r.diagnostics.filter((d) => d.includes('error')),
    [],
    `#if ${expression}`,
  );
  return r.lines.join(' ');
}

describe('conditional groups', () => {
  it('#ifdef and #ifndef test whether a macro is defined', () => {
    const r = runText(
      '#define A\n#ifdef A\na\n#endif\n#ifndef A\nnot_a\n#endif\n#ifdef B\nb\n#endif\n#ifndef B\nnot_b\n#endif\n',
    );
    assert.deepEqual(r.lines, ['a', 'not_b']);
  });

  it('#if, #elif and #else take the first true group only', () => {
    const r = runText('#define V 2\n#if V == 1\none\n#elif V == 2\ntwo\n#elif V >= 2\nalso\n#else\nother\n#endif\n');
    assert.deepEqual(r.lines, ['two']);
  });

  it('nested groups inside a skipped group are skipped, whatever they say', () => {
    const r = runText('#if 0\n#if 1\ninner\n#else\nelse\n#endif\n#error never\n#bogus\n#else\nouter_else\n#endif\n');
    assert.deepEqual(r.lines, ['outer_else']);
    assert.deepEqual(r.diagnostics, []);
  });

  it('an #elif after a taken group is not evaluated', () => {
    const r = runText('#if 1\na\n#elif 1/0\nb\n#endif\n');
    assert.deepEqual(r.lines, ['a']);
    assert.deepEqual(r.diagnostics, []);
  });

  it('skipped lines are not scanned for macros and keep the line count', () => {
    const r = runText('#if 0\n#define X 1\nX(\n#endif\nX\n');
    assert.deepEqual(r.lines, ['X']);
    assert.equal(r.result.text.split('\n')[4], 'X');
  });

  it('a comment spanning lines hides a # inside it', () => {
    const r = runText('/* start\n#error not a directive\n#define X 1\n*/\nX\n');
    assert.deepEqual(r.lines, ['/* start', '#error not a directive', '#define X 1', '*/', 'X']);
    assert.deepEqual(r.diagnostics, []);
  });

  it('a directive may follow a comment that ends on its line', () => {
    const r = runText('/* a\n*/ #define Y 1\nY\n');
    assert.deepEqual(r.lines, ['1']);
  });

  it('#pragma lines and the null directive produce nothing', () => {
    const r = runText('#pragma something here\n#\nx\n');
    assert.deepEqual(r.lines, ['x']);
    assert.deepEqual(r.diagnostics, []);
  });
});

describe('#if expressions', () => {
  it('integer arithmetic follows C precedence', () => {
    assert.equal(condition('1 + 2 * 3 == 7'), 'yes');
    assert.equal(condition('(1 + 2) * 3 == 9'), 'yes');
    assert.equal(condition('10 / 3 == 3 && 10 % 3 == 1 && -7 / 2 == -3'), 'yes');
    assert.equal(condition('1 << 4 == 16 && 256 >> 4 == 16'), 'yes');
    assert.equal(condition('(6 & 3) == 2 && (6 | 3) == 7 && (6 ^ 3) == 5 && ~0 == -1'), 'yes');
    assert.equal(condition('!0 && !!5 && 3 > 2 && 2 >= 2 && 1 < 2 && 2 <= 2 && 1 != 2'), 'yes');
  });

  it('?: picks a branch, and only the taken one is evaluated', () => {
    assert.equal(condition('(1 ? 5 : 1/0) == 5'), 'yes');
    assert.equal(condition('0 ? 1 : 0'), 'no');
  });

  it('&& and || short-circuit, so 1 || 1/0 is fine', () => {
    assert.equal(condition('1 || 1/0'), 'yes');
    assert.equal(condition('0 && 1/0'), 'no');
  });

  it('defined X and defined(X) test macros without expanding them', () => {
    const prelude = '#define A B\n';
    assert.equal(condition('defined A && defined(A) && !defined B && !defined(B)', prelude), 'yes');
  });

  it('identifiers left after expansion are 0', () => {
    assert.equal(condition('UNKNOWN'), 'no');
    assert.equal(condition('UNKNOWN == 0'), 'yes');
    assert.equal(condition('true'), 'no');
  });

  it('integer suffixes, hex, octal and binary literals are read', () => {
    assert.equal(condition('1UL + 0x10 + 010 + 0b11 + 2ll == 30'), 'yes');
  });

  it('numbers are 64-bit: unsigned comparison and wrap-around as in cpp', () => {
    assert.equal(condition('-1 < 0'), 'yes');
    assert.equal(condition('-1 < 0u'), 'no');
    assert.equal(condition('0xffffffffffffffff == -1'), 'yes');
    assert.equal(condition('9223372036854775807 + 1 < 0'), 'yes');
  });

  it('macros in the expression are expanded, including function-like ones', () => {
    assert.equal(condition('VERSION(1, 2) >= 0x0102', '#define VERSION(a, b) ((a) << 8 | (b))\n'), 'yes');
  });

  it('a comma expression takes its last operand', () => {
    assert.equal(condition('(0, 1)'), 'yes');
  });
});

describe('#line', () => {
  it('#line renumbers the following lines for __LINE__', () => {
    const r = runText('a\n#line 100\nb __LINE__\nc __LINE__\n');
    assert.deepEqual(r.lines, ['a', 'b 100', 'c 101']);
  });

  it('#line with a file name changes __FILE__', () => {
    const r = runText('#line 7 "other.p4"\n__FILE__ __LINE__\n');
    assert.deepEqual(r.lines, ['"other.p4" 7']);
  });

  it('a GCC line marker works like #line', () => {
    const r = runText('# 40 "gen.p4" 1\nx __LINE__\n');
    assert.deepEqual(r.lines, ['x 40']);
  });
});
