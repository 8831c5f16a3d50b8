// The declared module graph holds: every import between top-level folders is one that the
// table in docs/architecture.md allows, and the front end loads chevrotain alone. The checker
// itself is shown to catch a forbidden import in a throwaway tree.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fixtureTree } from './fixture-tree.js';
import { checkModuleGraph, importSpecifiers, packageClosure, parseModuleGraph } from './module-graph.js';

/** The repository (this file runs from dist/test/architecture). */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const graph = parseModuleGraph(readFileSync(join(root, 'docs/architecture.md'), 'utf8'));

describe('module graph', () => {
  it('docs/architecture.md declares every top-level source folder', () => {
    for (const f of [
      'contract',
      'wire',
      'compiler',
      'runtime',
      'kvserver',
      'client',
      'cluster',
      'bin',
      'bench',
      'test',
    ])
      assert.ok(graph.has(f), `${f}/ has no row`);
    assert.deepEqual([...(graph.get('contract') ?? [])], []);
    assert.deepEqual([...(graph.get('compiler') ?? [])], ['contract']);
  });

  it('every import in the repository follows the table', () => {
    const violations = checkModuleGraph(root, graph);
    assert.deepEqual(
      violations.map((v) => `${v.file}: ${v.from}/ → ${v.to}/ (${v.specifier})`),
      [],
    );
  });

  it('the front end (p4ts/parser) loads chevrotain and node built-ins only, from compiler/ only', () => {
    const { files, packages } = packageClosure(join(root, 'compiler', 'parser-api.ts'));
    assert.ok(files.size > 10, 'the walk found the front end');
    assert.deepEqual(
      [...packages].filter((p) => p !== 'chevrotain' && !p.startsWith('node:')),
      [],
    );
    assert.deepEqual(
      [...files].map((f) => relative(root, f)).filter((f) => !f.startsWith('compiler/')),
      [],
    );
  });

  it('the whole compiler, codegen included, reaches nothing but compiler/ and contract/', () => {
    const { files } = packageClosure(join(root, 'compiler', 'compile.ts'));
    assert.ok(
      [...files].some((f) => f.includes('/codegen/')),
      'the walk reached codegen',
    );
    const outside = [...files].map((f) => relative(root, f)).filter((f) => !/^(compiler|contract)\//.test(f));
    assert.deepEqual(outside, []);
  });
});

describe('module graph checker', () => {
  const rules = parseModuleGraph(
    ['## Module graph', '', '| Folder | May import |', '|---|---|', '| `a/` | — |', '| `b/` | `a/` |', ''].join('\n'),
  );

  it('passes a tree that follows the rules', () => {
    const dir = fixtureTree({
      'a/x.ts': "export const x = 1;\nimport { y } from './y.js';\n",
      'a/y.ts': 'export const y = 2;\n',
      'b/z.ts': "import { x } from '../a/x.js';\nexport const z = x;\n",
    });
    assert.deepEqual(checkModuleGraph(dir, rules), []);
  });

  it('fails on a forbidden import, type-only, re-exported or dynamic', () => {
    const dir = fixtureTree({
      'a/x.ts': "import type { Z } from '../b/z.js';\nexport type X = Z;\n",
      'a/w.ts': "export { z } from '../b/z.js';\n",
      'a/v.ts': "export const load = () => import('../b/z.js');\n",
      'b/z.ts': 'export type Z = number;\nexport const z = 1;\n',
    });
    assert.deepEqual(
      checkModuleGraph(dir, rules)
        .map((v) => `${v.file} ${v.from}->${v.to}`)
        .sort(),
      ['a/v.ts a->b', 'a/w.ts a->b', 'a/x.ts a->b'],
    );
  });

  it('fails on an import from a folder the table does not declare', () => {
    const dir = fixtureTree({ 'c/q.ts': "import { x } from '../a/x.js';\n", 'a/x.ts': 'export const x = 1;\n' });
    assert.deepEqual(
      checkModuleGraph(dir, rules).map((v) => v.file),
      ['c/q.ts'],
    );
  });

  it('the real table rejects the compiler importing the runtime', () => {
    const dir = fixtureTree({
      'compiler/codegen/p4info.ts': "import { loadP4Info } from '../../runtime/p4info.js';\n",
      'runtime/p4info.ts': 'export const loadP4Info = 1;\n',
    });
    assert.equal(checkModuleGraph(dir, graph).length, 1);
  });

  it('reads multi-line imports and ignores packages', () => {
    assert.deepEqual(importSpecifiers("import {\n  a,\n  b,\n} from '../x/y.js';\nimport fc from 'fast-check';\n"), [
      '../x/y.js',
      'fast-check',
    ]);
  });
});
