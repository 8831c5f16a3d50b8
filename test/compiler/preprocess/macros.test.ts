import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runText } from './helpers.js';

describe('object-like macros', () => {
  it('a macro name is replaced by its body', () => {
    const r = runText('#define WIDTH 32\nbit<WIDTH> x;\n');
    assert.deepEqual(r.lines, ['bit<32> x;']);
    assert.deepEqual(r.diagnostics, []);
  });

  it('a body is rescanned, so macros nest', () => {
    const r = runText('#define A B + 1\n#define B C * 2\n#define C 7\nA;\n');
    assert.deepEqual(r.lines, ['7 * 2 + 1;']);
  });

  it('a macro that names itself is painted blue and expands once', () => {
    const r = runText('#define foo foo + 1\n#define a b\n#define b a\nfoo; a; b;\n');
    assert.deepEqual(r.lines, ['foo + 1; a; b;']);
  });

  it('macros are not expanded inside string literals or comments', () => {
    const r = runText('#define X 1\n"X" /* X */ // X\nX\n');
    assert.deepEqual(r.lines, ['"X" /* X */ // X', '1']);
  });

  it('#undef removes a macro', () => {
    const r = runText('#define X 1\nX\n#undef X\nX\n');
    assert.deepEqual(r.lines, ['1', 'X']);
  });

  it('an identical redefinition is silent; a different one warns and wins', () => {
    const same = runText('#define X (1 + 2)\n#define X (1 + 2)\nX\n');
    assert.deepEqual(same.diagnostics, []);
    const different = runText('#define X 1\n#define X 2\nX\n');
    assert.deepEqual(different.lines, ['2']);
    assert.deepEqual(different.diagnostics, ["/src/main.p4:2:9: warning: 'X' redefined"]);
    assert.equal(different.sink.diagnostics[0]?.related.length, 1);
  });

  it('an empty macro expands to nothing', () => {
    const r = runText('#define NOTHING\na NOTHING b\n');
    assert.deepEqual(r.lines, ['a  b']);
  });

  it('a line continuation joins a definition over several lines', () => {
    const r = runText('#define SUM(a, b) \\\n  ((a) + \\\n   (b))\nSUM(1, 2)\nnext\n');
    assert.deepEqual(r.lines, ['((1) + (2))', 'next']);
    // Line structure is kept: `next` is still on line 5 of the output.
    assert.equal(r.result.text.split('\n')[4], 'next');
  });
});

