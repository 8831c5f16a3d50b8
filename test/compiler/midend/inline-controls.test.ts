// The pass inlineControls alone, on small controls of our own (P4 spec §14.1: a control
// instance's apply runs its body with copy-in/copy-out of its arguments; its tables, actions
// and externs belong to the instance, named under it for the control plane).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSink } from '../../../compiler/diagnostics/index.js';
import type * as Ir from '../../../compiler/ir/nodes.js';
import { printIr } from '../../../compiler/ir/print.js';
import { someStmt } from '../../../compiler/ir/visit.js';
import { inlineControls } from '../../../compiler/midend/inline-controls.js';
import { controlNamed, lowered } from './helpers.js';

const ACC = `
#include <core.p4>
control Acc(inout bit<8> v)(bit<8> step) {
    bit<8> before = 8w1;
    action add() { v = v + step; }
    table t { key = { v: exact; } actions = { add; NoAction; } default_action = add(); }
    apply {
        before = v;
        if (v == 0) { return; }
        t.apply();
    }
}
control Twice(inout bit<8> w) {
    Acc(8w2) inner;
    apply { inner.apply(w); }
}
control Top(inout bit<8> x, inout bit<8> y) {
    Acc(8w3) a;
    Acc(8w5) b;
    Twice() n;
    apply {
        a.apply(x);
        b.apply(y);
        b.apply(x);
        n.apply(y);
    }
}
`;

function inlined(): Ir.Control {
  const sink = new DiagnosticSink();
  const program = inlineControls(lowered(ACC), sink);
  assert.equal(sink.errorCount, 0);
  return controlNamed(program, 'Top');
}

function actionBody(c: Ir.Control, name: string): string {
  const a = c.actions.find((x) => x.name === name);
  assert.ok(a !== undefined, `action ${name}`);
  return printIr({
    kind: 'Program',
    types: [],
    errors: [],
    matchKinds: [],
    constants: [],
    externs: [],
    parsers: [],
    controls: [],
    actions: [a],
    functions: [],
    main: undefined,
  });
}

