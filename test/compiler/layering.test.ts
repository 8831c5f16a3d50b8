// The front end is usable on its own as p4ts-parser with chevrotain as its only dependency, and
// the compiler never reaches into the runtime (except for types). This reads the imports of the
// TypeScript sources, so a stray import fails here rather than in a user's bundle.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Value imports (not `import type`) of one source file: relative ones resolved to .ts paths. */
function importsOf(file: string): { local: string[]; packages: string[] } {
  const text = readFileSync(file, 'utf8');
  const local: string[] = [];
  const packages: string[] = [];
  const re = /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[1] as string;
    if (spec.startsWith('.')) local.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
    else packages.push(spec);
  }
  return { local, packages };
}

function closure(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const f = todo.pop() as string;
    if (files.has(f) || !existsSync(f)) continue;
    files.add(f);
    const { local, packages: pk } = importsOf(f);
    for (const p of pk) packages.add(p);
    todo.push(...local);
  }
  return { files, packages };
}

describe('layering', () => {
  it('p4ts-parser (compiler/parser-api.ts) depends on chevrotain and node built-ins only', () => {
    const { files, packages } = closure(join(root, 'compiler', 'parser-api.ts'));
    assert.ok(files.size > 10, 'the walk found the front end');
    const foreign = [...packages].filter((p) => p !== 'chevrotain' && !p.startsWith('node:'));
    assert.deepEqual(foreign, []);
    const outside = [...files].filter((f) => !f.startsWith(join(root, 'compiler')));
    assert.deepEqual(outside, []);
  });

  it('the compiler never imports the runtime, the KV server or the client (types aside)', () => {
    const { files } = closure(join(root, 'compiler', 'index.ts'));
    const bad = [...files].filter((f) => /\/(runtime|kvserver|client|cluster)\//.test(f.slice(root.length)));
    assert.deepEqual(bad, []);
  });
});
