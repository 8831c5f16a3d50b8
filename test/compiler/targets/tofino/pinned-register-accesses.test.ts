// `@stage(N)` is the earliest stage of a register access as of any table (docs/tofino-resources.md
// "Stage allocation"): accesses pinned before the stage their register lives in run there with
// warning 4002; error 4014 stays for an access that cannot run as early as its register's stage.
// The shape is Eris optkv.p4's: four exclusive RegisterActions of one register, each @stage(1).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { registerStage, runTofino, stageOf, tna } from './helpers.js';

const ACTIONS = ['clear', 'first', 'get', 'ack'];

/** Register kv and its four actions; t0 → t1 compute the index md.c, so an access needs stage 2. */
const LOCALS = [
  '    Register<bit<32>, bit<10>>(1024) kv;',
  ...ACTIONS.map(
    (a, i) =>
      `    RegisterAction<bit<32>, bit<10>, bit<32>>(kv) ${a} = { void apply(inout bit<32> v, out bit<32> o) { o = v; v = v + ${i + 1}; } };`,
  ),
  '    action seta(bit<32> x) { md.a = x; }',
  '    action setc(bit<32> x) { md.c = x; }',
  '    table t0 { key = { hdr.d.f1 : exact; } actions = { seta; } size = 16; }',
  '    table t1 { key = { md.a : exact; } actions = { setc; } size = 16; }',
].join('\n');

/** One branch a `@stage(pin)` block runs `name`'s execute in, at `index`. */
function branch(test: string, name: string, pin: number, index: string): string {
  return `if (${test}) {\n            @stage(${pin})\n            { md.b = ${name}.execute(${index}); }\n        }`;
}

describe('register accesses pinned with @stage', () => {
  it('four exclusive accesses pinned before the stage their index allows share stage 2: warnings 4002 only', () => {
    const arms = ACTIONS.map((a, i) => branch(`hdr.d.b1 == ${i}`, a, 1, 'md.c[9:0]'));
    const run = runTofino(tna(LOCALS, `        t0.apply();\n        t1.apply();\n        ${arms.join(' else ')}`));
    assert.deepEqual(
      run.found.map((d) => d.code),
      [4002, 4002, 4002, 4002],
      run.rendered,
    );
    assert.equal(registerStage(run, 'kv'), 2);
    const accessStages = run.map.pipes[0]?.units.filter((u) => u.registers.includes('kv')).map((u) => u.stage);
    assert.deepEqual(accessStages, [2, 2, 2, 2]);
    assert.equal(stageOf(run, 't1'), 1);
  });

  it('an access whose index comes from stage 1 cannot join its register, fixed in stage 0 by a pin: 4014', () => {
    const arms = [branch('hdr.d.b1 == 0', 'clear', 0, '0'), branch('hdr.d.b1 == 1', 'first', 1, 'md.c[9:0]')];
    const run = runTofino(tna(LOCALS, `        t0.apply();\n        t1.apply();\n        ${arms.join(' else ')}`));
    const conflicts = run.found.filter((d) => d.code === 4014);
    assert.equal(conflicts.length, 1, run.rendered);
    assert.match(conflicts[0]?.message ?? '', /'clear' is in stage 0 and 'first' cannot run before stage 2/);
    assert.equal(registerStage(run, 'kv'), 0);
  });
});
