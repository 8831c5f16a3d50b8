import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderDiagnostic } from '../../../compiler/diagnostics/index.js';
import { run, runText } from './helpers.js';

describe('preprocessor errors', () => {
  it('a missing include names the file and every directory searched, at the #include line', () => {
    const r = run(
      { '/src/main.p4': 'x\n#include <nope.p4>\ny\n' },
      { includeDirs: ['/inc'], systemIncludeDir: '/sys' },
    );
    assert.deepEqual(r.diagnostics, [
      "/src/main.p4:2:10: error: cannot find include file 'nope.p4' (searched: /inc, /sys)",
    ]);
    assert.deepEqual(r.lines, ['x', 'y']);
  });

  it('a quoted missing include also lists the includer directory', () => {
    const r = run({ '/src/main.p4': '#include "gone.p4"\n' }, { includeDirs: ['/inc'] });
    assert.deepEqual(r.diagnostics, [
      "/src/main.p4:1:10: error: cannot find include file 'gone.p4' (searched: /src, /inc)",
    ]);
  });

  it('an include cycle without guards is reported with its chain', () => {
    const r = run({
      '/src/main.p4': '#include "a.p4"\n',
      '/src/a.p4': 'a\n#include "b.p4"\n',
      '/src/b.p4': 'b\n#include "a.p4"\n',
    });
    assert.deepEqual(r.diagnostics, ['/src/b.p4:2:10: error: #include cycle: /src/a.p4 -> /src/b.p4 -> /src/a.p4']);
    assert.deepEqual(r.lines, ['a', 'b']);
  });

  it('a file that includes itself is a cycle', () => {
    const r = run({ '/src/main.p4': '#include "main.p4"\n' });
    assert.deepEqual(r.diagnostics, ['/src/main.p4:1:10: error: #include cycle: /src/main.p4 -> /src/main.p4']);
  });

  it('#include nested more than 200 deep is an error (a chain of distinct files)', () => {
    const files: Record<string, string> = { '/src/main.p4': '#include "f1.p4"\n' };
    for (let k = 1; k <= 250; k++) files[`/src/f${k}.p4`] = `#include "f${k + 1}.p4"\n`;
    files['/src/f251.p4'] = 'bottom\n';
    const r = run(files);
    assert.deepEqual(r.diagnostics, ['/src/f200.p4:1:10: error: #include nested more than 200 levels deep']);
    assert.deepEqual(r.lines, []);
  });

  it('an unterminated #if is reported at the #if', () => {
    const r = runText('a\n#ifdef X\nb\n');
    assert.deepEqual(r.diagnostics, ['/src/main.p4:2:2: error: unterminated #ifdef']);
  });

  it('an #if opened in an included file must be closed there', () => {
    const r = run({ '/src/main.p4': '#include "h.p4"\n#endif\n', '/src/h.p4': '#if 1\n' });
    assert.deepEqual(r.diagnostics, [
      '/src/h.p4:1:2: error: unterminated #if',
      '/src/main.p4:2:2: error: #endif without #if',
    ]);
  });

  it('#else after #else is an error with a note on the first #else', () => {
    const r = runText('#if 0\n#else\na\n#else\nb\n#endif\n');
    assert.deepEqual(r.diagnostics, ['/src/main.p4:4:2: error: #else after #else']);
    assert.equal(
      renderDiagnostic(r.sink.diagnostics[0] as never),
      [
        '/src/main.p4:4:2: error: #else after #else [directive-syntax]',
        '#else',
        ' ^~~~',
        '/src/main.p4:2:2: note: the #else is here',
        '#else',
        ' ^~~~',
      ].join('\n'),
    );
    assert.deepEqual(r.lines, ['a']);
  });

  it('#elif after #else is an error', () => {
    const r = runText('#if 0\n#else\n#elif 1\n#endif\n');
    assert.deepEqual(r.diagnostics, ['/src/main.p4:3:2: error: #elif after #else']);
  });

  it('#endif, #else and #elif without #if are errors', () => {
    const r = runText('#endif\n#else\n#elif 1\n');
    assert.deepEqual(r.diagnostics, [
      '/src/main.p4:1:2: error: #endif without #if',
      '/src/main.p4:2:2: error: #else without #if',
      '/src/main.p4:3:2: error: #elif without #if',
    ]);
  });

  it('a bad #if expression is an error at the offending token, and the group is skipped', () => {
    const r = runText('#if 1 +\nyes\n#endif\n#if (2\n#endif\n#if 3 4\n#endif\n#if\n#endif\n#if "s"\n#endif\n');
    assert.deepEqual(r.diagnostics, [
      '/src/main.p4:1:7: error: invalid #if expression: missing expression',
      "/src/main.p4:4:6: error: invalid #if expression: expected ')' to close the parenthesis",
      "/src/main.p4:6:7: error: invalid #if expression: unexpected '4'",
      '/src/main.p4:8:2: error: invalid #if expression: no expression',
      `/src/main.p4:10:5: error: invalid #if expression: '"s"' is not valid in a preprocessor expression`,
    ]);
    assert.deepEqual(r.lines, []);
  });

  it('P4 width-prefixed literals are not valid in #if', () => {
    const r = runText('#if 8w1\n#endif\n');
    assert.deepEqual(r.diagnostics, [
      "/src/main.p4:1:5: error: invalid #if expression: '8w1' is not a valid integer constant",
    ]);
  });

  it('division by zero in #if is an error', () => {
    const r = runText('#if 1 / (2 - 2)\nx\n#endif\n');
    assert.deepEqual(r.diagnostics, ['/src/main.p4:1:7: error: division by zero in #if']);
  });

  it('defined without a name is an error', () => {
    const r = runText('#if defined(\n#endif\n');
    assert.deepEqual(r.diagnostics, [
      "/src/main.p4:1:5: error: invalid #if expression: 'defined' expects a macro name",
    ]);
  });

  it('a wrong number of macro arguments is an error at the macro name', () => {
    const r = runText(
      '#define F(a, b) a\n  x = F(1);\ny = F(1, 2, 3);\n#define V(a, ...) a\nV()\n#define N() n\nN(1)\n',
    );
    assert.deepEqual(r.diagnostics, [
      "/src/main.p4:2:7: error: macro 'F' requires 2 arguments, but 1 was given",
      "/src/main.p4:3:5: error: macro 'F' requires 2 arguments, but 3 were given",
      "/src/main.p4:7:1: error: macro 'N' requires 0 arguments, but 1 was given",
    ]);
    // The failed calls leave nothing behind, as with cpp.
    assert.deepEqual(r.lines, ['x = ;', 'y = ;']);
  });

  it('an unterminated macro call is an error, stopped by the next directive', () => {
    const r = runText('#define F(x) x\nF(1,\n  2\n#define G\nafter\n');
    assert.deepEqual(r.diagnostics, ["/src/main.p4:2:1: error: unterminated argument list invoking macro 'F'"]);
    assert.ok(r.lines.includes('after'));
  });

  it('#error reports its text as an error; #warning as a warning', () => {
    const r = runText('#warning  check   this\n#error unsupported target "x"\n');
    assert.deepEqual(r.diagnostics, [
      '/src/main.p4:1:2: warning: #warning check this',
      '/src/main.p4:2:2: error: #error unsupported target "x"',
    ]);
  });

  it('#error inside an included file points into that file', () => {
    const r = run({
      '/src/main.p4': '#include "tna.p4"\n',
      '/src/tna.p4': '\n#if __TARGET_TOFINO__ != 1\n  #error wrong target\n#endif\n',
    });
    assert.deepEqual(r.diagnostics, ['/src/tna.p4:3:4: error: #error wrong target']);
  });

  it('an unknown directive in an active group is a warning and its line is dropped, as p4c does', () => {
    // p4c runs cpp in assembler-with-cpp mode (the line passes through) and its lexer skips
    // lines starting with '#'; a skipped group says nothing.
    const r = runText('#includ "x"\n#if 0\n#foo\n#endif\nkept\n');
    assert.deepEqual(r.diagnostics, [
      '/src/main.p4:1:2: warning: unknown preprocessing directive #includ: the line is ignored, as p4c does',
    ]);
    assert.deepEqual(r.lines, ['kept']);
  });

  it('banners, prose and commented-out code after a # are dropped, the code around them kept', () => {
    const r = runText(
      '########\n# THIS FILE WAS GENERATED\n#define W 8\n# Choose any one\n  #hdr.ttl = W;\nbit<W> x;\n',
    );
    assert.ok(
      r.diagnostics.every((d) => d.includes(': warning: ')),
      r.diagnostics.join('\n'),
    );
    assert.equal(r.diagnostics.length, 3); // #THIS, #Choose, #hdr; `########` is no name
    assert.deepEqual(r.lines, ['bit<8> x;']);
    assert.equal(r.at('x;'), '/src/main.p4:6:8');
  });

  it('#include without a file name is an error', () => {
    const r = runText('#include\n#include nothing\n');
    assert.deepEqual(r.diagnostics, [
      '/src/main.p4:1:2: error: #include expects "FILE" or <FILE>',
      '/src/main.p4:2:10: error: #include expects "FILE" or <FILE>',
    ]);
  });

  it('bad #define forms are errors', () => {
    const r = runText(
      '#define\n#define 3\n#define F(a, a) a\n#define G(a b\n#define H(x) #y\n#define P ## x\n#define defined 1\n',
    );
    assert.deepEqual(r.diagnostics, [
      '/src/main.p4:1:2: error: #define expects a macro name',
      '/src/main.p4:2:9: error: #define expects a macro name',
      "/src/main.p4:3:14: error: invalid macro parameter list: duplicate parameter 'a'",
      "/src/main.p4:4:13: error: invalid macro parameter list: expected ',' or ')' in the parameter list of 'G'",
      "/src/main.p4:5:14: error: '#' is not followed by a macro parameter",
      "/src/main.p4:6:11: error: '##' cannot appear at either end of a macro expansion",
      "/src/main.p4:7:9: error: 'defined' cannot be used as a macro name",
    ]);
  });

  it('pasting tokens that do not form one token keeps both, as cpp does in the assembler mode p4c uses', () => {
    const r = runText('#define CAT(a, b) a ## b\nCAT(x, +)\nCAT([, 1)\n');
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(
      r.lines.map((l) => l.replace(/\s+/g, '')),
      ['x+', '[1'],
    );
  });

  it('a bad #line is an error', () => {
    const r = runText('#line 0\n#line x\n#line 5 name\n');
    assert.equal(r.diagnostics.length, 3);
    assert.match(r.diagnostics[0] ?? '', /^\/src\/main.p4:1:7: error: #line expects/);
  });

  it('redefining __LINE__ is refused with a warning', () => {
    const r = runText('#define __LINE__ 3\n__LINE__\n');
    assert.deepEqual(r.lines, ['2']);
    assert.deepEqual(r.diagnostics, [
      "/src/main.p4:1:9: warning: '__LINE__' is a builtin macro and cannot be defined or undefined",
    ]);
  });

  it('an unterminated comment is an error at its start', () => {
    const r = runText('a\n  /* never closed\nb\n');
    assert.deepEqual(r.diagnostics, ['/src/main.p4:2:3: error: unterminated comment']);
  });

  it('extra tokens after #endif and #ifdef are warnings', () => {
    const r = runText('#ifdef A B\n#endif A\n');
    assert.deepEqual(r.diagnostics, [
      '/src/main.p4:1:10: warning: extra tokens at end of #ifdef directive',
      '/src/main.p4:2:8: warning: extra tokens at end of #endif directive',
    ]);
  });

  it('errors never stop the rest of the file from being preprocessed', () => {
    const r = runText('#if 1 +\n#endif\n#include\n#define F(x) x\nF(1, 2)\nstill_here\n');
    assert.ok(r.lines.includes('still_here'));
    assert.equal(r.sink.errorCount, 3);
  });
});
