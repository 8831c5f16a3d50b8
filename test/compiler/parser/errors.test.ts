import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maxSyntaxErrors } from '../../../compiler/parser/index.js';
import { parseText } from './helpers.js';

/** The first diagnostic as `LINE:COL: message`. */
function firstError(text: string): string | undefined {
  return parseText(text).errors[0];
}

describe('syntax errors name what was expected and what was found, where it was found', () => {
  const cases: [string, string, string][] = [
    ['a missing ; before } in a header', 'header h { bit<8> a }', "1:21: expected ';' but found '}'"],
    [
      'a missing ; after an assignment',
      'control c() {\n  apply {\n    x = 1\n  }\n}',
      "4:3: expected ';' but found '}'",
    ],
    ['a missing initializer', 'const bit<8> x = ;', "1:18: expected an expression but found ';'"],
    [
      'an else without a statement',
      'control c() { apply { if (x) { } else } }',
      "1:39: expected a statement but found '}'",
    ],
    ['the end of input inside a struct', 'struct s { bit<8> a; ', "1:21: expected '}' but found end of input"],
    [
      'a select case without ;',
      'parser p() { state start { transition select(x) { 1: accept } } }',
      "1:61: expected ';' but found '}'",
    ],
    [
      'a key element without ;',
      'control c() { table t { key = { x : exact } } apply { } }',
      "1:43: expected ';' but found '}'",
    ],
    ['an integer literal without digits', 'const bit<8> x = 0x_;', "1:18: invalid integer literal '0x_'"],
    [
      'an expression used as a statement',
      'control c() { apply { x + 1; } }',
      '1:23: expected an assignment or a method call',
    ],
    ['a character outside the language', 'const bit<8> x = 1;\n€', "2:1: unexpected character '€'"],
    [
      'a return in a parser state',
      'parser p() { state start { return; } }',
      "1:28: expected a parser statement but found 'return'",
    ],
    ['a type used as a value', 'control c<H>() { apply { x = H > 3; } }', "1:32: expected '(' but found '>'"],
    ['a call on the result of a call', 'control c() { apply { t.apply()(); } }', "1:32: expected ';' but found '('"],
    [
      'an annotation on a statement that takes none',
      'control c() { apply { @a x = 1; } }',
      "1:23: expected a declaration or a block but found 'a'",
    ],
    ['a trailing comma in an error declaration', 'error { A, B, }', "1:13: expected '}' but found ','"],
  ];
  for (const [rule, text, expected] of cases) {
    it(rule, () => assert.equal(firstError(text), expected));
  }
});

describe('error recovery', () => {
  it('reports independent errors in one run', () => {
    const { errors } = parseText('header h { bit<8> a }\nheader g { bit<8> b; }\nstruct s { bit<8> c }\n');
    assert.deepEqual(errors, ["1:21: expected ';' but found '}'", "3:21: expected ';' but found '}'"]);
  });
  it('keeps the declarations it could parse', () => {
    const { program } = parseText('header h { bit<8> a }\nheader g { bit<8> b; }\n');
    assert.ok(program.declarations.some((d) => d.kind === 'HeaderTypeDeclaration' && d.name.name === 'g'));
  });
  it(`stops after ${maxSyntaxErrors} errors with a note`, () => {
    const text = Array.from({ length: 40 }, (_, i) => `header h${i} { bit<8> a }`).join('\n');
    const { sink } = parseText(text);
    const errors = sink.diagnostics.filter((d) => d.severity === 'error');
    assert.equal(errors.length, maxSyntaxErrors);
    assert.equal(sink.diagnostics.at(-1)?.severity, 'note');
  });
  it('reports nothing at 1:1 for an expression the recovery made up (table entries outside a table)', () => {
    // NetCL's files without their includes leave a table body at the top level; the first
    // error must be where the text goes wrong, not a made-up statement at the file's start.
    const { errors } = parseText('    }\n    const entries = {\n      (0, 0) : w();\n      (_, 0) : v();\n    }\n');
    assert.ok(errors.length > 0);
    assert.deepEqual(
      errors.filter((e) => e.startsWith('1:1:')),
      [],
    );
  });
  it('points just after the last token when the input ends early', () => {
    assert.equal(firstError('control c() { apply {'), "1:22: expected '}' but found end of input");
  });
});
