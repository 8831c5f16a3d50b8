// Zero-initialisations of control locals (docs/tofino-resources.md, "Metadata
// initialisation"): Tofino's parser zeroes metadata at the start of each gress and bf-p4c's
// RemoveMetadataInits drops an assignment of 0 that only overwrites that zero, so such a
// statement neither takes a table nor holds back what reads or rewrites the local.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectMarked, runTofino, stageOf, tna } from './helpers.js';

const CHAIN = Array.from(
  { length: 11 },
  (_, i) => `    table t${i} { key = { md.a : exact; } actions = { step; } size = 16; }`,
).join('\n');

const LOCALS = `    bool seen;
    action step() { md.a = md.a + 1; }
${CHAIN}
    action mark() { seen = true; }
    table u { key = { hdr.d.h1 : exact; } actions = { mark; NoAction; } size = 16; }`;

const APPLIES = Array.from({ length: 11 }, (_, i) => `        t${i}.apply();`).join('\n');

function gatewayStage(run: ReturnType<typeof runTofino>): number {
  const g = run.map.pipes[0]?.units.filter((x) => x.kind === 'gateway') ?? [];
  assert.equal(g.length, 1);
  return (g[0] as { stage: number }).stage;
}

describe('zero-initialisation of control locals', () => {
  it('costs no stage: the table writing the local and the condition reading it run early', () => {
    // The copy after t10 lands in stage 11; `seen = false` beside it must not drag u (which
    // rewrites seen) and the condition on seen past the last stage.
    const run = expectMarked(
      tna(
        LOCALS,
        `${APPLIES}
        md.b = md.a;
        seen = false;
        u.apply();
        if (seen) { md.c = 1; }`,
      ),
    );
    assert.equal(stageOf(run, 't10'), 10);
    assert.equal(stageOf(run, 'u'), 0);
    assert.equal(gatewayStage(run), 1);
  });

  it('a zero written after another write of the local is an ordinary statement', () => {
    const run = expectMarked(
      tna(
        LOCALS,
        `        u.apply();
        seen = false;
        if (seen) { md.c = 1; }`,
      ),
    );
    // The condition must see the zero, written in the stage after u's write.
    assert.equal(stageOf(run, 'u'), 0);
    assert.equal(gatewayStage(run), 2);
  });

  it('a non-zero initialisation keeps its stage and overflows the chain', () => {
    const run = runTofino(
      tna(
        LOCALS,
        `${APPLIES}
        md.b = md.a;
        seen = true;
        u.apply();
        if (seen) { md.c = 1; }`,
      ),
    );
    assert.ok(
      run.found.some((d) => d.code === 4000),
      run.rendered,
    );
  });
});
