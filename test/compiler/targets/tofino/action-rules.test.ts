import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectMarked, tna } from './helpers.js';

/** A program with one table whose one action has `body`. */
function action(body: string): string {
  return tna(
    `    action act(bit<32> p) {
${body}
    }
    table t { key = { hdr.d.f1 : exact; } actions = { act; } size = 16; }`,
    `        t.apply();`,
  );
}

describe('actions: instructions the target has', () => {
  it('multiplication by a power of two is a shift', () => {
    expectMarked(action(`        md.a = hdr.d.f1 * 8;`));
  });

  it('multiplication by anything else is an error', () => {
    expectMarked(action(`        md.a = hdr.d.f1 * 3; // expect: unsupported-on-target`));
    expectMarked(action(`        md.a = hdr.d.f1 * hdr.d.f2; // expect: unsupported-on-target`));
  });

  it('division and modulo by a power of two are fine; by anything else they are errors', () => {
    expectMarked(action(`        md.a = hdr.d.f1 / 4;\n        md.b = hdr.d.f2 % 16;`));
    expectMarked(action(`        md.a = hdr.d.f1 / 3; // expect: unsupported-on-target`));
    expectMarked(action(`        md.b = hdr.d.f2 % 10; // expect: unsupported-on-target`));
  });

  it('a shift by a constant is fine; by a run-time amount it is an error', () => {
    expectMarked(action(`        md.a = hdr.d.f1 >> 3;`));
    expectMarked(action(`        md.a = hdr.d.f1 >> hdr.d.b1; // expect: unsupported-on-target`));
  });

  it('64-bit addition is two paired instructions; 128-bit addition is an error', () => {
    expectMarked(action(`        md.w = hdr.d.w64 + 1;`));
    expectMarked(action(`        hdr.d.w128 = hdr.d.w128 + 1; // expect: unsupported-on-target`));
  });

  it('128-bit bitwise operations split into containers and are fine', () => {
    expectMarked(action(`        hdr.d.w128 = hdr.d.w128 ^ 0xFF;`));
  });

  it('saturating arithmetic wider than 32 bits gets a warning', () => {
    const run = expectMarked(action(`        md.w = hdr.d.w64 |+| 5; // expect: unsupported-on-target`));
    assert.equal(run.found[0]?.severity, 'warning');
  });

  it('operations in apply-body statements are checked as the synthesized action they become', () => {
    expectMarked(tna('', `        md.a = hdr.d.f1 * 5; // expect: unsupported-on-target`));
  });
});

describe('actions: each destination written once', () => {
  it('writing different fields, and reading a field the action also writes, is fine', () => {
    expectMarked(action(`        md.a = p;\n        md.b = md.a;\n        md.c = md.c + 1;`));
  });

  it('a second write that reads the first is an error', () => {
    expectMarked(action(`        md.a = p;\n        md.a = md.a + 1; // expect: action-write`));
  });

  it('a second write that replaces the first gets a warning on the dead one', () => {
    const run = expectMarked(action(`        md.a = p; // expect: action-write\n        md.a = 5;`));
    assert.equal(run.found[0]?.severity, 'warning');
  });

  it('a second write reading a first write of a constant or of a field takes that value (copy propagation)', () => {
    // p4c's LocalCopyPropagation, which bf-p4c runs, makes `x = 0; x = x + 1` the one write `x = 0 + 1`:
    // the first write is then dead (warning), not a second instruction reading it.
    const constant = expectMarked(action(`        md.a = 0; // expect: action-write\n        md.a = md.a + 1;`));
    assert.equal(constant.found[0]?.severity, 'warning');
    const field = expectMarked(action(`        md.a = hdr.d.f1; // expect: action-write\n        md.a = md.a + 1;`));
    assert.equal(field.found[0]?.severity, 'warning');
  });

  it('a field value changed between the two writes is not propagated: still an error', () => {
    expectMarked(
      action(`        md.a = hdr.d.f1;\n        hdr.d.f1 = 3;\n        md.a = md.a + 1; // expect: action-write`),
    );
  });

  it('writing two slices of one field is fine', () => {
    expectMarked(action(`        md.a[15:0] = p[15:0];\n        md.a[31:16] = 0;`));
  });
});
