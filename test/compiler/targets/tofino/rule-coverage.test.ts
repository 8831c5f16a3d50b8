// One positive and one negative program for every rule the Tofino checks enforce (each code of
// compiler/targets/tofino/messages.ts): the negative one carries `expect: NAME/CODE` on the
// line the diagnostic must point at; the positive one is its nearest neighbour that fits.
// docs/tofino-resources.md lists these pairs as the rule → tests table.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TofinoMessages } from '../../../../compiler/targets/tofino/messages.js';
import type { TofinoModel } from '../../../../compiler/targets/tofino/target-model.js';
import { expectMarked, t2na, tna, tnaParser } from './helpers.js';

interface RulePair {
  readonly code: number;
  readonly rule: string;
  readonly positive: string;
  readonly negative: string;
  /** The chip whose rule it is (Tofino 1 unless said). */
  readonly model?: TofinoModel;
}

/** A Tofino 2 register of 16-bit cells whose action has outputs rv, rv2 and `body`. */
const salu2 = (body: string, action = 'RegisterAction<bit<16>, bit<10>, bit<16>>') =>
  t2na(
    `    Register<bit<16>, bit<10>>(1024) reg;
    ${action}(reg) ra = {
        void apply(inout ${action.startsWith('MinMax') ? 'bit<128>' : 'bit<16>'} value, out bit<16> rv, out bit<16> rv2) {
${body}
        }
    };`,
    '        hdr.d.h1 = ra.execute(0, hdr.d.h2);',
  );

/** `n` exact tables, table i matching on what table i-1 writes; `mark` on table `markAt`'s line. */
function chain(n: number, opts: { pin?: [number, number]; markAt?: number; mark?: string } = {}): string {
  const locals: string[] = [];
  const apply: string[] = [];
  for (let i = 0; i < n; i++) {
    const pin = opts.pin?.[0] === i ? `@stage(${opts.pin[1]}) ` : '';
    const mark = opts.markAt === i ? ` // expect: ${opts.mark}` : '';
    locals.push(`    action set${i}(bit<32> v) { md.a = md.a + v; }`);
    locals.push(`    ${pin}table t${i} { key = { md.a : exact; } actions = { set${i}; } size = 16; }${mark}`);
    apply.push(`        t${i}.apply();`);
  }
  return tna(locals.join('\n'), apply.join('\n'));
}

/**
 * `n` statements of the apply body, each reading what the one before wrote: a chain of action
 * dependencies between plain assignments, which bf-p4c's action synthesis may fold
 * (docs/tofino-resources.md "Estimates and certainties"); `mark` on the last.
 */
function statementChain(n: number, mark = ''): string {
  const stmts = Array.from({ length: n }, (_, i) => `        md.y = md.y + ${i + 1};${i === n - 1 ? mark : ''}`);
  return tna('', stmts.join('\n'));
}

/**
 * A chain of 11 tables (stages 0-10), then `n` independent tables that all match on what the
 * chain's last one writes, so all want stage 11; `mark` on the last of them.
 */
function packedAfterChain(n: number, mark = ''): string {
  const base = chain(11);
  const locals: string[] = [];
  const apply: string[] = [];
  for (let i = 0; i < n; i++) {
    const m = i === n - 1 ? mark : '';
    locals.push(`    action w${i}() { }`);
    locals.push(`    table p${i} { key = { md.a : exact; } actions = { w${i}; } size = 16; }${m}`);
    apply.push(`        p${i}.apply();`);
  }
  return base
    .replace('    action set0(', `${locals.join('\n')}\n    action set0(`)
    .replace('        t10.apply();', `        t10.apply();\n${apply.join('\n')}`);
}

/** An ingress parser: start extracts eth and goes to `next`, which extracts hdr.d and runs `tail`. */
const twoStates = (start: string, tail: string) =>
  tnaParser(`    Checksum() ck1;
    Checksum() ck2;
    state start { pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.eth); ${start}
        transition next; }
    state next { pkt.extract(hdr.d); ${tail}
        transition accept; }`);

/** Three states in a row: start (eth), mid (hdr.d), last (nothing extracted), each with its statements. */
const threeStates = (start: string, mid: string, last: string) =>
  tnaParser(`    state start { pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.eth); ${start}
        transition mid; }
    state mid { pkt.extract(hdr.d); ${mid}
        transition last; }
    state last { ${last}
        transition accept; }`);