describe('function-like macros', () => {
  it('arguments replace parameters', () => {
    const r = runText('#define MAX(a, b) ((a) > (b) ? (a) : (b))\nMAX(x, 3)\n');
    assert.deepEqual(r.lines, ['((x) > (3) ? (x) : (3))']);
  });

  it('commas inside nested parentheses do not split arguments', () => {
    const r = runText('#define FIRST(a, b) a\nFIRST(f(1, 2), g(3))\n');
    assert.deepEqual(r.lines, ['f(1, 2)']);
  });

  it('a function-like macro name without ( is not expanded', () => {
    const r = runText('#define F(x) [x]\nF; F (1); F\n(2)\n');
    assert.deepEqual(r.lines, ['F; [1]; [2]']);
  });

  it('#define F (x) is object-like because of the space', () => {
    const r = runText('#define F (x)\nF(1)\n');
    assert.deepEqual(r.lines, ['(x)(1)']);
  });

  it('an invocation may span lines and later lines keep their numbers', () => {
    const r = runText('#define F(a, b) a + b\nF(1,\n  2)\nafter\n');
    const out = r.result.text.split('\n');
    assert.equal(out[1], '1 + 2');
    assert.equal(out[3], 'after');
  });

  it('arguments are expanded before substitution and the result is rescanned', () => {
    const r = runText('#define ONE 1\n#define ID(x) x\n#define TWICE(f, x) f(f(x))\nTWICE(ID, ONE)\n');
    assert.deepEqual(r.lines, ['1']);
  });

  it('a macro reached again through its own expansion is painted blue (C11 6.10.3.4)', () => {
    const r = runText('#define f(x) x * g\n#define g f\nf(2)(9)\n#define f2(a) a*g2\n#define g2(a) f2(a)\nf2(2)(9)\n');
    // As GCC: the object-like g yields an f that is already hidden; the function-like g2 does not.
    assert.deepEqual(r.lines, ['2 * f(9)', '2*9*g2']);
  });

  it('# turns an argument into a string literal, escaping quotes and backslashes', () => {
    const r = runText('#define STR(x) #x\nSTR( a   +  "b\\n" ) STR()\n');
    assert.deepEqual(r.lines, ['"a + \\"b\\\\n\\"" ""']);
  });

  it('## pastes tokens; an empty argument is a placemarker', () => {
    const r = runText('#define CAT(a, b) a ## b\nCAT(ig_, md) CAT(, x) CAT(y, ) CAT(8w, 5)\n');
    assert.deepEqual(r.lines, ['ig_md x y 8w5']);
  });

  it('a pasted name is expanded when rescanned; arguments of ## are not pre-expanded', () => {
    const r = runText('#define AB done\n#define A 1\n#define CAT(a, b) a ## b\nCAT(A, B) CAT(A, A)\n');
    assert.deepEqual(r.lines, ['done AA']);
  });

  it('two-level stringizing expands the argument first', () => {
    const r = runText('#define S(x) #x\n#define XS(x) S(x)\n#define V 42\nS(V) XS(V)\n');
    assert.deepEqual(r.lines, ['"V" "42"']);
  });

  it('variadic macros take __VA_ARGS__ and named variadic parameters', () => {
    const r = runText(
      '#define LOG(fmt, ...) log(fmt, __VA_ARGS__)\n#define G(args...) g(args)\n#define E(fmt, ...) e(fmt, ## __VA_ARGS__)\nLOG("a", 1, 2) G(3, 4) E("x") E("y", 5)\n',
    );
    assert.deepEqual(r.lines, ['log("a", 1, 2) g(3, 4) e("x") e("y", 5)']);
  });

  it('a variadic macro may be called without its variable arguments', () => {
    const r = runText('#define V(a, ...) [a|__VA_ARGS__]\nV(1)\n');
    assert.deepEqual(r.lines, ['[1|]']);
    assert.deepEqual(r.diagnostics, []);
  });

  it('__LINE__ and __FILE__ give the current line and file', () => {
    const r = runText('\n\nx = __LINE__; f = __FILE__;\n#define HERE __LINE__\nHERE\n');
    assert.deepEqual(r.lines, ['x = 3; f = "/src/main.p4";', '5']);
  });

  it('macros do not paste neighbouring tokens together', () => {
    const r = runText('#define PLUS +\n#define NEG -1\na PLUS+b; -NEG; x PLUS PLUS y\n');
    assert.deepEqual(r.lines, ['a + +b; - -1; x + + y']);
  });

  it('P4 operators in a macro body keep their spelling', () => {
    const r = runText('#define MASKED(v, m) v &&& m\n#define SAT(a, b) a |+| b\nMASKED(1, 0xff) SAT(x, y) bit<8>>\n');
    assert.deepEqual(r.lines, ['1 &&& 0xff x |+| y bit<8>>']);
  });

  it('an expansion bomb stops at the token limit instead of running out of memory', () => {
    let text = '#define M0 x x\n';
    for (let k = 1; k <= 22; k++) text += `#define M${k} M${k - 1} M${k - 1}\n`;
    const r = runText(`${text}M22\n`);
    assert.match(r.diagnostics.join('\n'), /macro expansion produces more than 200000 tokens/);
  });
});

describe('line continuations', () => {
  const text = '#define WIDTH 32\nbit<WID\\\nTH> x; a \\\n b;\n"str\\\ning" end\n// comment \\\n continued\nlast\n';

  it('a backslash-newline joins lines anywhere, even inside a name or a string', () => {
    const r = runText(text);
    const flat = r.result.text.replace(/\s+/g, ' ');
    assert.match(flat, /bit<32 > x; a b; "string" end/);
    assert.deepEqual(r.diagnostics, []);
  });

  it('a continued line comment stays out of the code, and the line count is kept', () => {
    const r = runText(text);
    assert.ok(!r.result.text.includes('continued'), r.result.text);
    assert.equal(r.result.text.split('\n').length, text.split('\n').length);
    assert.equal(r.at('last'), '/src/main.p4:9:1');
  });

  // Rule (docs/p4-sources.md): spaces or tabs between the backslash and the newline still continue the line, as in cpp.
  it('a backslash followed by trailing spaces still continues a #define', () => {
    const r = runText('#define ADD(a, b) \\   \n    ((a) + (b))\nADD(1, 2);\n#define T \\\t\r\n 7\nT;\nend\n');
    assert.deepEqual(r.lines, ['((1) + (2));', '7;', 'end']);
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.at('end'), '/src/main.p4:7:1');
  });

  it('trailing spaces after a backslash in a line comment continue the comment', () => {
    const r = runText('x; // note \\  \nstill comment\ny;\n');
    assert.ok(!r.result.text.includes('still'), r.result.text);
    assert.equal(r.at('y'), '/src/main.p4:3:1');
  });
});
