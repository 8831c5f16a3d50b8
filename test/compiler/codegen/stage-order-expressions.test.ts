// Stage order with tables applied inside expressions (`x = t.apply().hit`, `if (t.apply().hit
// && c)`, `!t.apply().miss || c`, `t.apply().hit ? a : b`): the table runs as its own unit and
// keeps its hit in a local that the rest of the expression reads. Each program is compiled in
// stage order and in program order and must give the same packets.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { cleanup, compile, P4, rig } from './helpers.js';
import { shell } from './stage-shell.js';

after(cleanup);

const TABLES = `
    action set_b(bit<8> v) { hdr.h.b = v; }
    action set_c(bit<8> v) { hdr.h.c = v; }
    action mark(bit<8> v) { md.x = v; }
    table t1 { key = { hdr.h.a : exact; } actions = { set_b; NoAction; }
        const entries = { 1 : set_b(10); 2 : set_b(20); 3 : NoAction(); } default_action = NoAction; }
    table t2 { key = { hdr.h.b : exact; } actions = { set_c; NoAction; }
        const entries = { 10 : set_c(1); 20 : set_c(2); } default_action = NoAction; }
    table t3 { key = { hdr.h.d : ternary; } actions = { mark; NoAction; }
        const entries = { 0 &&& 0x80 : mark(5); } default_action = NoAction; }
    table t4 { key = { hdr.h.e : exact; } actions = { set_c; NoAction; }
        const entries = { 7 : set_c(77); } default_action = NoAction; }
    table t5 { key = { hdr.h.f : exact; } actions = { mark; NoAction; }
        const entries = { 9 : mark(99); 0 : mark(1); } default_action = NoAction; }`;

/** Every supported form, with later units depending on what the tables write. */
const EXPRESSIONS = shell(
  TABLES,
  `bool h1 = t1.apply().hit;                                  // a copy into a declaration
        md.y = 0;
        if (h1) { md.y = 1; }
        if (t2.apply().hit && hdr.h.c == 1) {                      // the gateway reads what t2 wrote
            hdr.h.g = 0x11;
        } else if (!t3.apply().miss || hdr.h.d == 0xFF) {          // negated miss in an else-if
            hdr.h.g = 0x22;
        }
        bool m4;
        m4 = !t4.apply().hit;                                      // a negated copy into an assignment
        hdr.h.i = (t5.apply().hit ? 8w1 : 8w0) + hdr.h.i + md.x;   // the condition of ?:
        if (m4) { hdr.h.e = hdr.h.e + 1; }`,
);

/** A table and a sub-control each applied once on either arm of an if. */
const TWICE = shell(
  `${TABLES}
    Sub() sub;`,
  `if (hdr.h.a == 1) {
            t2.apply();
            sub.apply(hdr.h.b, md.x);
        } else {
            if (t2.apply().hit) { hdr.h.g = 3; }
            sub.apply(hdr.h.c, md.x);
        }
        hdr.h.i = md.x;`,
  `control Sub(in bit<8> a, inout bit<8> x) {
    table ts { key = { a : exact; } actions = { NoAction; } default_action = NoAction; }
    apply { ts.apply(); x = x + a; }
}`,
);

function execution(src: string) {
  const c = compile(src, { source: true });
  assert.equal(c.result?.pipeline === undefined, false, c.messages);
  return {
    ingress: c.result?.pipeline?.execution.find((e) => e.gress === 'ingress'),
    units: c.result?.resources?.pipes[0]?.units ?? [],
  };
}

