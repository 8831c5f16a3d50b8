import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectMarked, stageOf, tna } from './helpers.js';

/** `n` exact tables where table i matches on the field table i-1 writes (a match chain). */
function chain(n: number, firstPin?: { table: number; stage: number }): string {
  const locals: string[] = [];
  const apply: string[] = [];
  for (let i = 0; i < n; i++) {
    const pin = firstPin?.table === i ? `@stage(${firstPin.stage}) ` : '';
    locals.push(`    action set${i}(bit<32> v) { md.a = md.a + v; }`);
    locals.push(`    ${pin}table t${i} { key = { md.a : exact; } actions = { set${i}; } size = 16; }`);
    apply.push(`        t${i}.apply();`);
  }
  return tna(locals.join('\n'), apply.join('\n'));
}

describe('dependencies between tables', () => {
  it('a table matching on a field an earlier table writes goes to a later stage (match dependency)', () => {
    const run = expectMarked(chain(3));
    assert.deepEqual([stageOf(run, 't0'), stageOf(run, 't1'), stageOf(run, 't2')], [0, 1, 2]);
  });

  it('a table whose action reads what an earlier action writes goes later (action dependency)', () => {
    const run = expectMarked(
      tna(
        `    action w() { md.b = hdr.d.f1; }
    action r() { md.c = md.b; }
    table t1 { key = { hdr.d.f2 : exact; } actions = { w; } size = 16; }
    table t2 { key = { hdr.d.h1 : exact; } actions = { r; } size = 16; }`,
        `        t1.apply();
        t2.apply();`,
      ),
    );
    assert.equal(stageOf(run, 't2'), stageOf(run, 't1') + 1);
  });

  it('a table that writes what an earlier one reads may share its stage (reverse read)', () => {
    const run = expectMarked(
      tna(
        `    action r() { md.c = md.b; }
    action w() { md.b = hdr.d.f1; }
    table t1 { key = { hdr.d.f2 : exact; } actions = { r; } size = 16; }
    table t2 { key = { hdr.d.h1 : exact; } actions = { w; } size = 16; }`,
        `        t1.apply();
        t2.apply();`,
      ),
    );
    assert.equal(stageOf(run, 't2'), stageOf(run, 't1'));
  });

  it('independent tables share a stage', () => {
    const run = expectMarked(
      tna(
        `    action a1() { md.b = 1; }
    action a2() { md.c = 1; }
    table t1 { key = { hdr.d.f1 : exact; } actions = { a1; } size = 16; }
    table t2 { key = { hdr.d.f2 : exact; } actions = { a2; } size = 16; }`,
        `        t1.apply();
        t2.apply();`,
      ),
    );
    assert.equal(stageOf(run, 't1'), 0);
    assert.equal(stageOf(run, 't2'), 0);
  });

  it('a gateway reading a field written in a stage moves to the next one; its branch may share the gateway stage', () => {
    const run = expectMarked(
      tna(
        `    action w() { md.b = hdr.d.f1; }
    action a2() { md.c = 1; }
    table t1 { key = { hdr.d.f2 : exact; } actions = { w; } size = 16; }
    table t2 { key = { hdr.d.h1 : exact; } actions = { a2; } size = 16; }`,
        `        t1.apply();
        if (md.b == 7) {
            t2.apply();
        }`,
      ),
    );
    const gateway = run.map.pipes[0]?.units.find((u) => u.kind === 'gateway');
    assert.equal(gateway?.stage, 1);
    assert.equal(stageOf(run, 't2'), 1);
  });

  it('tables on the two arms of an if are exclusive: writing the same field costs no stage', () => {
    const run = expectMarked(
      tna(
        `    action a1() { md.b = 1; }
    action a2() { md.b = 2; }
    table t1 { key = { hdr.d.f1 : exact; } actions = { a1; } size = 16; }
    table t2 { key = { hdr.d.f2 : exact; } actions = { a2; } size = 16; }`,
        `        if (hdr.d.h1 == 1) { t1.apply(); } else { t2.apply(); }`,
      ),
    );
    assert.equal(stageOf(run, 't1'), stageOf(run, 't2'));
  });

  it('a table applied on a hit of another may share its stage (control dependency by predication)', () => {
    const run = expectMarked(
      tna(
        `    action a1() { md.b = 1; }
    action a2() { md.c = 2; }
    table t1 { key = { hdr.d.f1 : exact; } actions = { a1; } size = 16; }
    table t2 { key = { hdr.d.f2 : exact; } actions = { a2; } size = 16; }`,
        `        if (t1.apply().hit) { t2.apply(); }`,
      ),
    );
    assert.equal(stageOf(run, 't2'), stageOf(run, 't1'));
  });
});

