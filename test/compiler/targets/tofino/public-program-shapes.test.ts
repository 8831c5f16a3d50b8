// Shapes found in public TNA programs that bf-p4c accepts and our checks once rejected (the
// corpus run in docs/tofino-resources.md): each test is the smallest program with the shape,
// and states the rule that keeps it accepted.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectMarked, registerStage, runTofino, stageOf, tna } from './helpers.js';

describe('shapes from public TNA programs', () => {
  it('writes of disjoint slices of one field do not depend on each other (ASCON @in_hash halves)', () => {
    const run = expectMarked(
      tna(
        `    action hi() { md.w[63:32] = hdr.d.f1; }
    action lo() { md.w[31:0] = hdr.d.f2; }
    table t1 { key = { hdr.d.h1 : exact; } actions = { hi; } size = 16; }
    table t2 { key = { hdr.d.h2 : exact; } actions = { lo; } size = 16; }`,
        '        t1.apply();\n        t2.apply();',
      ),
    );
    assert.equal(stageOf(run, 't2'), stageOf(run, 't1'));
  });

  it('writes of overlapping slices of one field still go to a later stage', () => {
    const run = expectMarked(
      tna(
        `    action hi() { md.w[63:24] = hdr.d.w64[39:0]; }
    action lo() { md.w[31:0] = hdr.d.f2; }
    table t1 { key = { hdr.d.h1 : exact; } actions = { hi; } size = 16; }
    table t2 { key = { hdr.d.h2 : exact; } actions = { lo; } size = 16; }`,
        '        t1.apply();\n        t2.apply();',
      ),
    );
    assert.equal(stageOf(run, 't2'), stageOf(run, 't1') + 1);
  });

  it('disjoint slices within one 32-bit word share a container, so their writes still depend', () => {
    const run = expectMarked(
      tna(
        `    action hi() { md.a[31:16] = hdr.d.h1; }
    action lo() { md.a[15:0] = hdr.d.h2; }
    table t1 { key = { hdr.d.f1 : exact; } actions = { hi; } size = 16; }
    table t2 { key = { hdr.d.f2 : exact; } actions = { lo; } size = 16; }`,
        '        t1.apply();\n        t2.apply();',
      ),
    );
    assert.equal(stageOf(run, 't2'), stageOf(run, 't1') + 1);
  });

  // Rule (docs/tofino-resources.md, "Straight-line code"): bf-p4c's action synthesis keeps a
  // Hash.get result and its use in one action, since the hash comes from the input crossbar.
  it('a hash result used as a register index in the next statement stays in one synthesized table and stage', () => {
    const run = expectMarked(
      tna(
        `    Hash<bit<16>>(HashAlgorithm_t.CRC16) h;
    Register<bit<32>, bit<16>>(1024) r;
    RegisterAction<bit<32>, bit<16>, bit<32>>(r) bump = {
        void apply(inout bit<32> v, out bit<32> rv) { v = v + 1; rv = v; }
    };`,
        '        md.x = h.get({hdr.d.f1});\n        md.a = bump.execute(md.x);',
      ),
    );
    const synth = run.map.pipes[0]?.units.filter((u) => u.kind === 'synthesized') ?? [];
    assert.equal(synth.length, 1);
    assert.equal(synth[0]?.stage, 0);
  });

  it('a plain (not hashed) value used in the next statement still splits the straight-line run', () => {
    const run = expectMarked(tna('', '        md.x = hdr.d.h1 + 1;\n        md.a = (bit<32>)md.x;'));
    const synth = run.map.pipes[0]?.units.filter((u) => u.kind === 'synthesized') ?? [];
    assert.deepEqual(
      synth.map((u) => u.stage),
      [0, 1],
    );
  });

  it('straight-line writes of two halves of a field form one synthesized table', () => {
    const run = expectMarked(tna('', '        md.w[63:32] = hdr.d.f1;\n        md.w[31:0] = hdr.d.f2;'));
    assert.equal(run.map.pipes[0]?.units.filter((u) => u.kind === 'synthesized').length, 1);
  });

  it('an action writing one slice and then reading another slice of the field writes each destination once', () => {
    expectMarked(
      tna(
        `    action a() {
        md.w[63:32] = md.w[63:32] ^ hdr.d.f1;
        md.w[31:24] = md.w[31:24] ^ 0x80;
    }
    table t { key = { hdr.d.h1 : exact; } actions = { a; } size = 16; }`,
        '        t.apply();',
      ),
    );
  });

  it("two actions' local variables of one name are no field: their tables share a stage (permutation tables)", () => {
    const run = expectMarked(
      tna(
        `    action a1() { bit<32> tmp = hdr.d.f1; hdr.d.f1 = hdr.d.f2; hdr.d.f2 = tmp; }
    action a2() { bit<16> tmp = hdr.d.h1; hdr.d.h1 = hdr.d.h2; hdr.d.h2 = tmp; }
    table t1 { key = { md.a : exact; } actions = { a1; } size = 16; }
    table t2 { key = { md.a : exact; } actions = { a2; } size = 16; }`,
        '        t1.apply();\n        t2.apply();',
      ),
    );
    assert.equal(stageOf(run, 't2'), stageOf(run, 't1'));
  });

  it('a ternary table too large for one stage with a DirectRegister splits like any table (SwitchML)', () => {
    const run = expectMarked(
      tna(
        `    DirectRegister<bit<32>>() psn;
    DirectRegisterAction<bit<32>, bit<32>>(psn) bump = {
        void apply(inout bit<32> value, out bit<32> rv) { rv = value; value = value + 1; }
    };
    action add(bit<16> q) { hdr.d.h1 = q; md.a = bump.execute(); }
    table t { key = { hdr.d.b1 : exact; hdr.d.h2 : ternary; } actions = { add; } size = 16384; registers = psn; } // expect: table-split`,
        '        t.apply();',
      ),
    );
    const u = run.map.pipes[0]?.units.find((x) => x.name === 't');
    assert.ok(u !== undefined && u.lastStage > u.stage);
  });

  it('a table applied before a return and again after it runs once per packet: no 4006 (p4containerflow)', () => {
    const run = expectMarked(
      tna(
        `    action a() { md.a = 1; }
    table t { key = { hdr.d.f1 : exact; } actions = { a; } size = 16; }`,
        `        if (hdr.d.b1 == 1) {
            t.apply();
            return;
        }
        md.b = 2;
        t.apply();`,
      ),
    );
    assert.deepEqual(
      run.map.pipes[0]?.units.filter((u) => u.kind === 'table').map((u) => u.name),
      ['t', 't_2'],
    );
  });

  it('a return on another branch does not make two applies exclusive', () => {
    expectMarked(
      tna(
        `    action a() { md.a = 1; }
    table t { key = { hdr.d.f1 : exact; } actions = { a; } size = 16; }`,
        `        t.apply();
        if (hdr.d.b1 == 1) { return; }
        t.apply(); // expect: table-apply`,
      ),
    );
  });

  it('a comparison as the register action output is a condition, not an operator the ALU lacks (PIE)', () => {
    expectMarked(
      tna(
        `    Register<bit<32>, bit<1>>(1) rng_reg;
    RegisterAction<bit<32>, bit<1>, bool>(rng_reg) compare = {
        void apply(inout bit<32> value, out bool result) {
            result = md.b > value;
            value = md.c;
        }
    };`,
        '        md.flag = (bit<1>) compare.execute(0);',
      ),
    );
  });

  // Rule (docs/tofino-resources.md, "Registers"): a register's stage is where all its accesses
  // can run; when the stage its first access took fills up before a later access, the register
  // moves to a later stage rather than the program being rejected (p4-bier-tofino).
  it('a register whose first stage fills up before its later access moves to the next stage', () => {
    const tables = Array.from(
      { length: 16 },
      (_, i) => `    table t${i} { key = { hdr.d.f1 : exact; } actions = { NoAction; } size = 16; }`,
    ).join('\n');
    const applies = Array.from({ length: 16 }, (_, i) => `            t${i}.apply();`).join('\n');
    const run = expectMarked(
      tna(
        `    Register<bit<8>, bit<8>>(256) r;
    RegisterAction<bit<8>, bit<8>, bit<8>>(r) read_r = { void apply(inout bit<8> v, out bit<8> rv) { rv = v; } };
    RegisterAction<bit<8>, bit<8>, bit<8>>(r) set_r = { void apply(inout bit<8> v) { v = 1; } };
${tables}`,
        `        if (hdr.d.h1 == 1) {
            md.y = read_r.execute(0);
        } else {
${applies}
            set_r.execute(1);
        }`,
      ),
    );
    assert.equal(registerStage(run, 'r'), 1);
  });

  // Rule (docs/tofino-resources.md, "Register rules"): bf-p4c runs a bit<64> cell in the
  // stateful ALU's dual mode, `0 ++ x` is a zero-extension (p4c makes it a cast), and
  // sizeInBytes of a fixed-size type is a constant (bf-p4c's ConvertSizeOfToConstant): PIFINA.
  it('a bit<64> register written with 16w0 ++ a 48-bit value, and sizeInBytes in an ALU body, are accepted', () => {
    const run = expectMarked(
      tna(
        `    Register<bit<64>, bit<8>>(256) stamps;
    RegisterAction<bit<64>, bit<8>, void>(stamps) keep = {
        void apply(inout bit<64> v) { v = 16w0 ++ hdr.eth.src; }
    };
    Register<bit<32>, bit<8>>(256) bytes;
    RegisterAction<bit<32>, bit<8>, void>(bytes) count = {
        void apply(inout bit<32> v) { v = v + sizeInBytes(hdr); }
    };`,
        '        keep.execute(hdr.d.b1);\n        count.execute(hdr.d.b2);',
      ),
    );
    assert.equal(run.map.pipes[0]?.registers.find((r) => r.name === 'stamps')?.cellBits, 64);
  });

  // Rule (docs/tofino-resources.md, "Straight-line code"): bf-p4c's action synthesis keeps
  // two extern uses out of one action, so each register execute of a run is a synthesized
  // table of its own; the stateful ALUs (4 a stage) spread them (P4DB's 72 executes in a row
  // fit Tofino 2).
  it('six independent register executes in a row are six synthesized tables over two stages', () => {
    const regs = Array.from(
      { length: 6 },
      (_, i) => `    Register<bit<8>, bit<8>>(256) r${i};
    RegisterAction<bit<8>, bit<8>, bit<8>>(r${i}) ra${i} = { void apply(inout bit<8> v, out bit<8> rv) { rv = v; v = v + 1; } };`,
    ).join('\n');
    const run = expectMarked(
      tna(
        regs,
        ['md.a', 'md.b', 'md.c', 'md.e', 'md.x', 'md.z']
          .map(
            (to, i) =>
              `        ${to} = (bit<${to === 'md.x' || to === 'md.z' ? 16 : 32}>)ra${i}.execute(hdr.d.h1[7:0]);`,
          )
          .join('\n'),
      ),
    );
    const synth = run.map.pipes[0]?.units.filter((u) => u.kind === 'synthesized') ?? [];
    assert.deepEqual(
      synth.map((u) => u.registers.length),
      [1, 1, 1, 1, 1, 1],
    );
    assert.deepEqual(
      synth.map((u) => u.stage),
      [0, 0, 0, 0, 1, 1],
    );
  });

  // The same rule, in Cheetah's shape: two registers executed in a row on one branch, each
  // also reached on another branch where it needs a different stage. As one synthesized
  // table they would have to share a stage (error 4014); as two, each goes to its register's.
  it('two register executes in a row each go to the stage of their own register', () => {
    const run = expectMarked(
      tna(
        `    Register<bit<16>, bit<8>>(16) ra;
    Register<bit<16>, bit<8>>(16) rb;
    Register<bit<16>, bit<8>>(16) rc;
    RegisterAction<bit<16>, bit<8>, bit<16>>(ra) readA = { void apply(inout bit<16> v, out bit<16> rv) { rv = v; } };
    RegisterAction<bit<16>, bit<8>, bit<16>>(rb) readB = { void apply(inout bit<16> v, out bit<16> rv) { rv = v; } };
    RegisterAction<bit<16>, bit<8>, bit<16>>(rb) bumpB = { void apply(inout bit<16> v) { v = v + 1; } };
    RegisterAction<bit<16>, bit<8>, bit<16>>(rc) readC = { void apply(inout bit<16> v, out bit<16> rv) { rv = v; } };
    RegisterAction<bit<16>, bit<8>, bit<16>>(rc) bumpC = { void apply(inout bit<16> v) { v = v + 1; } };
    action doC() { md.c[15:0] = readC.execute(0); }
    @stage(0) table tc { actions = { doC; } default_action = doC(); }`,
        `        if (hdr.d.b1 == 1) {
            tc.apply();
            md.x = readA.execute(0);
            if (md.x == 1) { md.z = readB.execute(0); }
        } else {
            bumpC.execute(1);
            bumpB.execute(1);
        }`,
      ),
    );
    assert.equal(registerStage(run, 'rc'), 0);
    assert.equal(registerStage(run, 'rb'), 1);
    // Every access sits in its register's stage.
    const units = run.map.pipes[0]?.units ?? [];
    for (const [reg, stage] of [
      ['rb', 1],
      ['rc', 0],
    ] as const)
      for (const u of units.filter((x) => x.registers.includes(reg))) assert.equal(u.stage, stage, u.name);
  });
});

