// Dependencies that stage-ordered execution relies on: a unit after an `exit` (or a `return`
// of its control) in program order never lands in an earlier stage than the unit that may
// exit, and a condition on an apply-body variable waits for the unit that sets it.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectMarked, stageOf, tna } from './helpers.js';

function dependsOn(run: ReturnType<typeof expectMarked>, name: string) {
  const u = run.map.pipes[0]?.units.find((x) => x.name === name);
  assert.ok(u !== undefined, `no unit ${name}`);
  return u.dependsOn;
}

const TABLES = `
    action set_a(bit<32> v) { md.a = v; }
    action set_b(bit<32> v) { md.b = v; }
    action set_c(bit<32> v) { md.c = v; }
    action leave() { exit; }
    table t1 { key = { hdr.d.f1 : exact; } actions = { set_a; NoAction; } size = 16; }
    table t2 { key = { md.a : exact; } actions = { set_b; NoAction; } size = 16; }
    table t3 { key = { md.b : exact; } actions = { set_a; NoAction; } size = 16; }
    table t_exit { key = { md.b : exact; } actions = { leave; NoAction; } size = 16; }
    table t_free { key = { hdr.d.f2 : exact; } actions = { set_c; NoAction; } size = 16; }`;

describe('ordering dependencies for stage-ordered execution', () => {
  test('a unit after an exit in program order depends on the unit that may exit', () => {
    const run = expectMarked(
      tna(
        TABLES,
        `        t1.apply();
        t2.apply();
        if (md.b == 5) { exit; }
        t_free.apply();`,
      ),
    );
    const exitUnit = run.map.pipes[0]?.units.find((u) => u.kind === 'synthesized');
    assert.ok(exitUnit !== undefined);
    assert.ok(
      dependsOn(run, 't_free').some((d) => d.kind === 'exit' && d.name === exitUnit.name),
      JSON.stringify(dependsOn(run, 't_free')),
    );
    assert.ok(stageOf(run, 't_free') >= exitUnit.stage);
  });

  test('a table whose action exits orders every later unit after it', () => {
    const run = expectMarked(
      tna(
        TABLES,
        `        t1.apply();
        t2.apply();
        t_exit.apply();
        t_free.apply();`,
      ),
    );
    assert.ok(dependsOn(run, 't_free').some((d) => d.kind === 'exit' && d.name === 't_exit'));
    assert.ok(stageOf(run, 't_free') >= stageOf(run, 't_exit'));
    assert.ok(stageOf(run, 't_exit') >= 2, 't_exit waits for md.b');
  });

  test('units on the other arm of the branch holding the exit do not depend on it', () => {
    const run = expectMarked(tna(TABLES, `        if (hdr.d.b1 == 1) { exit; } else { t_free.apply(); }`));
    assert.ok(!dependsOn(run, 't_free').some((d) => d.kind === 'exit'));
  });

  test('a condition on an apply-body variable depends on the unit that assigns it', () => {
    const run = expectMarked(
      tna(
        TABLES,
        `        t1.apply();
        t2.apply();
        bit<32> tmp = md.b;
        if (tmp == 3) { hdr.d.f2 = 1; }`,
      ),
    );
    const gateway = run.map.pipes[0]?.units.find((u) => u.kind === 'gateway');
    assert.ok(gateway !== undefined);
    assert.ok(gateway.dependsOn.some((d) => d.kind === 'match' && d.field?.endsWith('tmp') === true));
    assert.ok(gateway.stage > stageOf(run, 't2'));
  });
});
