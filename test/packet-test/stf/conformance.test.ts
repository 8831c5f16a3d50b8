// Opt-in conformance runs over STF suites that are not ours (fetched outside the repository):
//   P4TS_P4C_TESTDATA=/path/to/p4c/testdata   p4c's v1model and PSA tests, p4_16_samples/*.stf
//   P4TS_TOFINO_STF=/path/to/p4-tests/p4_16/stf  Tofino compiler STF tests (TNA), with
//                                                 ../includes on the include path
// Each prints its pass rate and the failures grouped by cause (docs/stf.md, "Conformance").
// Without the variables the tests are skipped; they never fail on a low rate.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runSuite } from './conformance.js';

const P4C = process.env.P4TS_P4C_TESTDATA;
const TOFINO = process.env.P4TS_TOFINO_STF;

describe('STF conformance (opt-in)', () => {
  test('p4c v1model STF tests (P4TS_P4C_TESTDATA)', { skip: P4C === undefined, timeout: 1_800_000 }, async () => {
    const dir = join(P4C as string, 'p4_16_samples');
    assert.ok(existsSync(dir), `${dir} does not exist`);
    const r = await runSuite(dir, []);
    console.log(r.text);
    assert.ok(r.total > 0);
  });
  test('Tofino STF tests (P4TS_TOFINO_STF)', { skip: TOFINO === undefined, timeout: 1_800_000 }, async () => {
    const dir = TOFINO as string;
    assert.ok(existsSync(dir), `${dir} does not exist`);
    const r = await runSuite(dir, [join(dir, '..', 'includes')]);
    console.log(r.text);
    assert.ok(r.total > 0);
  });
});
