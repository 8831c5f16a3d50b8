import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseText } from './helpers.js';

// The public p4c samples are not in the repository. To run this, preprocess
// testdata/p4_16_samples/*.p4 of p4lang/p4c into a directory (any C preprocessor with
// p4include/ on the include path) and point P4TS_P4C_SAMPLES at it.
const dir = process.env.P4TS_P4C_SAMPLES;

describe('public p4c samples (opt-in: P4TS_P4C_SAMPLES=<dir of preprocessed samples>)', () => {
  it('every preprocessed sample parses without syntax errors', { skip: dir === undefined || !existsSync(dir) }, (t) => {
    const files = readdirSync(dir!).filter((f) => f.endsWith('.p4'));
    const failures: string[] = [];
    let lines = 0;
    const start = performance.now();
    for (const f of files) {
      const text = readFileSync(join(dir!, f), 'utf8');
      lines += text.split('\n').length;
      const { errors } = parseText(text, f);
      if (errors.length > 0) failures.push(`${f}:${errors[0]}`);
    }
    const ms = performance.now() - start;
    t.diagnostic(
      `${files.length - failures.length} of ${files.length} samples parse (${lines} lines in ${ms.toFixed(0)} ms)`,
    );
    assert.deepEqual(failures, []);
  });
});
