import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSink } from '../../../compiler/diagnostics/index.js';
import { preprocessFile, systemIncludeDir } from '../../../compiler/preprocess/index.js';
import { run } from './helpers.js';

describe('#include', () => {
  it('"x" is found beside the including file, and its text replaces the directive', () => {
    const r = run({
      '/src/main.p4': 'before\n#include "lib/a.p4"\nafter\n',
      '/src/lib/a.p4': 'from_a\n#include "b.p4"\n',
      '/src/lib/b.p4': 'from_b\n',
    });
    assert.deepEqual(r.lines, ['before', 'from_a', 'from_b', 'after']);
    assert.deepEqual(
      r.result.files.map((f) => f.path),
      ['/src/main.p4', '/src/lib/a.p4', '/src/lib/b.p4'],
    );
  });

  it('<x> searches the -I directories in order, then the system directory', () => {
    const files = {
      '/src/main.p4': '#include <core.p4>\n#include <only_sys.p4>\n',
      '/src/core.p4': 'wrong_core\n',
      '/inc1/core.p4': 'first_core\n',
      '/inc2/core.p4': 'second_core\n',
      '/sys/only_sys.p4': 'sys\n',
    };
    const r = run(files, { includeDirs: ['/inc1', '/inc2'], systemIncludeDir: '/sys' });
    assert.deepEqual(r.lines, ['first_core', 'sys']);
  });

  it('"x" falls back to the -I directories when it is not beside the includer', () => {
    const r = run({ '/src/main.p4': '#include "h.p4"\n', '/inc/h.p4': 'h\n' }, { includeDirs: ['/inc'] });
    assert.deepEqual(r.lines, ['h']);
  });

  it('an include guard makes a second #include empty', () => {
    const r = run({
      '/src/main.p4': '#include "g.p4"\n#include "g.p4"\nuse G\n',
      '/src/g.p4': '// guarded\n#ifndef G_P4\n#define G_P4\nbody\n#define G 1\n#endif\n',
    });
    // The second time the whole file is skipped, comments and all: it is known to be guarded.
    assert.deepEqual(r.lines, ['// guarded', 'body', 'use 1']);
  });

  it('a file whose #ifndef does not cover everything is read again', () => {
    const r = run({
      '/src/main.p4': '#include "p.p4"\n#include "p.p4"\n',
      '/src/p.p4': '#ifndef P\n#define P\nonce\n#endif\ntwice\n',
    });
    assert.deepEqual(r.lines, ['once', 'twice', 'twice']);
  });

  it('#pragma once makes a second #include empty', () => {
    const r = run({
      '/src/main.p4': '#include "o.p4"\n#include "o.p4"\n',
      '/src/o.p4': '#pragma once\nonce\n',
    });
    assert.deepEqual(r.lines, ['once']);
  });

  it('guarded files that include each other do not loop', () => {
    const r = run({
      '/src/main.p4': '#include "a.p4"\nend\n',
      '/src/a.p4': '#ifndef A\n#define A\n#include "b.p4"\na\n#endif\n',
      '/src/b.p4': '#ifndef B\n#define B\n#include "a.p4"\nb\n#endif\n',
    });
    assert.deepEqual(r.lines, ['b', 'a', 'end']);
    assert.deepEqual(r.diagnostics, []);
  });

  it('a computed #include expands a macro to the file name', () => {
    const r = run(
      { '/src/main.p4': '#define ARCH <arch.p4>\n#include ARCH\n', '/src/x/arch.p4': 'arch\n' },
      {
        includeDirs: ['/src/x'],
      },
    );
    assert.deepEqual(r.lines, ['arch']);
  });

  it('an included file without a final newline does not join the next line', () => {
    const r = run({ '/src/main.p4': '#include "n.p4"\nnext\n', '/src/n.p4': 'last' });
    assert.deepEqual(r.lines, ['last', 'next']);
  });

  it('the system include directory is the project p4/include, found from the module location', () => {
    const dir = systemIncludeDir();
    assert.ok(dir !== undefined);
    assert.ok(dir.endsWith('/p4/include'), dir);
    assert.ok(!dir.includes('/dist/'));
  });

  it('a root file that cannot be read gives undefined and one error', () => {
    const sink = new DiagnosticSink();
    const result = preprocessFile('/nowhere/x.p4', { readFile: () => undefined }, sink);
    assert.equal(result, undefined);
    assert.equal(sink.diagnostics.length, 1);
    assert.match(sink.diagnostics[0]?.message ?? '', /cannot read '\/nowhere\/x.p4'/);
  });
});

describe('command-line defines', () => {
  it('-D defines object-like and function-like macros; -U removes them', () => {
    const r = run(
      { '/src/main.p4': 'A B F(3) C\n' },
      { defines: { A: '1', B: '', 'F(x)': 'x+x', C: '2' }, undefines: ['C'] },
    );
    assert.deepEqual(r.lines, ['1  3+3 C']);
  });

  it('a -D macro resolves to its use site and names <command line> as its definition', () => {
    const r = run({ '/src/main.p4': 'x = WIDTH;\n' }, { defines: { WIDTH: '32' } });
    const origin = r.origin('32');
    assert.equal(r.at('32'), '/src/main.p4:1:5');
    assert.equal(origin.macro?.name, 'WIDTH');
    assert.equal(origin.macro?.definedAt.file.path, '<command line>');
  });
});
