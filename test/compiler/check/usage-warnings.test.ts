// Warnings p4c also gives: declarations nothing refers to (unused), and out or inout
// arguments of one call that share storage (ordering). Warnings only: the program stays valid.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectDiagnostics } from './helpers.js';

const arch = `
control Ctl(inout bit<8> a, inout bit<8> b);
package Top(Ctl c);
Top(C()) main;`;

describe('unused declarations', () => {
  it('an unused local variable, action, table, instance and action parameter are each reported', () => {
    const run = expectDiagnostics(
      `#include <core.p4>
extern Ext { Ext(); void run(); }
control C(inout bit<8> a, inout bit<8> b) {
    Ext() spare;
    action set(bit<8> v, bit<8> ignored) { a = v; }
    action never() {}
    table t { key = { a : exact; } actions = { set; NoAction; } }
    table lonely { actions = { NoAction; } }
    apply {
        bit<8> tmp;
        t.apply();
    }
}${arch}`,
      [
        { line: 4, name: 'unused' },
        { line: 5, name: 'unused' },
        { line: 6, name: 'unused' },
        { line: 8, name: 'unused' },
        { line: 10, name: 'unused' },
      ],
    );
    assert.equal(run.sink.errorCount, 0);
  });

  it("a block's apply parameters, top-level constants and written-only variables are not reported", () => {
    expectDiagnostics(
      `#include <core.p4>
const bit<8> SPARE_CODE = 7;
control C(inout bit<8> a, inout bit<8> b) {
    apply {
        bit<8> w;
        w = 1;
    }
}${arch}`,
      [],
    );
  });

  it('an unused control is reported when the program has main, and not in a library without main', () => {
    expectDiagnostics(
      `#include <core.p4>
control Spare(inout bit<8> a, inout bit<8> b) { apply {} }
control C(inout bit<8> a, inout bit<8> b) { apply {} }${arch}`,
      [{ line: 2, name: 'unused' }],
    );
    expectDiagnostics(
      `#include <core.p4>
control Spare(inout bit<8> a) { apply {} }`,
      [],
    );
  });

  it('a function and its parameters are used through any overload the calls choose', () => {
    expectDiagnostics(
      `#include <core.p4>
bit<8> twice(in bit<8> x) { return x + x; }
bit<8> twice(in bit<8> x, in bit<8> y) { return x; }
control C(inout bit<8> a, inout bit<8> b) {
    apply { a = twice(a, b); }
}${arch}`,
      [
        { line: 2, name: 'unused' },
        { line: 3, name: 'unused' },
      ],
    );
  });
});

describe('out arguments with storage in common', () => {
  it('one l-value given to two out or inout parameters of a call is reported once, at the first', () => {
    const run = expectDiagnostics(
      `#include <core.p4>
struct S { bit<8> x; bit<8> y; }
control C(inout bit<8> a, inout bit<8> b) {
    action two(out bit<8> p, inout bit<8> q) { p = 1; q = q + 1; }
    apply {
        two(a, a);
    }
}${arch}`,
      [{ line: 6, name: 'ordering' }],
    );
    assert.equal(run.sink.errorCount, 0);
    assert.match(run.found[0]?.message ?? '', /'a' is given twice/);
  });

  it('a struct and its own field alias; two different fields or constant stack elements do not', () => {
    expectDiagnostics(
      `#include <core.p4>
header H { bit<8> f; }
struct S { bit<8> x; bit<8> y; H[2] hs; }
extern E { E(); void set(out bit<8> p, out bit<8> q); void setS(out S s, out bit<8> q); }
control C(inout bit<8> a, inout bit<8> b) {
    E() e;
    apply {
        S s;
        e.set(s.x, s.y);
        e.set(s.hs[0].f, s.hs[1].f);
        e.setS(s, s.x);
        e.set(s.hs[a].f, s.hs[1].f);
    }
}${arch}`,
      [
        { line: 11, name: 'ordering' },
        { line: 12, name: 'ordering' },
      ],
    );
  });

  it('an in argument beside an out one, and the action list of a table, are not calls that copy out twice', () => {
    expectDiagnostics(
      `#include <core.p4>
control C(inout bit<8> a, inout bit<8> b) {
    action both(inout bit<8> p, inout bit<8> q) { p = q; }
    action copy(in bit<8> p, out bit<8> q) { q = p; }
    table t { key = { a : exact; } actions = { both(b, b); } }
    apply {
        copy(a, a);
        t.apply();
    }
}${arch}`,
      [],
    );
  });
});
