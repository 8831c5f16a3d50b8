import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatResources, resourcesJson } from '../../../../compiler/targets/tofino/index.js';
import { expectMarked, stageOf, tna } from './helpers.js';

function unitDemand(run: ReturnType<typeof expectMarked>, name: string) {
  const u = run.map.pipes[0]?.units.find((x) => x.name === name);
  assert.ok(u !== undefined);
  return u.demand;
}

describe('table memory', () => {
  it('an exact table of 4,096 entries on a 32-bit key packs three entries per 128-bit word: 2 SRAM blocks', () => {
    const run = expectMarked(
      tna(
        `    action a(bit<8> v) { hdr.d.b1 = v; }
    table t { key = { hdr.d.f1 : exact; } actions = { a; } size = 4096; }`,
        '        t.apply();',
      ),
    );
    // 32 key + 4 version + 8 immediate = 44 bits: 2 per word, 2,048 per block → 2 blocks.
    assert.equal(unitDemand(run, 't').sramBlocks, 2);
    assert.equal(unitDemand(run, 't').tcamBlocks, 0);
  });

  it('a ternary table of 2,048 entries on a 64-bit key takes 2 x 4 TCAM blocks', () => {
    const run = expectMarked(
      tna(
        `    action a() { hdr.d.b1 = 1; }
    table t { key = { hdr.d.f1 : ternary; hdr.d.f2 : exact; } actions = { a; } size = 2048; }`,
        '        t.apply();',
      ),
    );
    assert.equal(unitDemand(run, 't').tcamBlocks, 8);
  });

  it('wide action data goes to action-data RAM and the action data bus', () => {
    const run = expectMarked(
      tna(
        `    action a(bit<48> mac, bit<32> ip) { hdr.eth.dst = mac; md.a = ip; }
    table t { key = { hdr.d.f1 : exact; } actions = { a; } size = 1024; }`,
        '        t.apply();',
      ),
    );
    assert.equal(unitDemand(run, 't').actionDataBits, 80);
    assert.ok(unitDemand(run, 't').sramBlocks >= 2);
  });

  it('a table larger than one stage is split across stages, with a warning', () => {
    const run = expectMarked(
      tna(
        `    action a() { hdr.d.b1 = 1; }
    table t { key = { hdr.d.f1 : ternary; } actions = { a; } size = 20000; } // expect: table-split`,
        '        t.apply();',
      ),
    );
    const u = run.map.pipes[0]?.units.find((x) => x.name === 't');
    assert.deepEqual([u?.stage, u?.lastStage], [0, 1]);
  });

  it('two tables pinned to one stage that cannot hold both: the second does not fit, naming the first', () => {
    const run = expectMarked(
      tna(
        `    action a() { hdr.d.b1 = 1; }
    action b() { hdr.d.b2 = 1; }
    @stage(2) table t1 { key = { hdr.d.f1 : ternary; } actions = { a; } size = 8192; }
    @stage(2) table t2 { key = { hdr.d.f2 : ternary; } actions = { b; } size = 8192; } // expect: overlimit`,
        '        t1.apply();\n        t2.apply();',
      ),
    );
    assert.match(
      run.found[0]?.message ?? '',
      /does not fit in stage 2: it needs 16 TCAM blocks and the stage has 8 of 24 left \(used by 't1'\)/,
    );
  });

  it('unpinned, the same two tables go to consecutive stages', () => {
    const run = expectMarked(
      tna(
        `    action a() { hdr.d.b1 = 1; }
    action b() { hdr.d.b2 = 1; }
    table t1 { key = { hdr.d.f1 : ternary; } actions = { a; } size = 8192; }
    table t2 { key = { hdr.d.f2 : ternary; } actions = { b; } size = 8192; }`,
        '        t1.apply();\n        t2.apply();',
      ),
    );
    assert.deepEqual([stageOf(run, 't1'), stageOf(run, 't2')], [0, 1]);
  });
});

describe('the resource report', () => {
  const src = tna(
    `    Register<bit<16>, bit<10>>(1024) reg;
    RegisterAction<bit<16>, bit<10>, bit<16>>(reg) bump = {
        void apply(inout bit<16> value, out bit<16> rv) { value = value + 1; rv = value; }
    };
    action count() { md.x = bump.execute(hdr.d.h1[9:0]); }
    table t { key = { hdr.d.f1 : exact; } actions = { count; } size = 16; }`,
    '        t.apply();',
  );

  it('the text names every stage with its use against the limits, and where tables and registers landed', () => {
    const text = formatResources(expectMarked(src).map);
    assert.match(text, /target tofino: 12 stages per gress; the program fits/);
    assert.match(text, /stage\s+tables\s+gw\s+SRAM\s+TCAM\s+mapRAM\s+sALU/);
    assert.match(text, /^0\s+1\/16\s+0\/16\s+\d+\/80\s+0\/24\s+\d+\/48\s+1\/4/m);
    assert.match(text, /ingress exact\s+t registers: reg/);
    assert.match(text, /register\s+reg: bit<16> x 1024, 2 RAM blocks, actions bump/);
  });

  it('the JSON is the same map', () => {
    const map = expectMarked(src).map;
    const parsed = JSON.parse(resourcesJson(map));
    assert.equal(parsed.pipes[0].registers[0].name, 'reg');
    assert.equal(parsed.pipes[0].units[0].stage, 0);
    assert.equal(parsed.stageCount, 12);
  });
});