describe('inlineControls', () => {
  it("names the callee's tables, actions and locals under the instance, nested ones too", () => {
    const top = inlined();
    assert.deepEqual(
      top.tables.map((t) => t.name),
      ['a.t', 'b.t', 'n.inner.t'],
    );
    assert.deepEqual(
      top.actions.map((a) => a.name),
      ['a.add', 'b.add', 'n.inner.add'],
    );
    assert.equal(
      top.locals.some((l) => l.kind === 'Instance'),
      false,
    );
    const t = top.tables.find((x) => x.name === 'a.t') as Ir.Table;
    assert.deepEqual(
      t.actions.map((x) => x.action),
      ['a.add', 'NoAction'],
    );
    assert.equal(t.defaultAction?.action, 'a.add');
  });

  it('substitutes the arguments of an instance applied once, and its constructor arguments', () => {
    const top = inlined();
    assert.match(actionBody(top, 'a.add'), /x = \(x \+ 3\);/);
    assert.match(actionBody(top, 'n.inner.add'), /y = \(y \+ 2\);/);
    const t = top.tables.find((x) => x.name === 'a.t') as Ir.Table;
    assert.equal(t.keys[0]?.expr.kind === 'Ref' && t.keys[0].expr.name, 'x');
  });

  it('keeps the parameters of an instance applied twice as locals copied in and out', () => {
    const top = inlined();
    assert.match(actionBody(top, 'b.add'), /b\.v = \(b\.v \+ 5\);/);
    const text = printIr({ ...emptyProgram(), controls: [top] });
    assert.match(text, /b\.v = y;[\s\S]*y = b\.v;[\s\S]*b\.v = x;[\s\S]*x = b\.v;/);
    // Each apply starts the callee's locals afresh.
    assert.equal((text.match(/^\s*b\.before = 1;/gm) ?? []).length, 2);
  });

  it("turns the callee's return into a flag guarding the rest of its body", () => {
    const top = inlined();
    assert.equal(
      someStmt(top.apply, (s) => s.kind === 'Return'),
      false,
    );
    const text = printIr({ ...emptyProgram(), controls: [top] });
    assert.match(text, /a\.returned = true;/);
    assert.match(text, /if \(!a\.returned\)/);
  });

  it('reads an in argument in place even when an out parameter writes the same storage', () => {
    const program = inlineControls(
      lowered(`
#include <core.p4>
control Proc(in bit<8> i, out bit<8> o) { apply { o = 7; o = o + i; } }
control Top(inout bit<8> x) {
    Proc() p;
    apply { p.apply(x, x); }
}`),
      new DiagnosticSink(),
    );
    const top = controlNamed(program, 'Top');
    const text = printIr({ ...emptyProgram(), controls: [top] });
    // The out parameter is a local copied back after the body; the in parameter is x itself,
    // which nothing writes before that copy (SwitchML's value00.apply(d00, …, d00, …)).
    assert.deepEqual(
      top.locals.map((l) => l.name),
      ['p.o'],
    );
    assert.match(text, /p\.o = 7;[\s\S]*p\.o = \(p\.o \+ x\);[\s\S]*x = p\.o;/);
  });

  it('writes an inout argument in place when an in parameter overlapping it is read elsewhere only', () => {
    const source = (body: string) =>
      lowered(`
#include <core.p4>
header h_t { bit<8> k; bit<8> v; }
struct s_t { h_t x; }
control Agg(in s_t hdr, inout bit<8> a) { apply { ${body} } }
control Top(inout s_t hdr) {
    Agg() g;
    apply { g.apply(hdr, hdr.x.v); }
}`);
    const localsOf = (body: string) =>
      controlNamed(inlineControls(source(body), new DiagnosticSink()), 'Top').locals.map((l) => l.name);
    // Only hdr.x.k is read through hdr: a's writes to hdr.x.v cannot be seen, no copies.
    assert.deepEqual(localsOf('a = a + hdr.x.k;'), []);
    // hdr.x.v itself, or the whole of hdr.x, is read through hdr: a is copied in and out.
    assert.deepEqual(localsOf('a = a + hdr.x.v;'), ['g.a']);
    assert.deepEqual(localsOf('if (hdr.x.isValid()) { a = 1; }'), ['g.a']);
  });

  it('reads an inout argument the control never writes in place, and drops the copy-outs it restores', () => {
    // SwitchML's exponents.apply(md.e0, md.e1, md.e0, md.e1, md): the outputs land inside md,
    // which is copied back last, unchanged, so P4 leaves md as it was at the call.
    const source = (body: string) =>
      lowered(`
#include <core.p4>
struct s_t { bit<8> e; bit<8> k; }
control Exp(in bit<8> a, out bit<8> o, inout s_t md) {
    action set() { o = a + md.k; }
    table t { key = { md.k: exact; } actions = { set; } default_action = set(); }
    apply { ${body} }
}
control Top(inout s_t md) {
    Exp() x;
    apply { x.apply(md.e, md.e, md); }
}`);
    const top = (body: string) => controlNamed(inlineControls(source(body), new DiagnosticSink()), 'Top');
    const text = (c: Ir.Control) => printIr({ ...emptyProgram(), controls: [c] });
    const readOnly = top('t.apply();');
    assert.deepEqual(
      readOnly.locals.filter((l) => l.kind === 'Variable').map((l) => l.name),
      ['x.o'],
    );
    assert.doesNotMatch(text(readOnly), /md\.e = x\.o/);
    assert.doesNotMatch(text(readOnly), /md = /);
    // A control that writes md keeps the copies, in P4's order: o first, then md.
    const writing = top('t.apply(); md.k = 1;');
    assert.deepEqual(
      writing.locals.filter((l) => l.kind === 'Variable').map((l) => l.name),
      ['x.o', 'x.md'],
    );
    assert.match(text(writing), /md\.e = x\.o;[\s\S]*md = x\.md;/);
  });

  it('leaves a control without sub-controls as the same object', () => {
    const program = lowered(`
#include <core.p4>
control C(inout bit<8> x) { apply { x = x + 1; } }`);
    assert.equal(inlineControls(program, new DiagnosticSink()), program);
  });
});

function emptyProgram(): Ir.Program {
  return {
    kind: 'Program',
    types: [],
    errors: [],
    matchKinds: [],
    constants: [],
    externs: [],
    parsers: [],
    controls: [],
    actions: [],
    functions: [],
    main: undefined,
  };
}
