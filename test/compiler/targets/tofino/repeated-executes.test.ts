// One RegisterAction executed twice on a path with the same index (GhostView, virtualQueues,
// Monitoring): a program that only stores values nothing in between changes is one access,
// as bf-p4c lets two tables share a stateful ALU (docs/tofino-resources.md "Register rules");
// any other second run stays error 4013.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { cleanup, rig } from '../../codegen/helpers.js';
import { shell } from '../../codegen/stage-shell.js';
import { expectMarked, runTofino, tna } from './helpers.js';

after(cleanup);

/** Register `reg` with a store `put` (cell = hdr.d.f1) and a counter `bump`; `apply` as given. */
function program(apply: string): string {
  return tna(
    `    Register<bit<32>, bit<10>>(1024) reg;
    RegisterAction<bit<32>, bit<10>, bit<32>>(reg) put = {
        void apply(inout bit<32> value, out bit<32> rv) { value = hdr.d.f1; }
    };
    RegisterAction<bit<32>, bit<10>, bit<32>>(reg) bump = {
        void apply(inout bit<32> value) { value = value + 1; }
    };
    Register<bit<32>, bit<10>>(1024) other;
    RegisterAction<bit<32>, bit<10>, bit<32>>(other) mark = {
        void apply(inout bit<32> value) { value = hdr.d.f2; }
    };`,
    apply,
  );
}

describe('a RegisterAction executed twice on one path', () => {
  it('the same store with the same index and inputs is one access: no 4013', () => {
    expectMarked(
      program(`        put.execute(hdr.d.h1[9:0]);
        mark.execute(hdr.d.h1[9:0]);
        put.execute(hdr.d.h1[9:0]);`),
    );
  });

  it('a counter run twice is two runs: error 4013', () => {
    expectMarked(
      program(`        bump.execute(hdr.d.h1[9:0]);
        mark.execute(hdr.d.h1[9:0]);
        bump.execute(hdr.d.h1[9:0]); // expect: register-access/4013`),
    );
  });

  // These also cannot share the register's stage (4014, 4000): the write in between is a
  // dependency of the second access. 4013 says why the pair is refused.
  it('a store whose index changes in between: error 4013', () => {
    const codes = runTofino(
      program(`        put.execute(hdr.d.h1[9:0]);
        hdr.d.h1 = hdr.d.h1 + 1;
        put.execute(hdr.d.h1[9:0]);`),
    ).found.map((d) => d.code);
    assert.ok(codes.includes(4013), `${codes}`);
  });

  it('a store whose stored value changes in between: error 4013', () => {
    const codes = runTofino(
      program(`        put.execute(hdr.d.h1[9:0]);
        hdr.d.f1 = hdr.d.f2;
        put.execute(hdr.d.h1[9:0]);`),
    ).found.map((d) => d.code);
    assert.ok(codes.includes(4013), `${codes}`);
  });

  it('runs: the cell holds the stored value, read back by the next packet', async () => {
    const src = shell(
      `Register<bit<8>, bit<1>>(1, 0) reg;
    RegisterAction<bit<8>, bit<1>, bit<8>>(reg) put = {
        void apply(inout bit<8> value) { value = hdr.h.c; }
    };
    RegisterAction<bit<8>, bit<1>, bit<8>>(reg) get = {
        void apply(inout bit<8> value, out bit<8> rv) { rv = value; }
    };`,
      `if (hdr.h.a == 1) {
            put.execute(0);
            hdr.h.d = hdr.h.c + 1;
            put.execute(0);
        } else {
            hdr.h.b = get.execute(0);
        }`,
    );
    const r = await rig(src, { source: true });
    const send = (frame: number[]): Uint8Array | undefined => {
      r.out.length = 0;
      r.engine.receive(1, Uint8Array.from(frame));
      return r.out[0]?.frame;
    };
    assert.equal(send([1, 0, 42, 0, 0, 0, 0, 0])?.[3], 43);
    assert.equal(send([0, 0, 0, 0, 0, 0, 0, 0])?.[1], 42);
  });
});
