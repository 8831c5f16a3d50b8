import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatLocation } from '../../../compiler/diagnostics/index.js';
import { run, runText } from './helpers.js';

describe('origin map', () => {
  it('text of the root file resolves to its own line and column', () => {
    const r = runText('#define X 1\ncontrol C() {\n    apply { }\n}\n');
    assert.equal(r.at('control'), '/src/main.p4:2:1');
    assert.equal(r.at('apply'), '/src/main.p4:3:5');
  });

  it('text of an included file resolves to that file, at any depth', () => {
    const r = run({
      '/src/main.p4': 'top\n#include "a.p4"\nbottom\n',
      '/src/a.p4': '\n  in_a\n#include "sub/b.p4"\nafter_b\n',
      '/src/sub/b.p4': '#define Q 1\n\n\n    in_b\n',
    });
    assert.equal(r.at('top'), '/src/main.p4:1:1');
    assert.equal(r.at('in_a'), '/src/a.p4:2:3');
    assert.equal(r.at('in_b'), '/src/sub/b.p4:4:5');
    assert.equal(r.at('after_b'), '/src/a.p4:4:1');
    assert.equal(r.at('bottom'), '/src/main.p4:3:1');
  });

  it('text from a macro body resolves to the use site and names the macro and its definition', () => {
    const r = run({
      '/src/main.p4': '#include "defs.p4"\nconst bit<8> x =   SEVEN;\n',
      '/src/defs.p4': '// definitions\n#define SEVEN (3 + 4)\n',
    });
    const origin = r.origin('(3 + 4)');
    assert.equal(formatLocation(origin.loc), '/src/main.p4:2:20');
    assert.equal(origin.macro?.name, 'SEVEN');
    assert.equal(formatLocation(origin.macro?.definedAt), '/src/defs.p4:2:15');
  });

  it('nested expansions resolve to the outermost use site', () => {
    const r = runText('#define INNER oops\n#define OUTER(x) x + INNER\nfoo = OUTER(1);\n');
    assert.deepEqual(r.lines, ['foo = 1 + oops;']);
    assert.equal(r.at('oops'), '/src/main.p4:3:7');
    assert.equal(r.origin('oops').macro?.name, 'OUTER');
  });

  it('a macro argument resolves to where it is written, still naming the macro', () => {
    const r = runText('#define WRAP(e) (e)\nx = WRAP(\n    bad_name);\n');
    assert.equal(r.at('bad_name'), '/src/main.p4:3:5');
    assert.equal(r.origin('bad_name').macro?.name, 'WRAP');
  });

  it('text after a multi-line invocation still resolves to its own line', () => {
    const r = runText('#define F(a, b) a\nF(1,\n  2) tail\nnext\n');
    assert.equal(r.at('tail'), '/src/main.p4:3:6');
    assert.equal(r.at('next'), '/src/main.p4:4:1');
  });

  it('#line changes the reported line and file of the following lines', () => {
    const r = runText('one\n#line 50 "gen.p4"\nfifty\n  fifty_one\n');
    assert.equal(r.at('one'), '/src/main.p4:1:1');
    assert.equal(r.at('fifty'), 'gen.p4:50:1');
    assert.equal(r.at('fifty_one'), 'gen.p4:51:3');
  });

  it('#line in an included file does not leak into the includer', () => {
    const r = run({
      '/src/main.p4': '#include "a.p4"\nmain_line_2\n',
      '/src/a.p4': '#line 900\nin_a\n',
    });
    assert.equal(r.at('in_a'), '/src/a.p4:900:1');
    assert.equal(r.at('main_line_2'), '/src/main.p4:2:1');
  });

  it('a macro used after #line resolves to the renumbered line', () => {
    const r = runText('#define M token\n#line 20\n  M\n');
    assert.equal(r.at('token'), '/src/main.p4:20:3');
  });

  it('a span that crosses segments resolves from its start', () => {
    const r = runText('#define M macro_text\nplain M\n');
    const start = r.result.text.indexOf('plain');
    const origin = r.result.sourceMap.resolve({ start, end: r.result.text.indexOf('macro_text') + 4 });
    assert.equal(formatLocation(origin.loc), '/src/main.p4:2:1');
    assert.equal(origin.macro, undefined);
  });

  it('the end of the text resolves without failing (where the parser reports end of input)', () => {
    const r = runText('a\n#define X\n');
    const end = r.result.text.length;
    const origin = r.result.sourceMap.resolve({ start: end, end });
    assert.equal(origin.loc.file.path, '/src/main.p4');
  });

  it('plain lines are copied as one segment, so the map stays small', () => {
    const body = Array.from({ length: 500 }, (_, k) => `line_${k};`).join('\n');
    const r = runText(`#define X 1\n${body}\n`);
    assert.ok(r.result.sourceMap.segmentCount <= 2, String(r.result.sourceMap.segmentCount));
    assert.equal(r.at('line_499;'), '/src/main.p4:501:1');
  });
});
