// Stage-ordered execution of TNA controls: units run sorted by (stage, program order) as the
// Tofino pass placed them, and — because the allocator orders every dependent pair — the
// packets and registers come out exactly as in program order. Each program is compiled twice
// (stage order, and program order with the target checks off) and fed the same packets.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { CollectingTraceSink, type TraceEvent } from '../../../runtime/trace/trace-sink.js';
import { cleanup, compile, P4, type Rig, rig } from './helpers.js';
import { shell } from './stage-shell.js';

after(cleanup);

/** Two tables on unrelated fields; the one applied first is pinned to a later stage. */
const PINNED = shell(
  `
    action set_c(bit<8> v) { hdr.h.c = v; }
    action set_d(bit<8> v) { hdr.h.d = v; }
    @stage(3) table late { key = { hdr.h.a : exact; } actions = { set_c; NoAction; }
        const entries = { 1 : set_c(11); 2 : set_c(22); } default_action = NoAction; }
    @stage(0) table early { key = { hdr.h.b : exact; } actions = { set_d; NoAction; }
        const entries = { 1 : set_d(33); 3 : set_d(44); } default_action = NoAction; }`,
  `late.apply();
        early.apply();`,
);

/** One of each dependency kind the allocator knows: match, action, reverse-read, control, register, exit, sub-control. */
const DEPENDENCIES = shell(
  `
    Register<bit<8>, bit<1>>(1, 0) acc;
    RegisterAction<bit<8>, bit<1>, bit<8>>(acc) bump = {
        void apply(inout bit<8> v, out bit<8> rv) { rv = v; v = v + 1; }
    };
    Sub() sub;
    action set_b(bit<8> v) { hdr.h.b = v; }
    action set_c(bit<8> v) { hdr.h.c = v; }
    action leave() { hdr.h.i = 0xEE; exit; }
    action mark(bit<8> v) { md.x = v; }
    table t_a { key = { hdr.h.a : ternary; } actions = { set_b; NoAction; }
        const entries = { 0 &&& 0xF0 : set_b(1); 0x10 &&& 0xF0 : set_b(2); } default_action = set_b(3); }
    table t_b { key = { hdr.h.b : exact; } actions = { set_c; NoAction; }
        const entries = { 1 : set_c(10); 2 : set_c(20); } default_action = NoAction; }
    table t_e { key = { hdr.h.e : exact; } actions = { mark; NoAction; }
        const entries = { 0 : mark(1); 1 : mark(2); } default_action = mark(3); }
    table t_exit { key = { hdr.h.f : exact; } actions = { leave; NoAction; }
        const entries = { 0xFF : leave(); } default_action = NoAction; }
    table t_run { key = { hdr.h.g : ternary; } actions = { set_c; mark; NoAction; }
        const entries = { 0 &&& 0x80 : set_c(5); 0x80 &&& 0xC0 : mark(9); } default_action = NoAction; }
    table t_sw { key = { hdr.h.c : exact; } actions = { set_b; NoAction; }
        const entries = { 10 : set_b(4); 5 : NoAction(); } default_action = set_b(6); }`,
  `t_a.apply();                          // writes b
        t_b.apply();                          // match dependency on b; writes c
        hdr.h.d = hdr.h.c + hdr.h.a;          // action dependency on c
        t_e.apply();                          // reads e ...
        hdr.h.e = hdr.h.a ^ hdr.h.d;          // ... which this writes: reverse-read
        bit<8> tmp = hdr.h.b + 1;
        if (tmp == 3) {                       // a gateway on a local variable
            hdr.h.g = hdr.h.g | 1;
        } else if (t_run.apply().hit) {       // control dependency: hit
            hdr.h.g = hdr.h.g + 2;
        }
        switch (t_sw.apply().action_run) {
            set_b: { md.y = 1; }
            default: { md.y = 2; }
        }
        if (hdr.h.a == 0x42) {
            hdr.h.f = bump.execute(0);
        }
        t_exit.apply();                       // exits when f == 0xFF
        if (hdr.h.g == 0x7F) { exit; }
        hdr.h.i = hdr.h.i + 1;                // never after an exit
        sub.apply(hdr.h.a, md.x, hdr.h.g);
        hdr.h.f = md.x;`,
  `
control Sub(in bit<8> a, inout bit<8> x, out bit<8> g) {
    apply {
        if (a == 7) { return; }
        x = x + a;
        g = x;
    }
}`,
);