describe('the number of stages', () => {
  it('a chain of 12 dependent tables fits Tofino 1', () => {
    const run = expectMarked(chain(12));
    assert.equal(stageOf(run, 't11'), 11);
    assert.equal(run.map.fits, true);
  });

  it('a chain of 13 dependent tables needs stage 13 and is an error naming the chain', () => {
    const src = chain(13).replace('    table t12 {', '    table t12 { /* expect: overlimit */');
    const run = expectMarked(src);
    assert.equal(run.map.fits, false);
    assert.match(
      run.found[0]?.message ?? '',
      /needs stage 13 but the target has 12 stages: the dependency chain is t0 → t1 → .* → t12 \(match dependency on 'md\.a'\)/,
    );
  });

  // Rule (docs/tofino-resources.md, "Write-after-write ordering"): when only output
  // dependencies push a program past the last stage, it is accepted with warning 4007 and
  // those writes share a stage (tofino-ascon's ascon_4.p4 runs on hardware this way).
  it('conditional writes of one field past the last stage only by write order: a warning, and they share a stage', () => {
    const base = chain(10);
    const writes = [
      '        if (hdr.d.b1 == 0) { md.x = (bit<16>)md.a; }',
      '        if (hdr.d.b1 == 1) { md.x = (bit<16>)md.a + 1; }',
      '        if (hdr.d.b1 == 2) { md.x = (bit<16>)md.a + 2; } // expect: overlimit/4007',
      '        if (hdr.d.b1 == 3) { md.x = (bit<16>)md.a + 3; }',
    ].join('\n');
    const src = base.replace('        t9.apply();', `        t9.apply();\n${writes}`);
    const run = expectMarked(src);
    assert.equal(run.found[0]?.severity, 'warning');
    assert.equal(run.map.fits, true);
    const synth = run.map.pipes[0]?.units.filter((u) => u.kind === 'synthesized') ?? [];
    assert.deepEqual(
      synth.map((u) => u.stage),
      [10, 10, 10, 10],
    );
  });

  // Same rule when the strict placement fails at a pin rather than at the last stage (found by
  // the allocation property, seed 93781975: the relaxed placement was used with no warning).
  it('a pin that write order keeps a unit from: warning 4002, the unit placed after its dependency (bf-p4c)', () => {
    const src = tna(
      [
        '    action a0() { md.a = md.a + 0; }',
        '    @stage(7) table t0 { key = { md.a : exact; } actions = { a0; } size = 16; }',
        '    action a1() { md.a = md.b + 1; }',
        '    table t1 { key = { md.b : exact; } actions = { a1; } size = 16; }',
        '    action a2() { md.a = md.a + 2; }',
        '    table t2 { key = { md.a : exact; } actions = { a2; } size = 16; }',
        '    action a3() { md.a = md.a + 3; }',
        '    table t3 { key = { md.a : exact; } actions = { a3; } size = 16; }',
        '    action a4() { md.a = md.a + 4; }',
        '    @stage(10) table t4 { key = { md.a : exact; } actions = { a4; } size = 16; } // expect: stage-pragma/4002',
      ].join('\n'),
      ['t0', 't1', 't2', 't3', 't4'].map((t) => `        ${t}.apply();`).join('\n'),
    );
    const run = expectMarked(src);
    assert.equal(run.map.fits, true);
    assert.match(
      run.found[0]?.message ?? '',
      /'t4' is pinned to stage 10 by @stage, but it cannot run before stage 11/,
    );
    const stages = Object.fromEntries((run.map.pipes[0]?.units ?? []).map((u) => [u.name, u.stage]));
    // bf-p4c takes @stage as the earliest stage: t4 runs in stage 11, after t3.
    assert.deepEqual([stages.t0, stages.t1, stages.t4], [7, 8, 11]);
  });

  it('a chain that overflows by read-after-write even with writes sharing stages stays an error', () => {
    const src = chain(12).replace(
      '        t11.apply();',
      '        t11.apply();\n        md.x = (bit<16>)md.a; // expect: overlimit/4000\n        md.x = md.x + 1;',
    );
    const run = expectMarked(src);
    assert.equal(run.map.fits, false);
  });

  // Rule (docs/tofino-resources.md, "Estimates and certainties"): a chain longer than the
  // target is certain and stays error 4000 (above); a pipe pushed past the last stage only
  // because our per-stage estimates filled the stages is accepted with warning 4008, placed
  // by its chains alone.
  it('a pipe past the last stage only because stages filled up: warning 4008, placed by its chains', () => {
    const src = chain(11).replace(
      '        t10.apply();',
      `        t10.apply();\n${Array.from({ length: 17 }, (_, i) => `        p${i}.apply();`).join('\n')}`,
    );
    const tables = Array.from(
      { length: 17 },
      (_, i) =>
        `    action w${i}() { }\n    table p${i} { key = { md.a : exact; } actions = { w${i}; } size = 16; }${i === 16 ? ' // expect: overlimit/4008' : ''}`,
    ).join('\n');
    const run = expectMarked(src.replace('    action set0(', `${tables}\n    action set0(`));
    assert.equal(run.map.fits, true);
    assert.match(
      run.found[0]?.message ?? '',
      /needs stage 13 but the target has 12 stages.*need only 12 of the target's 12 stages/,
    );
    assert.equal(stageOf(run, 'p16'), 11);
    assert.equal(stageOf(run, 't10'), 10);
  });

  it('a chain of 13 is still an error when stages are also full (the chain, not the packing, decides)', () => {
    const src = chain(13)
      .replace('    table t12 {', '    table t12 { /* expect: overlimit/4000 */')
      .replace(
        '        t5.apply();',
        `        t5.apply();\n${Array.from({ length: 17 }, (_, i) => `        p${i}.apply();`).join('\n')}`,
      )
      .replace(
        '    action set0(',
        `${Array.from({ length: 17 }, (_, i) => `    action w${i}() { }\n    table p${i} { key = { md.a : exact; } actions = { w${i}; } size = 16; }`).join('\n')}\n    action set0(`,
      );
    const run = expectMarked(src);
    assert.equal(run.map.fits, false);
    assert.equal(run.found[0]?.severity, 'error');
  });

  it('the tofino2 model has 20 stages, so the same chain fits', () => {
    const run = expectMarked(chain(13), 'tofino2');
    assert.equal(run.map.stageCount, 20);
    assert.equal(stageOf(run, 't12'), 12);
  });

  it('a stage holds at most 16 logical tables; the 17th independent table goes to the next stage', () => {
    const locals: string[] = [];
    const apply: string[] = [];
    for (let i = 0; i < 17; i++) {
      locals.push(`    action a${i}() { }`);
      locals.push(`    table t${i} { key = { hdr.d.f1 : exact; } actions = { a${i}; } size = 16; }`);
      apply.push(`        t${i}.apply();`);
    }
    const run = expectMarked(tna(locals.join('\n'), apply.join('\n')));
    const stages = run.map.pipes[0]?.units.filter((u) => u.kind === 'table').map((u) => u.stage) ?? [];
    assert.equal(stages.filter((s) => s === 0).length, 16);
    assert.equal(stages.filter((s) => s === 1).length, 1);
  });
});

