import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectMarked, registerStage, stageOf, tna } from './helpers.js';

const readAction = (
  name: string,
  reg: string,
  type = 'bit<32>',
) => `    RegisterAction<${type}, bit<10>, ${type}>(${reg}) ${name} = {
        void apply(inout ${type} value, out ${type} rv) { rv = value; }
    };`;

describe('one register action per register per packet', () => {
  it('two actions of one register in different actions of one table are exclusive', () => {
    const run = expectMarked(
      tna(
        `    Register<bit<32>, bit<10>>(1024) reg;
${readAction('ra1', 'reg')}
${readAction('ra2', 'reg')}
    action x1() { md.a = ra1.execute(hdr.d.h1[9:0]); }
    action x2() { md.b = ra2.execute(hdr.d.h1[9:0]); }
    table t { key = { hdr.d.f1 : exact; } actions = { x1; x2; } size = 16; }`,
        `        t.apply();`,
      ),
    );
    assert.equal(registerStage(run, 'reg'), stageOf(run, 't'));
  });

  it('two actions of one register on one path are an error pointing at the second', () => {
    expectMarked(
      tna(
        `    Register<bit<32>, bit<10>>(1024) reg;
${readAction('ra1', 'reg')}
${readAction('ra2', 'reg')}`,
        `        md.a = ra1.execute(0);
        md.b = ra2.execute(1); // expect: register-access`,
      ),
    );
  });

  // `error`: the second access (in `add`) is expected to be reported.
  const twoTables = (t1Default: string, apply: string, error = false) =>
    tna(
      `    Register<bit<32>, bit<10>>(1024) reg;
${readAction('ra1', 'reg')}
${readAction('ra2', 'reg')}
    action nop() { }
    action load() { md.a = ra1.execute(hdr.d.h1[9:0]); }
    action add() { md.b = ra2.execute(hdr.d.h1[9:0]); }${error ? ' // expect: register-access' : ''}
    table t1 { key = { hdr.d.f1 : ternary; } actions = { nop; load; } ${t1Default} size = 16; }
    table t2 { key = { hdr.d.f2 : ternary; } actions = { nop; add; } size = 16; }`,
      apply,
    );

  it('a table reached only when the first one missed, whose const default has no access, may use the register', () => {
    expectMarked(twoTables('const default_action = nop();', '        if (t1.apply().miss) { t2.apply(); }'));
    expectMarked(twoTables('const default_action = nop();', '        if (!t1.apply().hit) { t2.apply(); }'));
  });

  it('on the hit arm, or with a default the control plane may change, both can run: an error', () => {
    expectMarked(twoTables('const default_action = nop();', '        if (t1.apply().hit) { t2.apply(); }', true));
    expectMarked(twoTables('default_action = nop();', '        if (t1.apply().miss) { t2.apply(); }', true));
  });

  it('a switch case on action_run reaches a second access only after the actions it names', () => {
    expectMarked(twoTables('', '        switch (t1.apply().action_run) { nop: { t2.apply(); } }'));
    expectMarked(twoTables('', '        switch (t1.apply().action_run) { load: { t2.apply(); } }', true));
  });

  it('two actions of one register in one action body are an error', () => {
    expectMarked(
      tna(
        `    Register<bit<32>, bit<10>>(1024) reg;
${readAction('ra1', 'reg')}
${readAction('ra2', 'reg')}
    action both() {
        md.a = ra1.execute(0);
        md.b = ra2.execute(1); // expect: register-access
    }
    table t { key = { hdr.d.f1 : exact; } actions = { both; } size = 16; }`,
        `        t.apply();`,
      ),
    );
  });

  it('accesses on the two arms of an if are exclusive and share the register stage', () => {
    const run = expectMarked(
      tna(
        `    Register<bit<32>, bit<10>>(1024) reg;
${readAction('ra1', 'reg')}
${readAction('ra2', 'reg')}`,
        `        if (hdr.d.b1 == 1) { md.a = ra1.execute(0); } else { md.b = ra2.execute(1); }`,
      ),
    );
    assert.equal(run.map.pipes[0]?.registers.length, 1);
  });

  it('exclusive accesses with different earliest stages all move to the later one (the register follows its last access)', () => {
    const run = expectMarked(
      tna(
        `    Register<bit<32>, bit<10>>(1024) reg;
${readAction('ra1', 'reg')}
${readAction('ra2', 'reg')}
    action w() { md.c = hdr.d.f1; }
    table t1 { key = { hdr.d.f2 : exact; } actions = { w; } size = 16; }`,
        `        if (hdr.d.b1 == 1) {
            md.a = ra1.execute(0);
        } else {
            t1.apply();
            md.b = ra2.execute(md.c[9:0]);
        }`,
      ),
    );
    assert.equal(registerStage(run, 'reg'), stageOf(run, 't1') + 1);
  });

  it('exclusive accesses that a @stage pin keeps apart are an error', () => {
    expectMarked(
      tna(
        `    Register<bit<32>, bit<10>>(1024) reg;
${readAction('ra1', 'reg')}
${readAction('ra2', 'reg')}
    action w() { md.c = hdr.d.f1; }
    action r1() { md.a = ra1.execute(0); }
    table t1 { key = { hdr.d.f2 : exact; } actions = { w; } size = 16; }
    @stage(0) table t0 { key = { hdr.d.f1 : exact; } actions = { r1; } size = 16; }`,
        `        if (hdr.d.b1 == 1) {
            t0.apply();
        } else {
            t1.apply();
            md.b = ra2.execute(md.c[9:0]); // expect: register-access
        }`,
      ),
    );
  });
});

