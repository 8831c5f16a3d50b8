// Without --target, `p4ts compile` takes the architecture from the program's own includes.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { targetFromText } from '../../compiler/compile.js';

describe('the architecture of a program without --target', () => {
  it('is the one its include names', () => {
    assert.equal(targetFromText('#include <core.p4>\n#include <tna.p4>\n'), 'tna');
    assert.equal(targetFromText('#include <t2na.p4>\n'), 'tofino2');
    assert.equal(targetFromText('#include "v1model.p4"\n'), 'v1model');
    // p4c's bmv2 PSA programs include <bmv2/psa.p4> (ours: p4/include/bmv2/psa.p4).
    assert.equal(targetFromText('#include <psa.p4>\n'), 'psa');
    assert.equal(targetFromText('#include <bmv2/psa.p4>\n'), 'psa');
    // p4c's DPDK PSA programs include <dpdk/psa.p4> (ours: p4/include/dpdk/psa.p4).
    assert.equal(targetFromText('#include <dpdk/psa.p4>\n'), 'psa');
    assert.equal(targetFromText('header h_t { bit<8> a; }\n'), undefined);
  });

  it('is Tofino 1 for a program written for both Tofinos (the preprocessor takes tna.p4 there)', () => {
    const text = '#if __TARGET_TOFINO__ == 2\n#include <t2na.p4>\n#else\n#include <tna.p4>\n#endif\n';
    assert.equal(targetFromText(text), 'tna');
  });
});
