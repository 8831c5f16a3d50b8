// docs/tna.md §5 names the externs the code generator builds: the list between its
// `externs:begin` and `externs:end` markers equals the extern cases of emit-extern-decl.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

describe('docs/tna.md §5', () => {
  it('lists exactly the externs the code generator instantiates', () => {
    const doc = readFileSync(join(root, 'docs/tna.md'), 'utf8');
    const listed = doc.slice(doc.indexOf('<!-- externs:begin -->'), doc.indexOf('<!-- externs:end -->'));
    const documented = [...listed.matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1] as string).sort();
    const source = readFileSync(join(root, 'compiler/codegen/emit-extern-decl.ts'), 'utf8');
    const generated = [...source.matchAll(/^\s*case '([A-Za-z]+)':/gm)].map((m) => m[1] as string).sort();
    assert.ok(generated.length > 10, 'found the extern cases');
    assert.deepEqual(documented, generated);
  });
});