/** Two ternary tables pinned to stage 2, each of `size` 32-bit entries. */
const pinnedTernary = (size: number, mark = '') =>
  tna(
    `    action a() { md.a = 1; }
    action b() { md.b = 1; }
    @stage(2) table t1 { key = { hdr.d.f1 : ternary; } actions = { a; } size = ${size}; }
    @stage(2) table t2 { key = { hdr.d.f2 : ternary; } actions = { b; } size = ${size}; }${mark}`,
    `        t1.apply();\n        t2.apply();`,
  );

/** A register of `cell` cells and `size` entries (index `bits` wide) with `n` register actions. */
function register(cell: string, opts: { size?: number; bits?: number; actions?: number; mark?: string } = {}): string {
  const bits = opts.bits ?? 10;
  const n = opts.actions ?? 1;
  const mark = opts.mark === undefined ? '' : ` // expect: ${opts.mark}`;
  const ras = Array.from(
    { length: n },
    (_, i) => `    RegisterAction<${cell}, bit<${bits}>, bit<8>>(reg) ra${i} = {
        void apply(inout ${cell} value, out bit<8> rv) { rv = ${i}; }
    };`,
  ).join('\n');
  const acts = Array.from({ length: n }, (_, i) => `action x${i}() { md.y = ra${i}.execute(0); }`).join(' ');
  return tna(
    `    Register<${cell}, bit<${bits}>>(${opts.size ?? 1024}) reg;${mark}
${ras}
    ${acts}
    table t { key = { hdr.d.f1 : exact; } actions = { ${Array.from({ length: n }, (_, i) => `x${i};`).join(' ')} } size = 16; }`,
    '        t.apply();',
  );
}

/** A register read or written by `n` actions of one table through its own methods, and `ras` register actions. */
function registerMethods(n: number, ras: number, mark = ''): string {
  const acts = Array.from({ length: n }, (_, i) =>
    i % 2 === 0
      ? `action m${i}() { reg.write(hdr.d.h1[9:0], ${i}); }`
      : `action m${i}() { md.a = reg.read(hdr.d.h1[9:0]); }`,
  );
  const decls = Array.from(
    { length: ras },
    (_, i) =>
      `    RegisterAction<bit<32>, bit<10>, bit<32>>(reg) ra${i} = { void apply(inout bit<32> value, out bit<32> rv) { rv = value; } };\n    action x${i}() { md.b = ra${i}.execute(hdr.d.h1[9:0]); }`,
  );
  const names = [...acts.map((_, i) => `m${i};`), ...decls.map((_, i) => `x${i};`)].join(' ');
  return tna(
    `    Register<bit<32>, bit<10>>(1024) reg;${mark}
${decls.join('\n')}
    ${acts.join('\n    ')}
    table t { key = { hdr.d.f1 : exact; } actions = { ${names} } size = 16; }`,
    '        t.apply();',
  );
}

/** Two register actions of one register, run as `apply` says. */
const twoActions = (apply: string, locals = '') =>
  tna(
    `    Register<bit<32>, bit<10>>(1024) reg;
    RegisterAction<bit<32>, bit<10>, bit<32>>(reg) ra1 = { void apply(inout bit<32> value, out bit<32> rv) { rv = value; } };
    RegisterAction<bit<32>, bit<10>, bit<32>>(reg) ra2 = { void apply(inout bit<32> value, out bit<32> rv) { rv = value; } };
${locals}`,
    apply,
  );

/** A 32-bit (or `cell`) register whose one action has `body` as its apply body. */
const salu = (body: string, cell = 'bit<32>') =>
  tna(
    `    Register<${cell}, bit<10>>(1024) reg;
    RegisterAction<${cell}, bit<10>, ${cell}>(reg) ra = {
        void apply(inout ${cell} value, out ${cell} rv) {
${body}
        }
    };`,
    cell === 'bit<32>' ? '        md.a = ra.execute(hdr.d.h1[9:0]);' : '        md.x = ra.execute(hdr.d.h1[9:0]);',
  );

