// No source file or document cites a document outside the repository, every cited document
// and numbered section exists; the checker is shown to catch each kind of bad reference.

import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkDocReferences } from './doc-references.js';
import { fixtureTree } from './fixture-tree.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const render = (r: { file: string; line: number; reference: string; why: string }) =>
  `${r.file}:${r.line}: ${r.reference}: ${r.why}`;

describe('document references', () => {
  it('the repository cites only documents it contains, and sections they have', () => {
    const self = ['test/architecture/doc-references.ts', 'test/architecture/doc-references.test.ts'];
    assert.deepEqual(checkDocReferences(root, self).map(render), []);
  });
});

describe('document reference checker', () => {
  const docs = {
    'docs/guide.md': '# Guide\n\n## 1. First\n\n## 2. Second\n\nSee [other](other.md) and other.md §1.\n',
    'docs/other.md': '# Other\n\n## 1. Only\n',
  };

  it('passes code citing docs/NAME.md §N and markdown linking beside itself', () => {
    const dir = fixtureTree({ ...docs, 'src/a.ts': '// the rule (docs/guide.md §2)\nexport const a = 1;\n' });
    assert.deepEqual(checkDocReferences(dir).map(render), []);
  });

  it('fails on a path outside the repository', () => {
    const outside = ['..', 'shared', 'spec', 'tna.md'].join('/');
    const dir = fixtureTree({ ...docs, 'src/a.ts': `// see ${outside}\n` });
    assert.deepEqual(
      checkDocReferences(dir).map((r) => r.why),
      ['a path outside the repository', 'no such document (cite docs/NAME.md)'],
    );
  });

  it('fails on a bare document name in code, a missing section, a broken link and a missing source path', () => {
    const dir = fixtureTree({
      ...docs,
      'src/a.ts': '// guide.md §1 and docs/guide.md §7\n',
      'src/b.ts': '// the port (wire/gone.ts) and its test\nconst p = join(dir, "wire/x.js");\n',
      'docs/third.md': '# Third\n\n[gone](gone.md)\n',
    });
    assert.deepEqual(checkDocReferences(dir).map(render).sort(), [
      'docs/third.md:3: gone.md: link to a missing file',
      'docs/third.md:3: gone.md: no such document',
      'src/a.ts:1: docs/guide.md §7: no such section',
      'src/a.ts:1: guide.md: no such document (cite docs/NAME.md)',
      'src/b.ts:1: wire/gone.ts: no such file in the repository',
    ]);
  });
});
