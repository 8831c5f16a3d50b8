// The conformance suites on a small corpus folder built here from the repository's own
// programs (never from the public corpora): the counts include the files that fail, so a
// syntax error or a missed negative lowers a figure instead of leaving the total.

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Figure } from '../../conformance/figures.js';
import { runP4cCheck } from '../../conformance/p4c-check.js';
import { runP4cParse } from '../../conformance/p4c-parse.js';
import { runTnaFit } from '../../conformance/tna-fit.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const corpus = mkdtempSync(join(tmpdir(), 'p4ts-conformance-'));
after(() => rmSync(corpus, { recursive: true, force: true }));

function put(rel: string, text: string): void {
  mkdirSync(dirname(join(corpus, rel)), { recursive: true });
  writeFileSync(join(corpus, rel), text);
}

const samples = 'p4c/testdata/p4_16_samples';
cpSync(join(ROOT, 'p4', 'include'), join(corpus, 'p4c', 'p4include'), { recursive: true });
cpSync(join(ROOT, 'p4', 'examples', 'v1model-router.p4'), join(corpus, samples, 'router.p4'));
put(`${samples}/empty.p4`, '#include <core.p4>\n');
put(`${samples}/broken.p4`, '#include <core.p4>\nheader h_t { bit<8> a }\n');
put(`${samples}/needs-psa.p4`, '#include <not-here.p4>\n');
const errors = 'p4c/testdata/p4_16_errors';
put(`${errors}/undeclared.p4`, '#include <core.p4>\n\nconst bit<8> X = nope;\n');
put(
  `${errors}_outputs/undeclared.p4-stderr`,
  'undeclared.p4(3): [--Werror=not-found] error: nope: declaration not found\n',
);
put(`${errors}/syntax.p4`, 'header h_t {\n  bit<8> a\n}\n');
put(`${errors}_outputs/syntax.p4-stderr`, 'syntax.p4(3):syntax error, unexpected }\n');
put(`${errors}/fine.p4`, '#include <core.p4>\nconst bit<8> Y = 1;\n');
put(`${errors}_outputs/fine.p4-stderr`, 'fine.p4(2): [--Werror=type-error] error: Y: something p4c dislikes\n');
cpSync(join(ROOT, 'p4', 'examples', 'tna-l2l3.p4'), join(corpus, 'open-p4studio/p4_16_programs/l2l3/l2l3.p4'));
put('open-p4studio/p4_16_programs/common/util.p4', '// an include, not a program\n');
mkdirSync(join(corpus, 'netmigrate'));

const byKey = (figures: Figure[]) => Object.fromEntries(figures.map((f) => [f.key, f.value]));

describe('conformance suites on a small corpus', () => {
  it('p4c-parse counts every sample: unreadable, failing to parse, round-tripping', () => {
    const f = byKey(runP4cParse(corpus).figures);
    assert.deepEqual(f, {
      'p4c-parse.samples': 4,
      'p4c-parse.readable': 3,
      'p4c-parse.parsed': 2,
      'p4c-parse.round-trip': 2,
    });
  });

  it('p4c-check counts a positive with a syntax error against the total, and each kind of negative', () => {
    const r = runP4cCheck(corpus);
    const f = byKey(r.figures);
    assert.equal(f['p4c-check.positive.programs'], 3, 'needs-psa.p4 includes what we do not ship');
    assert.equal(f['p4c-check.positive.clean'], 2);
    assert.equal(f['p4c-check.positive.syntax-errors'], 1);
    assert.equal(f['p4c-check.negative.programs'], 3);
    assert.equal(f['p4c-check.negative.same-line'], 2, 'the type error and the syntax error, each on its line');
    assert.equal(f['p4c-check.negative.missed'], 1);
    assert.ok(r.notes.some((n) => n.includes('fine.p4')));
  });

  it('tna-fit tries only whole TNA programs and counts the ones that fit', () => {
    const f = byKey(runTnaFit(corpus).figures);
    assert.equal(f['tna-fit.programs'], 1);
    assert.equal(f['tna-fit.reached'], 1);
    assert.equal(f['tna-fit.fits'], 1);
  });
});