/** A table whose one action has `body`. */
const action = (body: string) =>
  tna(
    `    action act(bit<32> p) {
${body}
    }
    table t { key = { hdr.d.f1 : exact; } actions = { act; } size = 16; }`,
    '        t.apply();',
  );

/** A table whose actions count two indirect counters (`actions`, its action list `list`). */
const counted = (actions: string, list: string, mark = '') =>
  tna(
    `    Counter<bit<32>, bit<12>>(4096, CounterType_t.PACKETS) c1;
    Counter<bit<32>, bit<12>>(4096, CounterType_t.PACKETS) c2;
${actions}
    table t { ${mark}
        key = { hdr.d.f1 : exact; }
        actions = { ${list} }
    }`,
    '        t.apply();',
  );

const PAIRS: readonly RulePair[] = [
  {
    code: 4000,
    rule: 'a gress needs more stages than the target has',
    positive: chain(12),
    negative: chain(13, { markAt: 12, mark: 'overlimit/4000' }),
  },
  {
    code: 4001,
    rule: 'a stage has not the resources a unit needs (TCAM here)',
    positive: pinnedTernary(4096),
    negative: pinnedTernary(8192, ' // expect: overlimit/4001'),
  },
  {
    code: 4002,
    rule: '@stage pins a table before its dependencies allow',
    positive: chain(2, { pin: [1, 1] }),
    negative: chain(2, { pin: [1, 0], markAt: 1, mark: 'stage-pragma/4002' }),
  },
  {
    code: 4003,
    rule: '@stage names a stage past the last',
    positive: chain(1, { pin: [0, 11] }),
    negative: chain(1, { pin: [0, 12], markAt: 0, mark: 'stage-pragma/4003' }),
  },
  {
    code: 4004,
    rule: 'a table larger than one stage is split across stages (warning)',
    positive: tna(
      `    action a() { md.a = 1; }
    table t { key = { hdr.d.f1 : ternary; } actions = { a; } size = 8192; }`,
      '        t.apply();',
    ),
    negative: tna(
      `    action a() { md.a = 1; }
    table t { key = { hdr.d.f1 : ternary; } actions = { a; } size = 20000; } // expect: table-split/4004`,
      '        t.apply();',
    ),
  },
  {
    code: 4006,
    rule: 'a table is applied more than once only on mutually exclusive paths',
    positive: tna(
      `    action a() { md.a = 1; }
    table t { key = { hdr.d.f1 : exact; } actions = { a; } size = 16; }`,
      '        if (hdr.d.b1 == 1) { t.apply(); } else { t.apply(); }',
    ),
    negative: tna(
      `    action a() { md.a = 1; }
    table t { key = { hdr.d.f1 : exact; } actions = { a; } size = 16; }`,
      '        t.apply();\n        if (hdr.d.b1 == 1) { t.apply(); } // expect: table-apply/4006',
    ),
  },
  {
    code: 4007,
    rule: 'write-after-write order alone pushes past the last stage: accepted, those writes sharing a stage (warning)',
    positive: chain(10).replace(
      '        t9.apply();',
      '        t9.apply();\n        if (hdr.d.b1 == 0) { md.x = (bit<16>)md.a; }\n        if (hdr.d.b1 == 1) { md.x = 1; }',
    ),
    negative: chain(10).replace(
      '        t9.apply();',
      '        t9.apply();\n        if (hdr.d.b1 == 0) { md.x = (bit<16>)md.a; }\n        if (hdr.d.b1 == 1) { md.x = 1; }\n        if (hdr.d.b1 == 2) { md.x = 2; } // expect: overlimit/4007',
    ),
  },
  {
    code: 4008,
    rule: 'only our per-stage resource estimates push past the last stage, the chains fit: accepted (warning)',
    positive: packedAfterChain(16),
    negative: packedAfterChain(17, ' // expect: overlimit/4008'),
  },
  {
    code: 4009,
    rule: 'only action dependencies between apply-body statements push past the last stage: accepted (warning)',
    positive: statementChain(12),
    negative: statementChain(13, ' // expect: overlimit/4009'),
  },
  {
    code: 4016,
    rule: "a register's read/write actions and register actions fit a stateful ALU's 4 instructions",
    positive: registerMethods(3, 1),
    negative: registerMethods(4, 1, ' // expect: overlimit/4016'),
  },
  {
    code: 4070,
    rule: 'one checksum residual deposited into a field',
    positive: twoStates(
      'ck1.subtract(hdr.eth); ck2.subtract(hdr.eth);',
      'ck1.subtract_all_and_deposit(md.x); ck2.subtract_all_and_deposit(md.z);',
    ),
    negative: twoStates(
      'ck1.subtract(hdr.eth); ck2.subtract(hdr.eth);',
      'ck1.subtract_all_and_deposit(md.x); ck2.subtract_all_and_deposit(md.x); // expect: parser-write/4070',
    ),
  },
  {
    code: 4071,
    rule: 'a checksum verify result goes to a field nothing else on its parser path writes',
    positive: twoStates('ck1.add(hdr.eth); md.ok = false;', 'md.ok = ck1.verify();'),
    negative: twoStates('ck1.add(hdr.eth); md.ok = true;', 'md.ok = ck1.verify(); // expect: parser-write/4071'),
  },
  {
    code: 4072,
    rule: 'Tofino 1: a parser field set in two states of a path is not then ORed into',
    positive: twoStates('md.y = 1;', 'md.y = md.y | 2;'),
    negative: threeStates('md.y = 1;', 'md.y = 2;', 'md.y = md.y | 4; // expect: parser-write/4072'),
  },
  {
    code: 4005,
    rule: 'a loop in a control is left out of stage allocation (warning)',
    positive: tna('', '        md.y = md.y + 1;\n        md.y = md.y + 2;'),
    negative: tna(
      '',
      `        for (bit<8> i = 0; i < 4; i = i + 1) { // expect: unsupported-on-target/4005
            md.y = md.y + i;
        }`,
    ),
  },
  {
    code: 4010,
    rule: 'a register cell is bit<1>, 8, 16, 32, 64 bits or a pair of equal halves',
    positive: register('pair_t'),
    negative: register('bit<128>', { mark: 'unsupported-on-target/4010' }),
  },
  {
    code: 4011,
    rule: 'a register of another width up to 32 bits is stored in the next cell size (warning)',
    positive: register('bit<8>'),
    negative: register('bit<4>', { mark: 'unsupported-on-target/4011' }),
  },
  {
    code: 4012,
    rule: 'at most 4 register actions per register',
    positive: register('bit<32>', { actions: 4 }),
    negative: register('bit<32>', { actions: 5, mark: 'overlimit/4012' }),
  },
  {
    code: 4013,
    rule: 'one register action per register per packet pass',
    positive: twoActions('        if (hdr.d.b1 == 1) { md.a = ra1.execute(0); } else { md.b = ra2.execute(1); }'),
    negative: twoActions(
      '        md.a = ra1.execute(0);\n        md.b = ra2.execute(1); // expect: register-access/4013',
    ),
  },
  {
    code: 4014,
    rule: "a register's accesses must fit its one stage",
    positive: twoActions(
      `        if (hdr.d.b1 == 1) {
            t0.apply();
        } else {
            md.b = ra2.execute(md.c[9:0]);
        }`,
      `    action r1() { md.a = ra1.execute(0); }
    @stage(0) table t0 { key = { hdr.d.f1 : exact; } actions = { r1; } size = 16; }`,
    ),
    negative: twoActions(
      `        if (hdr.d.b1 == 1) {
            t0.apply();
        } else {
            t1.apply();
            md.b = ra2.execute(md.c[9:0]); // expect: register-access/4014
        }`,
      `    action w() { md.c = hdr.d.f1; }
    action r1() { md.a = ra1.execute(0); }
    table t1 { key = { hdr.d.f2 : exact; } actions = { w; } size = 16; }
    @stage(0) table t0 { key = { hdr.d.f1 : exact; } actions = { r1; } size = 16; }`,
    ),
  },
  {
    code: 4015,
    rule: 'a register fits the RAM one stateful ALU reaches (47 blocks)',
    positive: register('bit<32>', { size: 131072, bits: 17 }),
    negative: register('bit<32>', { size: 2097152, bits: 21, mark: 'overlimit/4015' }),
  },
  {
    code: 4020,
    rule: 'a stateful ALU evaluates at most 2 conditions',
    positive: salu(`            if (value > hdr.d.f1 && value != 3) { value = value + 1; } else { value = 0; }`),
    negative: salu(`            if (value > hdr.d.f1) { value = value + 1; }
            if (value == 5) { rv = value; }
            if (value < 2) { value = 0; } // expect: salu/4020`),
  },
  {
    code: 4022,
    rule: 'at most 2 update values per register half',
    positive: salu(`            if (value == 0) { value = hdr.d.f1; } else { value = value - 1; }`),
    negative: salu(`            if (value == 0) { value = hdr.d.f1; } else { value = value - 1; }
            if (hdr.d.f2 == 9) { value = value |+| 7; } // expect: salu/4022`),
  },
  {
    code: 4023,
    rule: 'operators a stateful ALU has (no *, /, %, shifts by a run-time amount)',
    positive: salu('            value = value + hdr.d.f1;'),
    negative: salu('            value = value * hdr.d.f1; // expect: salu/4023'),
  },
  {
    code: 4024,
    rule: 'a stateful ALU writes only the cell and its output, and calls only max/min, MathUnit, RegisterParam',
    positive: salu('            rv = value;'),
    negative: salu('            hdr.d.f1 = value; // expect: salu/4024'),
  },
  {
    code: 4025,
    rule: 'at most 2 packet operands',
    positive: salu('            if (value > hdr.d.f1) { value = hdr.d.f2; }'),
    negative: salu(
      '            if (value > hdr.d.f1) { value = hdr.d.f2; } else { value = value + md.b; } // expect: salu/4025',
    ),
  },
  {
    code: 4026,
    rule: 'at most 4 large constants (the register file)',
    positive: salu(`            if (value == 1000) { value = 2000; } else { value = value + 3000; }
            rv = value + 4000;`),
    negative: salu(`            if (value == 1000 || value == 5000) { value = 2000; } else { value = value + 3000; }
            rv = value + 4000; // expect: salu/4026`),
  },
  {
    code: 4027,
    rule: 'one output value (two different ones may not fit: warning)',
    positive: salu('            if (value == 0) { rv = 1; }'),
    negative: salu('            if (value == 0) { rv = hdr.d.f1; } else { rv = value; } // expect: salu/4027'),
  },
  {
    code: 4028,
    rule: 'min/max in a stateful ALU is an update written back to the register (any width), not a condition',
    positive: salu('            value = max(value, hdr.d.f1);'),
    negative: salu('            if (max(value, hdr.d.f1) == 0) { value = 1; } // expect: salu/4028'),
  },
  {
    code: 4029,
    rule: 'conditions compare sums and differences (a masked one may not fit: warning)',
    positive: salu('            if (value - hdr.d.f1 == 0) { value = 1; }'),
    negative: salu('            if ((value & hdr.d.f1) == 0) { value = 1; } // expect: salu/4029'),
  },
  {
    code: 4030,
    rule: 'actions use only instructions the target has',
    positive: action('        md.a = hdr.d.f1 * 8;'),
    negative: action('        md.a = hdr.d.f1 * 3; // expect: unsupported-on-target/4030'),
  },
  {
    code: 4031,
    rule: 'an action writes each destination once',
    positive: action('        md.a = p;\n        md.b = md.a;'),
    negative: action('        md.a = p;\n        md.a = md.a + 1; // expect: action-write/4031'),
  },
  {
    code: 4032,
    rule: 'a write that a later one replaces has no effect (warning)',
    positive: action('        md.a[15:0] = p[15:0];\n        md.a[31:16] = 0;'),
    negative: action('        md.a = p; // expect: action-write/4032\n        md.a = 5;'),
  },
  {
    code: 4033,
    rule: 'wide saturating arithmetic may need several instructions (warning)',
    positive: action('        md.a = hdr.d.f1 |+| 5;'),
    negative: action('        md.w = hdr.d.w64 |+| 5; // expect: unsupported-on-target/4033'),
  },
  {
    code: 4063,
    rule: 'a value takes one ALU instruction, or two joined by an outermost |',
    positive: salu(`            bit<32> t = value + hdr.d.f1;
            rv = t | hdr.d.f2;`),
    negative: salu(`            bit<32> t = value |+| 5;
            value = t - hdr.d.f1; // expect: salu/4063`),
  },
  {
    code: 4064,
    rule: 'the result of an instruction is not sliced',
    positive: salu('            rv = (bit<32>)value[15:0];'),
    negative: salu(`            bit<32> t = value + 1;
            rv = (bit<32>)t[15:0]; // expect: salu/4064`),
  },
  {
    code: 4065,
    rule: "a counter's or meter's adjust_byte_count is a compile-time constant",
    positive: tna(
      `    Counter<bit<32>, bit<8>>(256, CounterType_t.BYTES) c;
    action act(bit<8> i) { c.count(i, (bit<32>)sizeInBytes(hdr.eth) + 4); }
    table t { key = { hdr.d.f1 : exact; } actions = { act; } }`,
      '        t.apply();',
    ),
    negative: tna(
      `    Counter<bit<32>, bit<8>>(256, CounterType_t.BYTES) c;
    action act(bit<8> i, bit<32> adj) {
        c.count(i, adj); // expect: not-constant/4065
    }
    table t { key = { hdr.d.f1 : exact; } actions = { act; } }`,
      '        t.apply();',
    ),
  },
  {
    code: 4060,
    rule: "one action indexes all of a table's indirect counters with one index",
    positive: counted('    action both(bit<12> i) { c1.count(i); c2.count(i); }', 'both;'),
    negative: counted(
      '    action both(bit<12> i, bit<12> j) { c1.count(i); c2.count(j); }',
      'both;',
      '// expect: indirect-address/4060',
    ),
  },
  {
    code: 4061,
    rule: "an action that counts one of a table's indirect counters counts all",
    positive: counted('    action both(bit<12> i) { c1.count(i); c2.count(i); }\n    action none() {}', 'both; none;'),
    negative: counted(
      '    action one(bit<12> i) { c1.count(i); }\n    action two(bit<12> i) { c2.count(i); }',
      'one; two;',
      '// expect: indirect-address/4061',
    ),
  },
  {
    code: 4066,
    rule: "Tofino 2's divider: quotient and remainder are whole outputs of one pair of operands",
    model: 'tofino2',
    positive: salu2(`            rv = hdr.d.h1 / hdr.d.h2;
            rv2 = hdr.d.h1 % hdr.d.h2;`),
    negative: salu2(`            rv = hdr.d.h1 / hdr.d.h2;
            rv2 = hdr.d.h2 % hdr.d.h1; // expect: salu/4066`),
  },
  {
    code: 4067,
    rule: "Tofino 2's min/max unit reads the 128-bit register word under a constant mask",
    model: 'tofino2',
    positive: salu2(
      '            rv = this.max16(value, 0xff, rv2[2:0]);',
      'MinMaxAction2<bit<16>, bit<7>, bit<16>, bit<16>>',
    ),
    negative: salu2(
      '            rv = this.max16(value, (bit<8>)hdr.d.b1, rv2[2:0]); // expect: salu/4067',
      'MinMaxAction2<bit<16>, bit<7>, bit<16>, bit<16>>',
    ),
  },
  {
    code: 4062,
    rule: 'a hash reads a non-empty field list',
    positive: tna('    Hash<bit<16>>(HashAlgorithm_t.CRC16) h;', '        md.x = h.get({ hdr.d.f1 });'),
    negative: tna(
      '    Hash<bit<16>>(HashAlgorithm_t.CRC16) h;',
      '        md.x = h.get({}); // expect: hash-field-list/4062',
    ),
  },
];

describe('every Tofino rule has a positive and a negative program', () => {
  it('every code of the Tofino message table has a pair here', () => {
    const codes = Object.values(TofinoMessages)
      .map((m) => m.code)
      .sort();
    assert.deepEqual(PAIRS.map((p) => p.code).sort(), codes);
  });

  for (const p of PAIRS) {
    it(`${p.code}: ${p.rule}: the positive program gets no diagnostic`, () => {
      expectMarked(p.positive, p.model);
    });
    it(`${p.code}: ${p.rule}: the negative program gets it on the marked line`, () => {
      const run = expectMarked(p.negative, p.model);
      const def = Object.values(TofinoMessages).find((m) => m.code === p.code);
      assert.equal(run.found[0]?.severity, def?.severity);
    });
  }
});