// Rule (docs/tofino-resources.md, "Dependencies and placement"): on Tofino 2 a table too
// large for one stage may still execute an indirect register: its match memory splits over
// stages and the register sits in the last one (bf-p4c's t2na test stateful_split1). Tofino 1
// keeps such a table in one stage.
describe('a split table with an indirect register', () => {
  const program = tna(
    `    Register<bit<16>, bit<12>>(4096) accum;
    RegisterAction<bit<16>, bit<12>, bit<16>>(accum) add = {
        void apply(inout bit<16> v, out bit<16> rv) { v = v + hdr.d.h1; rv = v; }
    };
    action act(bit<12> idx) { hdr.d.h1 = add.execute(idx); }
    table big {
        key = { hdr.d.f1 : exact; }
        actions = { act; @defaultonly NoAction; }
        const default_action = NoAction();
        size = 1048576;
    }`,
    '        big.apply();',
  );

  it('splits on Tofino 2 with the register in the last stage', () => {
    const run = runTofino(program, 'tofino2');
    assert.deepEqual(
      run.found.filter((d) => d.severity === 'error'),
      [],
      run.rendered,
    );
    const unit = run.map.pipes[0]?.units.find((u) => u.name === 'big');
    assert.ok(unit !== undefined && unit.lastStage > unit.stage, run.rendered);
    assert.equal(registerStage(run, 'accum'), unit.lastStage);
    assert.ok(run.found.some((d) => d.code === 4004));
  });

  it('does not fit one Tofino 1 stage', () => {
    const run = runTofino(program, 'tofino');
    assert.ok(
      run.found.some((d) => d.code === 4001),
      run.rendered,
    );
  });
});

