// One table applied on mutually exclusive paths is one table to bf-p4c: placed once, every
// apply in its stages, its memory counted once (docs/tofino-resources.md "One table, several
// applies").

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectMarked, type TofinoRun, tna } from './helpers.js';

/** 51,200 entries on a 128-bit key, no action data: one entry per RAM line, 50 SRAM blocks. */
const BIG = `    action hit() { hdr.d.b2 = 1; }
    table t { key = { hdr.d.w128 : exact; } actions = { hit; } size = 51200; }`;

function unit(run: TofinoRun, name: string) {
  const u = run.map.pipes[0]?.units.find((x) => x.name === name);
  assert.ok(u !== undefined, `no unit ${name}`);
  return u;
}

describe('one table, several applies', () => {
  it('applies on two arms of an if share the table: one stage, 50 blocks counted once', () => {
    const run = expectMarked(
      tna(
        BIG,
        `        if (hdr.d.b1 == 0) {
            t.apply();
        } else {
            t.apply();
        }`,
      ),
    );
    assert.equal(unit(run, 't').demand.sramBlocks, 50);
    assert.deepEqual([unit(run, 't').stage, unit(run, 't_2').stage], [0, 0]);
    const stage0 = run.map.pipes[0]?.stages.find((s) => s.stage === 0);
    assert.equal(stage0?.used.sramBlocks, 50);
  });

  it('the one placement waits for the later apply’s dependencies', () => {
    // On the else arm t matches on md.a, which s writes: both applies of t go to stage 1.
    const run = expectMarked(
      tna(
        `    action hit(bit<8> v) { hdr.d.b2 = v; }
    table t { key = { md.a : exact; } actions = { hit; } size = 51200; }
    action set() { md.a = hdr.d.f1; }
    table s { key = { hdr.d.f2 : exact; } actions = { set; } size = 16; }`,
        `        if (hdr.d.b1 == 0) {
            t.apply();
        } else {
            s.apply();
            t.apply();
        }`,
      ),
    );
    assert.equal(unit(run, 's').stage, 0);
    assert.deepEqual([unit(run, 't').stage, unit(run, 't_2').stage], [1, 1]);
  });

  it('a chain too long through the shared table is still rejected', () => {
    const locals = [`${BIG.replace('hdr.d.w128', 'md.a')} // expect: overlimit`];
    const chain: string[] = [];
    for (let i = 0; i < 12; i++) {
      locals.push(`    action s${i}() { md.a = md.a + ${i + 1}; }`);
      locals.push(`    table c${i} { key = { md.a : exact; } actions = { s${i}; } size = 16; }`);
      chain.push(`            c${i}.apply();`);
    }
    const run = expectMarked(
      tna(
        locals.join('\n'),
        `        if (hdr.d.b1 == 0) {
            t.apply();
        } else {
${chain.join('\n')}
            t.apply();
        }`,
      ),
    );
    assert.match(
      run.rendered,
      /needs stage 13 but the target has 12 stages: the dependency chain is c0 → c1 → .* → c11 → t_2/,
    );
  });
});
