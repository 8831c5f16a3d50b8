import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { printType } from '../../../compiler/check/types.js';
import type * as Ir from '../../../compiler/ir/index.js';
import { lowerToIr } from '../../../compiler/ir/index.js';
import { runCheck } from '../check/helpers.js';

function lower(src: string): Ir.Program {
  const run = runCheck(src);
  const errors = run.found.filter((d) => d.severity === 'error');
  assert.deepEqual(errors, [], run.rendered);
  assert.ok(run.checked !== undefined);
  return lowerToIr(run.checked);
}

const examples = fileURLToPath(new URL('../../../../p4/examples/', import.meta.url));

function control(p: Ir.Program, name: string): Ir.Control {
  const c = p.controls.find((x) => x.name === name);
  assert.ok(c !== undefined, `control ${name}`);
  return c;
}

function firstAssign(stmts: readonly Ir.Stmt[]): Ir.Stmt & { kind: 'Assign' } {
  const s = stmts.find((x) => x.kind === 'Assign');
  assert.ok(s !== undefined && s.kind === 'Assign');
  return s;
}

const prelude = `#include <core.p4>
header h_t { bit<8> a; bit<16> b; }
enum bit<8> Color { RED = 1, BLUE = 3 }
struct m_t { Color c; bit<8> n; }
`;

describe('main is resolved to its blocks and their roles', () => {
  it('a TNA Switch(pipe) main lists the six blocks of its Pipeline by role', () => {
    const p = lower(readFileSync(`${examples}tna-l2l3.p4`, 'utf8'));
    assert.ok(p.main !== undefined);
    assert.equal(p.main.packageType, 'Switch');
    const pipe = p.main.args.find((a) => a.role === 'pipe0')?.value;
    assert.ok(pipe !== undefined && pipe.kind === 'PackageInstance');
    assert.equal(pipe.packageType, 'Pipeline');
    assert.deepEqual(
      pipe.args.map((a) => a.role),
      ['ingress_parser', 'ingress', 'ingress_deparser', 'egress_parser', 'egress', 'egress_deparser'],
    );
    for (const a of pipe.args) {
      assert.equal(a.value.kind, 'BlockInstance');
      if (a.value.kind !== 'BlockInstance') continue;
      const found =
        a.value.block === 'parser'
          ? p.parsers.some((x) => x.name === a.value.name)
          : p.controls.some((x) => x.name === a.value.name);
      assert.ok(found, `${a.role} names a declared ${a.value.block}`);
    }
    assert.equal(pipe.typeArgs.length, 4, 'the package type arguments are inferred');
  });
  it('a v1model V1Switch main has the roles p, vr, ig, eg, ck, dep', () => {
    const p = lower(readFileSync(`${examples}v1model-router.p4`, 'utf8'));
    assert.deepEqual(
      p.main?.args.map((a) => a.role),
      ['p', 'vr', 'ig', 'eg', 'ck', 'dep'],
    );
  });
});

describe('expressions in the IR', () => {
  it('compile-time constants are folded, with the type of their context', () => {
    const p = lower(`${prelude}const bit<8> K = 3;
control C(inout h_t h) { apply { h.a = K * 2 + 1; } }`);
    const s = firstAssign(control(p, 'C').apply);
    assert.equal(s.value.kind, 'Const');
    if (s.value.kind === 'Const') assert.equal(s.value.value, 7n);
    assert.equal(printType(s.value.type), 'bit<8>');
  });
  it('an int operand takes the width of the other operand', () => {
    const p = lower(`${prelude}control C(inout h_t h) { apply { h.b = h.b + 1; } }`);
    const s = firstAssign(control(p, 'C').apply);
    assert.ok(s.value.kind === 'Binary' && s.value.right.kind === 'Const');
    assert.equal(printType(s.value.right.type), 'bit<16>');
  });
  it('implicit conversions become explicit casts', () => {
    const p = lower(`${prelude}control C(inout h_t h, in m_t m) { apply { h.a = m.c; } }`);
    const s = firstAssign(control(p, 'C').apply);
    assert.equal(s.value.kind, 'Cast');
    assert.equal(printType(s.value.type), 'bit<8>');
  });
  it('a compound assignment becomes a plain one', () => {
    const p = lower(`${prelude}control C(inout h_t h) { apply { h.a += 2; } }`);
    const s = firstAssign(control(p, 'C').apply);
    assert.ok(s.value.kind === 'Binary' && s.value.op === '+');
  });
  it('calls say what they call: a method of an extern, an action, a table apply, a header builtin', () => {
    const p = lower(`${prelude}extern Counter1 { Counter1(); void count(in bit<8> i); }
control C(inout h_t h) {
  Counter1() c1;
  action act() { h.a = 1; }
  table t { actions = { act; } }
  apply { c1.count(h.a); act(); t.apply(); h.setValid(); }
}`);
    const kinds = control(p, 'C').apply.map((s) => (s.kind === 'CallStmt' ? s.call.callee.kind : s.kind));
    assert.deepEqual(kinds, ['Method', 'Action', 'Apply', 'Builtin']);
  });
});

