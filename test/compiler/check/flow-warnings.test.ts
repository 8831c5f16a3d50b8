// Flow warnings: unreachable statements after exit/return, and scalar out parameters or
// locals read before every path has written them. Warnings only: the program stays valid.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectDiagnostics, runCheck } from './helpers.js';

const arch = `
control Ctl(inout bit<8> a, out bit<8> r);
package Top(Ctl c);
Top(C()) main;`;

describe('flow warnings', () => {
  it('a statement after exit is unreachable (a warning, not an error)', () => {
    const run = expectDiagnostics(
      `#include <core.p4>
control C(inout bit<8> a, out bit<8> r) {
    apply {
        r = 0;
        exit;
        a = 1;
    }
}${arch}`,
      [{ line: 6, name: 'unreachable' }],
    );
    assert.equal(run.sink.errorCount, 0);
  });

  it('an out parameter read before it is written is reported once', () => {
    expectDiagnostics(
      `#include <core.p4>
control C(inout bit<8> a, out bit<8> r) {
    apply {
        a = r + 1;
        r = a;
        a = r;
    }
}${arch}`,
      [{ line: 4, name: 'uninitialized-use' }],
    );
  });

  it('a local written on only one branch of an if may be unwritten after it', () => {
    expectDiagnostics(
      `#include <core.p4>
control C(inout bit<8> a, out bit<8> r) {
    apply {
        bit<8> t;
        if (a == 1) { t = 2; }
        r = t;
    }
}${arch}`,
      [{ line: 6, name: 'uninitialized-use' }],
    );
  });

  it('writes on every branch, out arguments and size queries are not reads before writes', () => {
    expectDiagnostics(
      `#include <core.p4>
void set(out bit<8> x) { x = 3; }
control C(inout bit<8> a, out bit<8> r) {
    apply {
        bit<8> t;
        bit<8> u;
        bit<8> w;
        if (a == 1) { t = 2; } else { t = 3; }
        set(u);
        r = t + u + (bit<8>)w.minSizeInBits();
        if (a == 0) { return; }
    }
}${arch}`,
      [],
    );
  });

  it('a program with errors gets no flow warnings', () => {
    const run = runCheck(`#include <core.p4>
control C(inout bit<8> a, out bit<8> r) {
    apply {
        a = r + true;
        exit;
        a = 1;
    }
}${arch}`);
    assert.deepEqual(
      run.found.map((d) => d.severity),
      ['error'],
    );
  });
});