describe('register cells and sizes', () => {
  it('a pair of two 32-bit halves is a valid register cell', () => {
    const run = expectMarked(
      tna(
        `    Register<pair_t, bit<10>>(1024) reg;
    RegisterAction<pair_t, bit<10>, bit<32>>(reg) ra = {
        void apply(inout pair_t value, out bit<32> rv) { value.lo = value.lo + 1; value.hi = value.hi + hdr.d.f1; rv = value.hi; }
    };`,
        `        md.a = ra.execute(0);`,
      ),
    );
    assert.equal(run.map.pipes[0]?.registers[0]?.pair, true);
    assert.equal(run.map.pipes[0]?.registers[0]?.cellBits, 64);
  });

  it('a 128-bit register is an error; a 64-bit one runs in the ALU dual mode (bf-p4c: twice the ALU width)', () => {
    expectMarked(
      tna(
        `    Register<bit<128>, bit<10>>(1024) reg; // expect: unsupported-on-target
    RegisterAction<bit<128>, bit<10>, bit<32>>(reg) ra = {
        void apply(inout bit<128> value, out bit<32> rv) { rv = value[31:0]; }
    };
    Register<bit<64>, bit<10>>(1024) reg64;
    RegisterAction<bit<64>, bit<10>, bit<64>>(reg64) ra64 = {
        void apply(inout bit<64> value, out bit<64> rv) { rv = value; }
    };`,
        `        md.a = ra.execute(0);\n        md.w = ra64.execute(1);`,
      ),
    );
  });

  it('a 4-bit register is stored in 8-bit cells, with a warning', () => {
    const run = expectMarked(
      tna(
        `    Register<bit<4>, bit<10>>(1024) reg; // expect: unsupported-on-target
${readAction('ra', 'reg', 'bit<4>')}`,
        `        hdr.d.b1[3:0] = ra.execute(0);`,
      ),
    );
    assert.equal(run.found[0]?.severity, 'warning');
  });

  it('a register of 2^17 32-bit cells (33 RAM blocks) fits one stateful ALU', () => {
    const run = expectMarked(
      tna(
        `    Register<bit<32>, bit<17>>(131072) reg;\n${readAction('ra', 'reg', 'bit<32>').replace(/bit<10>/g, 'bit<17>')}`,
        `        md.a = ra.execute(0);`,
      ),
    );
    assert.equal(run.map.pipes[0]?.registers[0]?.blocks, 33);
  });

  it('a register larger than a stateful ALU can reach is an error', () => {
    expectMarked(
      tna(
        `    Register<bit<32>, bit<21>>(2097152) reg; // expect: overlimit\n${readAction('ra', 'reg', 'bit<32>').replace(/bit<10>/g, 'bit<21>')}`,
        `        md.a = ra.execute(0);`,
      ),
    );
  });

  it('four register actions of one register fit its stateful ALU; a fifth is an error', () => {
    const actions = (n: number) =>
      Array.from({ length: n }, (_, i) => readAction(`ra${i}`, 'reg')).join('\n') +
      `\n    ${Array.from({ length: n }, (_, i) => `action x${i}() { md.a = ra${i}.execute(0); }`).join('\n    ')}
    table t { key = { hdr.d.f1 : exact; } actions = { ${Array.from({ length: n }, (_, i) => `x${i};`).join(' ')} } size = 16; }`;
    expectMarked(tna(`    Register<bit<32>, bit<10>>(1024) reg;\n${actions(4)}`, '        t.apply();'));
    expectMarked(
      tna(`    Register<bit<32>, bit<10>>(1024) reg; // expect: overlimit\n${actions(5)}`, '        t.apply();'),
    );
  });

  it('a stage has 4 stateful ALUs: a fifth independent register goes to the next stage', () => {
    const locals: string[] = [];
    const apply: string[] = [];
    for (let i = 0; i < 5; i++) {
      locals.push(`    Register<bit<8>, bit<10>>(1024) reg${i};`);
      locals.push(readAction(`ra${i}`, `reg${i}`, 'bit<8>'));
      locals.push(`    action x${i}() { hdr.d.b1 = ra${i}.execute(hdr.d.h1[9:0]); }`);
      locals.push(`    table t${i} { key = { hdr.d.f1 : exact; } actions = { x${i}; } size = 16; }`);
      apply.push(`        if (hdr.d.h2 == ${i}) { t${i}.apply(); }`);
    }
    // The tables write one field on exclusive-free paths, so give each its own branch arm.
    const src = tna(locals.join('\n'), apply.join('\n').replace(/hdr\.d\.b1 = /g, 'hdr.d.b1 = '));
    const run = expectMarked(
      src.replace(/if \(hdr\.d\.h2 == (\d)\) \{ t(\d)\.apply\(\); \}/g, (_m, a, b) =>
        a === '0'
          ? `switch (hdr.d.h2) { 0: { t${b}.apply(); }`
          : a === '4'
            ? `4: { t${b}.apply(); } }`
            : `${a}: { t${b}.apply(); }`,
      ),
    );
    const stages = [0, 1, 2, 3, 4].map((i) => registerStage(run, `reg${i}`));
    assert.deepEqual(stages, [0, 0, 0, 0, 1]);
  });
});