describe('stage-ordered execution', () => {
  test('tables run in stage order: a table pinned to stage 0 runs before one applied earlier in stage 3', async () => {
    const trace = new CollectingTraceSink();
    const r = await rig(PINNED, { source: true, trace });
    r.engine.receive(1, Uint8Array.from([1, 1, 0, 0, 0, 0, 0, 0]));
    const tables = trace.events.filter((e) => e.event === 'tableHit' || e.event === 'tableMiss');
    assert.deepEqual(
      tables.map((e) => [(e as { table: string }).table, (e as { stage?: number }).stage]),
      [
        ['Ig.early', 0],
        ['Ig.late', 3],
      ],
    );
    const stages = trace.events.filter((e) => e.event === 'stage').map((e) => (e as { stage: number }).stage);
    assert.deepEqual(stages, [0, 3]);
  });

  test('the pinned program gives the same packets in stage order as in program order', async () => {
    const staged = await rig(PINNED, { source: true });
    const plain = await rig(PINNED, { source: true, targetChecks: false });
    for (const f of [
      [1, 1],
      [2, 3],
      [1, 3],
      [9, 9],
    ]) {
      const frame = Uint8Array.from([...f, 0, 0, 0, 0, 0, 0]);
      staged.engine.receive(1, frame);
      plain.engine.receive(1, frame);
    }
    assert.deepEqual(staged.out, plain.out);
    assert.equal(staged.out[0]?.frame[2], 11);
    assert.equal(staged.out[0]?.frame[3], 33);
  });

  test('every dependency kind gives identical packets and registers in stage and program order', async () => {
    const staged = await rig(DEPENDENCIES, { source: true });
    const plain = await rig(DEPENDENCIES, { source: true, targetChecks: false });
    const c = compile(DEPENDENCIES, { source: true });
    const ex = c.result?.pipeline?.execution ?? [];
    assert.equal(ex.find((e) => e.gress === 'ingress')?.order, 'stage', JSON.stringify(ex));
    // The units spread over several stages, so stage order really differs from program order.
    assert.ok((ex.find((e) => e.gress === 'ingress')?.stages ?? 0) >= 4, JSON.stringify(ex));
    const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0, 1, 2, 3, 7, 0x10, 0x42, 0x7e, 0xff));
    fc.assert(
      fc.property(
        fc.array(fc.array(byte, { minLength: 8, maxLength: 8 }), { minLength: 1, maxLength: 8 }),
        (frames) => {
          staged.out.length = 0;
          plain.out.length = 0;
          for (const f of frames) {
            staged.engine.receive(1, Uint8Array.from(f));
            plain.engine.receive(1, Uint8Array.from(f));
          }
          assert.deepEqual(staged.out, plain.out);
          assert.equal(register(staged, 'Ig.acc'), register(plain, 'Ig.acc'));
        },
      ),
      { numRuns: 300 },
    );
  });

  test('the trace carries each gateway with its stage and the arm it chose', async () => {
    const trace = new CollectingTraceSink();
    const r = await rig(DEPENDENCIES, { source: true, trace });
    r.engine.receive(1, Uint8Array.from([0x42, 0, 0, 0, 0, 0, 0, 0]));
    const gateways = trace.events.filter((e): e is Extract<TraceEvent, { event: 'gateway' }> => e.event === 'gateway');
    assert.ok(gateways.length >= 3);
    let lastStage = -1;
    for (const e of trace.events) {
      if (e.event === 'stage') {
        assert.ok(e.stage > lastStage, 'stages are announced in increasing order');
        lastStage = e.stage;
      }
      if (e.event === 'gateway') assert.equal(e.stage, lastStage);
      if (e.event === 'tableHit' || e.event === 'tableMiss') assert.equal(e.stage, lastStage);
    }
    assert.ok(gateways.every((g) => g.arm === 0 || g.arm === 1));
  });

  test('NetMigrate runs in stage order; with --no-target-checks it runs in program order and says so', () => {
    const staged = compile(P4('netmigrate.p4'));
    const ex = staged.result?.pipeline?.execution ?? [];
    assert.deepEqual(
      ex.map((e) => [e.gress, e.order]),
      [
        ['ingress', 'stage'],
        ['egress', 'stage'],
      ],
    );
    assert.deepEqual(staged.result?.resources?.execution, ex);
    assert.match(staged.result?.pipeline?.pipelineJs ?? '', /Runs in stage order: \d+ stage/);
    const plain = compile(P4('netmigrate.p4'), { targetChecks: false });
    const px = plain.result?.pipeline?.execution ?? [];
    assert.ok(px.every((e) => e.order === 'program' && /--no-target-checks/.test(e.reason ?? '')));
    assert.match(plain.result?.pipeline?.pipelineJs ?? '', /Runs in PROGRAM order, not stage order/);
  });

  test('a construct stage order does not handle falls back to program order, with the reason', () => {
    const c = compile(
      shell(
        `action set_b(bit<8> v) { hdr.h.b = v; }
         table t { key = { hdr.h.a : exact; } actions = { set_b; NoAction; } default_action = NoAction; }`,
        'if (hdr.h.c == 0 && t.apply().hit) { hdr.h.c = 1; }',
      ),
      { source: true },
    );
    const ig = c.result?.pipeline?.execution.find((e) => e.gress === 'ingress');
    assert.equal(ig?.order, 'program');
    assert.match(ig?.reason ?? '', /a table applied on the right of '&&'/);
    assert.match(c.result?.pipeline?.pipelineJs ?? '', /Runs in PROGRAM order, not stage order: a table applied/);
  });
});

function register(r: Rig, name: string): number {
  const reg = r.state.registerByName.get(name);
  if (reg === undefined) throw new Error(`no register ${name}`);
  return reg.read(0);
}