describe('stage order with tables applied inside expressions', () => {
  test('hit and miss inside assignments, declarations, compound conditions and ?: keep stage order', () => {
    const { ingress } = execution(EXPRESSIONS);
    assert.equal(ingress?.order, 'stage', JSON.stringify(ingress));
  });

  test('a table applied inside an expression gives identical packets in stage and program order', async () => {
    const staged = await rig(EXPRESSIONS, { source: true });
    const plain = await rig(EXPRESSIONS, { source: true, targetChecks: false });
    const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0, 1, 2, 3, 7, 9, 10, 20, 0x80, 0xff));
    fc.assert(
      fc.property(
        fc.array(fc.array(byte, { minLength: 8, maxLength: 8 }), { minLength: 1, maxLength: 6 }),
        (frames) => {
          staged.out.length = 0;
          plain.out.length = 0;
          for (const f of frames) {
            staged.engine.receive(1, Uint8Array.from(f));
            plain.engine.receive(1, Uint8Array.from(f));
          }
          assert.deepEqual(staged.out, plain.out);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('the packets show each form took effect (hit copied, gateway on the written field, miss negated)', async () => {
    const r = await rig(EXPRESSIONS, { source: true });
    // a=1: t1 hits (b=10); t2 hits on b=10 (c=1) so g=0x11; e=7: t4 hits (c=77) so e is unchanged; f=9: i = 1 + 0 + 99.
    r.engine.receive(1, Uint8Array.from([1, 0, 0, 0x80, 7, 9, 0, 0]));
    assert.deepEqual([...(r.out[0]?.frame ?? [])], [1, 10, 77, 0x80, 7, 9, 0x11, 100]);
    // a=5: t1 misses; t2 misses; t3 hits on d=0 so g=0x22; e=6: t4 misses so e=7; f=4 misses: i = 0 + 5.
    r.engine.receive(1, Uint8Array.from([5, 0, 0, 0, 6, 4, 0, 0]));
    assert.deepEqual([...(r.out[1]?.frame ?? [])], [5, 0, 0, 0, 7, 4, 0x22, 5]);
  });

  test('a gateway reading a table result is placed after the table (match dependency on the result)', () => {
    const { units } = execution(EXPRESSIONS);
    const t2 = units.find((u) => u.name === 't2');
    const gw = units.find((u) => u.kind === 'gateway' && u.dependsOn.some((d) => d.name === 't2'));
    assert.ok(t2 !== undefined && gw !== undefined, JSON.stringify(units.map((u) => u.name)));
    assert.ok(gw.stage > t2.stage, `${gw.name} in ${gw.stage}, t2 in ${t2.stage}`);
    const dep = gw.dependsOn.find((d) => d.name === 't2');
    assert.equal(dep?.kind, 'match');
  });

  test('a copy of a hit (x = t.apply().hit) runs in the table own unit and stage', () => {
    const { units } = execution(EXPRESSIONS);
    // No synthesized unit is made for `bool h1 = t1.apply().hit;`: t1 writes the declared local itself.
    assert.equal(
      units.some((u) => u.kind === 'synthesized' && u.dependsOn.some((d) => d.name === 't1' && d.kind === 'action')),
      false,
    );
    const cond = units.find((u) => u.kind === 'gateway' && u.dependsOn.some((d) => d.name === 't1'));
    assert.ok(cond !== undefined);
    assert.equal(cond.dependsOn.find((d) => d.name === 't1')?.field, '$local.h1');
  });

  test('a table applied on the right of && still runs in program order, and says why', () => {
    const { ingress } = execution(shell(TABLES, 'if (hdr.h.a == 1 && t2.apply().hit) { hdr.h.g = 1; }'));
    assert.equal(ingress?.order, 'program');
    assert.match(ingress?.reason ?? '', /right of '&&'/);
  });

  test('a table whose action writes a field the expression read before the apply stays in program order', () => {
    const { ingress } = execution(shell(TABLES, 'if (hdr.h.b == 10 || !t1.apply().hit) { hdr.h.g = 1; }'));
    assert.equal(ingress?.order, 'program');
    assert.match(ingress?.reason ?? '', /right of '\|\|'/);
    const before = execution(shell(TABLES, 'hdr.h.g = hdr.h.b + (t1.apply().hit ? 8w1 : 8w0);'));
    assert.equal(before.ingress?.order, 'program');
    assert.match(before.ingress?.reason ?? '', /'hdr\.h\.b' is read before table t1/);
  });

  test('a table or sub-control applied once on each arm of an if keeps stage order and the same packets', async () => {
    assert.equal(execution(TWICE).ingress?.order, 'stage');
    const staged = await rig(TWICE, { source: true });
    const plain = await rig(TWICE, { source: true, targetChecks: false });
    for (const f of [
      [1, 10, 0, 0, 0, 0, 0, 0],
      [2, 20, 5, 0, 0, 0, 0, 0],
      [2, 7, 9, 0, 0, 0, 0, 0],
    ]) {
      staged.engine.receive(1, Uint8Array.from(f));
      plain.engine.receive(1, Uint8Array.from(f));
    }
    assert.deepEqual(staged.out, plain.out);
    assert.deepEqual(
      staged.out.map((o) => [o.frame[6], o.frame[7]]),
      [
        [0, 10], // arm 0: x = b
        [3, 2], // arm 1: t2 hits on b=20 and sets c=2; x = c
        [0, 9], // arm 1: t2 misses; x = c
      ],
    );
  });

  test('a table applied twice on one path is an error (bf-p4c: not all applies are mutually exclusive)', () => {
    const c = compile(shell(TABLES, 'bool x = t1.apply().hit; if (t1.apply().hit) { hdr.h.g = 1; }'), { source: true });
    assert.match(
      c.messages,
      /error: table 't1' is applied again on a path where it was already applied; .* \[table-apply\]/,
    );
  });

  test('tna-mirror-recirc (recirculating = recirc_targets.apply().hit) runs in stage order', () => {
    const c = compile(P4('examples/tna-mirror-recirc.p4'));
    const ex = c.result?.pipeline?.execution ?? [];
    assert.deepEqual(
      ex.map((e) => [e.gress, e.order]),
      [
        ['ingress', 'stage'],
        ['egress', 'stage'],
      ],
    );
  });
});
