// `npm test` does not read the public corpora (they live outside the repository and take
// minutes): this lists, once, each conformance suite it did not run, as a skipped test with
// the command that runs it, so the skipped count in the summary is never a silent 0.

import { test } from 'node:test';
import { CORPUS_ENV, SUITES } from '../../conformance/suites.js';

for (const suite of SUITES)
  test(`conformance suite ${suite.name}: ${suite.what}`, {
    skip: `not run by npm test; run ${suite.env?.name ?? CORPUS_ENV}=DIR npm run conformance -- ${suite.name} (docs/conformance.md)`,
  });
