// `@stage(N) { ... }` on a block statement: bf-p4c's CopyBlockPragmas gives the pin to every
// table applied inside, synthesized ones included (docs/tofino-resources.md "@stage on a block").

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectMarked, type TofinoRun, tna } from './helpers.js';

function stageOf(run: TofinoRun, name: string): number | undefined {
  return run.map.pipes[0]?.units.find((u) => u.name === name)?.stage;
}

const LOCALS = `    action set_b() { md.b = hdr.d.f2; }
    table t { key = { hdr.d.f1 : exact; } actions = { set_b; } size = 16; }
    action set_c() { md.c = hdr.d.f2; }
    @stage(1) table own { key = { hdr.d.f1 : exact; } actions = { set_c; } size = 16; }`;

describe('@stage on a block statement', () => {
  it('pins the tables and the statements inside it; a table’s own @stage wins', () => {
    const run = expectMarked(
      tna(
        LOCALS,
        `        md.a = hdr.d.f1;
        @stage(5) {
            t.apply();
            md.e = hdr.d.f2 + 1;
            own.apply();
        }
        md.x = hdr.d.h1;`,
      ),
    );
    assert.equal(stageOf(run, 't'), 5);
    assert.equal(stageOf(run, 'tbl_test_l38'), 5);
    assert.equal(stageOf(run, 'own'), 1);
    // Statements outside the block are not pinned, and the block splits them from it.
    assert.equal(stageOf(run, 'tbl_test_l35'), 0);
    assert.equal(stageOf(run, 'tbl_test_l41'), 0);
  });

  it('the innermost block’s pin wins; an if inside a pinned block keeps its gateway free', () => {
    const run = expectMarked(
      tna(
        LOCALS,
        `        @stage(2) {
            @stage(4) {
                t.apply();
            }
            if (hdr.d.b1 == 1) {
                md.e = hdr.d.f2;
            }
        }`,
      ),
    );
    assert.equal(stageOf(run, 't'), 4);
    assert.equal(stageOf(run, 'tbl_test_l40'), 2);
    assert.equal(stageOf(run, 'cond_test_l39'), 0);
  });

  it('a block pinned before its dependencies allow: warning 4002, placed after them, as a pinned table is', () => {
    const run = expectMarked(
      tna(
        LOCALS,
        `        t.apply();
        @stage(0) {
            md.e = md.b + 1; // expect: stage-pragma
        }`,
      ),
    );
    assert.equal(run.found[0]?.severity, 'warning');
    assert.deepEqual(
      run.map.pipes[0]?.units.filter((u) => u.gress === 'ingress').map((u) => [u.name, u.stage]),
      [
        ['t', 0],
        ['tbl_test_l37', 1],
      ],
    );
  });
});

describe('a declaration initialised by a hash', () => {
  it('stays in one synthesized table with the statement using it, as an assignment of the hash does', () => {
    // p4c's MoveDeclarations turns `bit<16> v = h.get(...)` into an assignment, which bf-p4c's
    // action-synthesis policy keeps with its use (the hash is computed on the crossbar).
    const run = expectMarked(
      tna(
        '    Hash<bit<16>>(HashAlgorithm_t.CRC16) h;',
        `        bit<16> v = h.get({ hdr.d.f1 });
        hdr.d.h1 = v;`,
      ),
    );
    const units = run.map.pipes[0]?.units.filter((u) => u.gress === 'ingress') ?? [];
    assert.deepEqual(
      units.map((u) => [u.name, u.stage]),
      [['tbl_test_l32', 0]],
    );
  });
});