describe('@stage pragmas', () => {
  it('a pinned table lands in its stage', () => {
    const run = expectMarked(chain(2, { table: 1, stage: 5 }));
    assert.equal(stageOf(run, 't1'), 5);
    assert.equal(run.map.pipes[0]?.units.find((u) => u.name === 't1')?.pinned, 5);
  });

  it('a table pinned before its dependencies allow is warned about and placed after them', () => {
    const src = chain(3, { table: 2, stage: 1 }).replace(
      '@stage(1) table t2 {',
      '@stage(1) table t2 { /* expect: stage-pragma */',
    );
    const run = expectMarked(src);
    assert.match(
      run.found[0]?.message ?? '',
      /pinned to stage 1 by @stage, but it cannot run before stage 2: table 't1' is in stage 1 \(match dependency on 'md\.a'\)/,
    );
  });

  it('@stage(N, entries) puts that many entries in stage N and the rest in later stages', () => {
    // 200k exact entries: more than the 29 free blocks stage 1 keeps beside a 150k-entry table.
    const big = (name: string, size: number, pin = '') =>
      `    ${pin}table ${name} { key = { hdr.d.f1 : exact; } actions = { a_${name}; } size = ${size}; }`;
    const locals = [
      '    action a_t1() { md.a = 1; }',
      '    action a_t2() { md.b = 2; }',
      big('t1', 150000, '@stage(1) '),
      big('t2', 200000, '@stage(1, 4096) '),
    ].join('\n');
    const run = expectMarked(
      tna(locals, '        if (hdr.d.b1 == 0) { t1.apply(); } else { t2.apply(); }').replace(
        '@stage(1, 4096) table t2 {',
        '@stage(1, 4096) table t2 { /* expect: table-split */',
      ),
    );
    const t2 = run.map.pipes[0]?.units.find((u) => u.name === 't2');
    assert.equal(t2?.stage, 1);
    assert.ok((t2?.lastStage ?? 0) > 1, `t2 ends in stage ${t2?.lastStage}`);
  });

  it('a pin past the last stage is an error', () => {
    const src = chain(1, { table: 0, stage: 12 }).replace(
      '@stage(12) table t0 {',
      '@stage(12) table t0 { /* expect: stage-pragma */',
    );
    expectMarked(src);
  });
});

describe('what stage allocation leaves out', () => {
  it('a loop in a control gets a warning and no units', () => {
    const run = expectMarked(
      tna(
        '',
        `        for (bit<8> i = 0; i < 4; i = i + 1) { // expect: unsupported-on-target
            md.y = md.y + i;
        }`,
      ),
    );
    assert.equal(run.found[0]?.severity, 'warning');
    assert.equal(run.map.pipes[0]?.units.length, 0);
  });
});