describe('tables in the IR', () => {
  const src = `${prelude}control C(inout h_t h, inout m_t m) {
  action set(inout bit<8> x, bit<8> v) { x = v; }
  action drop() {}
  table t {
    key = { h.a: ternary; h.b: exact @name("port"); }
    actions = { set(m.n); drop; }
    default_action = set(m.n, 9);
    const entries = {
      (0x10 &&& 0xF0, 80): set(m.n, 1);
      (_, 443): drop();
    }
    size = 64;
  }
  apply { t.apply(); }
}`;
  it('keys carry their match kind and control-plane name', () => {
    const t = control(lower(src), 'C').tables[0];
    assert.deepEqual(
      t?.keys.map((k) => [k.matchKind, k.name]),
      [
        ['ternary', 'h.a'],
        ['exact', 'port'],
      ],
    );
  });
  it('the actions list binds directional arguments; the default action has all of them', () => {
    const t = control(lower(src), 'C').tables[0];
    assert.deepEqual(
      t?.actions.map((a) => [a.action, a.args.length]),
      [
        ['set', 1],
        ['drop', 0],
      ],
    );
    assert.equal(t?.defaultAction?.action, 'set');
    assert.equal(t?.defaultAction?.args.length, 2);
  });
  it('entries have folded keysets, one per key', () => {
    const t = control(lower(src), 'C').tables[0];
    assert.equal(t?.entriesConst, true);
    assert.deepEqual(t?.entries[0]?.keysets, [
      { kind: 'Mask', value: 0x10n, mask: 0xf0n },
      { kind: 'Value', value: 80n },
    ]);
    assert.deepEqual(t?.entries[1]?.keysets[0], { kind: 'Default' });
    assert.equal(t?.size, 64n);
  });
});

describe('parsers in the IR', () => {
  it('select cases have one keyset per key, default expanded, and named next states', () => {
    const p = lower(`${prelude}parser P(packet_in pkt, out h_t h) {
  value_set<bit<8>>(4) vs;
  state start {
    pkt.extract(h);
    transition select(h.a, h.b) {
      (1, 0x800 &&& 0xFF00): accept;
      (vs, _): next;
      default: reject;
    }
  }
  state next { transition accept; }
  state nowhere { }
}`);
    const states = p.parsers[0]?.states ?? [];
    const t = states[0]?.transition;
    assert.ok(t?.kind === 'Select');
    assert.deepEqual(
      t.cases.map((c) => c.state),
      ['accept', 'next', 'reject'],
    );
    assert.deepEqual(t.cases[1]?.keysets, [{ kind: 'ValueSet', name: 'vs' }, { kind: 'Default' }]);
    assert.deepEqual(t.cases[2]?.keysets, [{ kind: 'Default' }, { kind: 'Default' }]);
    assert.deepEqual(
      states[2]?.transition.kind === 'Goto' && states[2].transition.state,
      'reject',
      'no transition goes to reject',
    );
  });
});

describe('instances in the IR', () => {
  it('an instance keeps its specialized type, constructor arguments and abstract-method implementations', () => {
    const p = lower(`${prelude}extern Reg<T> { Reg(bit<32> size); }
extern Act<T> { Act(Reg<T> r); abstract void apply(inout T v); }
control C() {
  Reg<bit<16>>(128) r;
  Act<bit<16>>(r) bump = { void apply(inout bit<16> v) { v = v + 1; } };
  apply {}
}`);
    const locals = control(p, 'C').locals.filter((l) => l.kind === 'Instance');
    assert.deepEqual(
      locals.map((l) => (l.kind === 'Instance' ? [l.name, printType(l.type), l.methods.length] : [])),
      [
        ['r', 'Reg<bit<16>>', 0],
        ['bump', 'Act<bit<16>>', 1],
      ],
    );
    const r = locals[0];
    assert.ok(r?.kind === 'Instance' && r.ctorArgs[0]?.kind === 'Const');
  });
  it('fall-through switch labels share one case', () => {
    const p = lower(`${prelude}control C(inout h_t h) { apply { switch (h.a) { 1: 2: { h.b = 1; } default: {} } } }`);
    const s = control(p, 'C').apply[0];
    assert.ok(s?.kind === 'Switch');
    assert.equal(s.cases.length, 2);
    assert.equal(s.cases[0]?.labels.length, 2);
  });
});