// A table executing two registers that other accesses placed in different stages: both
// registers go to the later stage (allocatePipe's rounds), so every access sits in its
// register's stage instead of the table reaching one of them from the wrong stage.
describe('a table executing two registers placed apart', () => {
  it('moves the earlier register to the later one’s stage', () => {
    const run = expectMarked(
      tna(
        `    Register<bit<16>, bit<8>>(16) ra;
    Register<bit<16>, bit<8>>(16) rb;
    RegisterAction<bit<16>, bit<8>, bit<16>>(ra) readA = { void apply(inout bit<16> v, out bit<16> rv) { rv = v; } };
    RegisterAction<bit<16>, bit<8>, bit<16>>(ra) bumpA = { void apply(inout bit<16> v) { v = v + 1; } };
    RegisterAction<bit<16>, bit<8>, bit<16>>(rb) readB = { void apply(inout bit<16> v, out bit<16> rv) { rv = v; } };
    RegisterAction<bit<16>, bit<8>, bit<16>>(rb) bumpB = { void apply(inout bit<16> v) { v = v + 1; } };
    action step() { md.a = md.a + 1; }
    table s0 { key = { md.a : exact; } actions = { step; } size = 16; }
    table s1 { key = { md.a : exact; } actions = { step; } size = 16; }
    action both() { bumpA.execute(1); bumpB.execute(1); }
    table t { key = { hdr.d.h1 : exact; } actions = { both; } size = 16; }`,
        `        if (hdr.d.b1 == 1) {
            s0.apply();
            s1.apply();
            md.x = readA.execute((bit<8>)md.a);
            md.z = readB.execute(0);
        } else {
            t.apply();
        }`,
      ),
    );
    const units = run.map.pipes[0]?.units ?? [];
    for (const reg of ['ra', 'rb'])
      for (const u of units.filter((x) => x.registers.includes(reg)))
        assert.equal(u.stage, registerStage(run, reg), `${u.name} and ${reg}`);
    assert.equal(registerStage(run, 'ra'), registerStage(run, 'rb'));
  });
});
