// Constructs from p4c's v1model samples that once stopped the code generator or the pipeline
// (the p4c-compile conformance suite, docs/conformance.md), each on a small program of ours.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { type ControlTarget, callMethod } from '../../../runtime/control/methods.js';
import { cleanup, compile } from './helpers.js';
import { fromHex, hex, type V1Rig, v1modelRig } from './v1model-rig.js';

after(cleanup);

/**
 * A v1model program: `decls` at top level (declaring headers_t with a header `h`, and meta_t),
 * `ingress` as the ingress control's apply body; the blocks' parameters are `hs`, `ms` and `sm`.
 */
function program(decls: string, ingress: string, ingressLocals = ''): string {
  return `
#include <core.p4>
#include <v1model.p4>
${decls}
parser P(packet_in pkt, out headers_t hs, inout meta_t ms, inout standard_metadata_t sm) {
    state start { pkt.extract(hs.h); transition accept; }
}
control VC(inout headers_t hs, inout meta_t ms) { apply { } }
control Ig(inout headers_t hs, inout meta_t ms, inout standard_metadata_t sm) {
    ${ingressLocals}
    apply { ${ingress} }
}
control Eg(inout headers_t hs, inout meta_t ms, inout standard_metadata_t sm) { apply { } }
control CC(inout headers_t hs, inout meta_t ms) { apply { } }
control D(packet_out pkt, in headers_t hs) { apply { pkt.emit(hs); } }
V1Switch(P(), VC(), Ig(), Eg(), CC(), D()) main;
`;
}

function must(r: V1Rig, method: string, params: Record<string, unknown>): unknown {
  const res = callMethod({ state: r.state, tm: r.tm } as unknown as ControlTarget, method, params);
  if (!res.ok) throw new Error(`${method}: ${res.code}: ${res.message}`);
  return res.value;
}

const TAG_HEADERS = 'header h_t { bit<8> k; bit<8> tag; }\nstruct headers_t { h_t h; }\nstruct meta_t { }';

describe('v1model: constructs of p4c samples', () => {
  test("a header type named like the generated code's own objects (hdr, meta) still works", async () => {
    const r = await v1modelRig(
      program(
        'header hdr { bit<32> f; }\nstruct meta { bit<8> m; }\nstruct headers_t { hdr h; }\ntypedef meta meta_t;',
        'hdr tmp; tmp.f = hs.h.f + 1; hs.h.f = tmp.f; meta m; m.m = 1; ms.m = ms.m + m.m; sm.egress_spec = 2;',
      ),
      { source: true },
    );
    const [o] = r.send(0, fromHex('00000007'));
    assert.equal(o?.port, 2);
    assert.equal(hex(o?.frame ?? new Uint8Array()), '00000008');
  });

  test('an implementation constructed in the table (action_profile(4)) is a profile named by its @name', async () => {
    const r = await v1modelRig(
      program(
        TAG_HEADERS,
        'sm.egress_spec = 1; t.apply();',
        `action set_tag(bit<8> v) { hs.h.tag = v; }
    table t {
        key = { hs.h.k : exact; }
        actions = { set_tag; NoAction; }
        @name("ap") implementation = action_profile(32w4);
    }
    table u {
        key = { hs.h.k : exact; }
        actions = { set_tag; NoAction; }
        implementation = action_profile(32w2);
    }`,
      ),
      { source: true },
    );
    assert.deepEqual(
      r.state.p4info.actionProfiles?.map((p) => [p.name, p.size, p.tables]),
      [
        ['Ig.ap', 4, ['Ig.t']],
        ['Ig.u_implementation', 2, ['Ig.u']],
      ],
    );
    must(r, 'actionProfile.addMember', { profile: 'Ig.ap', member: 1, action: 'Ig.set_tag', params: { v: 0x5a } });
    must(r, 'table.add', { table: 'Ig.t', match: [{ kind: 'exact', value: 3 }], member: 1 });
    const [o] = r.send(0, [3, 0]);
    assert.deepEqual([o?.port, ...(o?.frame ?? [])], [1, 3, 0x5a]);
  });

  test('setValid on an invalid header zeroes the leaves of a struct field inside it', async () => {
    const r = await v1modelRig(
      program(
        `header h_t { bit<8> k; }
struct inner_t { bit<8> a; bit<8> b; }
header md_t { inner_t s; bit<8> c; }
struct headers_t { h_t h; md_t mh; }
struct meta_t { }`,
        'hs.mh.setValid(); hs.mh.s.b = hs.mh.s.a + 7; hs.mh.c = hs.h.k; sm.egress_spec = 1;',
      ),
      { source: true },
    );
    const [o] = r.send(0, [9]);
    assert.deepEqual([o?.port, ...(o?.frame ?? [])], [1, 9, 0, 7, 9]);
  });

  test('an action_selector no table uses loads (bmv2 loads it) and holds no actions', async () => {
    const r = await v1modelRig(
      program(TAG_HEADERS, 'sm.egress_spec = 3;', 'action_selector(HashAlgorithm.crc16, 32w8, 32w16) unused_sel;'),
      { source: true },
    );
    assert.deepEqual(
      r.state.p4info.actionSelectors?.map((a) => a.name),
      ['Ig.unused_sel'],
    );
    const [o] = r.send(0, [1, 2]);
    assert.equal(o?.port, 3);
    const res = callMethod({ state: r.state, tm: r.tm } as unknown as ControlTarget, 'actionProfile.addMember', {
      profile: 'Ig.unused_sel_profile',
      member: 1,
      action: 'Ig.anything',
      params: {},
    });
    assert.equal(res.ok, false, 'a member needs an action of a table using the profile');
  });

  test('a register of cells wider than 64 bits keeps every bit (bmv2 has no width limit)', async () => {
    const r = await v1modelRig(
      program(
        'header h_t { bit<8> k; bit<80> v; bit<80> got; }\nstruct headers_t { h_t h; }\nstruct meta_t { }',
        `if (hs.h.k == 1) { wide.write(2, hs.h.v + 1); }
         wide.read(hs.h.got, 2);
         sm.egress_spec = 1;`,
        'register<bit<80>>(4) wide;',
      ),
      { source: true },
    );
    const v = 'ffffffffffffffffff00'; // 80 bits, more than 64 of them set
    const zero = '00000000000000000000';
    const [o] = r.send(0, fromHex(`01${v}${zero}`));
    assert.equal(hex(o?.frame ?? new Uint8Array()), `01${v}ffffffffffffffffff01`);
    // The cell kept all 80 bits for the next packet, and the control plane reads them.
    const [p] = r.send(0, fromHex(`00${zero}${zero}`));
    assert.equal(hex(p?.frame ?? new Uint8Array()), `00${zero}ffffffffffffffffff01`);
    assert.deepEqual(must(r, 'register.read', { register: 'Ig.wide', index: 2 }), {
      register: 'Ig.wide',
      from: 2,
      values: ['0xffffffffffffffffff01'],
    });
  });

  test("a register handed to a sub-control is the caller's register", async () => {
    const sub = `control Bump(inout headers_t hs, register<bit<8>> r) {
    apply { bit<8> v; r.read(v, (bit<32>)hs.h.k); r.write((bit<32>)hs.h.k, v + 5); hs.h.tag = v + 5; }
}`;
    const r = await v1modelRig(
      program(
        `${TAG_HEADERS}\n${sub}`,
        'bump.apply(hs, counts); sm.egress_spec = 1;',
        'register<bit<8>>(4) counts; Bump() bump;',
      ),
      { source: true },
    );
    r.send(0, [2, 0]);
    const [o] = r.send(0, [2, 0]);
    assert.deepEqual([...(o?.frame ?? [])], [2, 10]);
    assert.deepEqual(must(r, 'register.read', { register: 'Ig.counts', index: 2 }), {
      register: 'Ig.counts',
      from: 2,
      values: [10],
    });
  });

  test('a struct field of tuple type holds its elements (a header stack and a bit<8> here)', async () => {
    const r = await v1modelRig(
      program(
        `header h_t { bit<8> k; bit<8> tag; }
header e_t { bit<8> b; }
struct arr_t { tuple<e_t[2], bit<8>> t; }
struct headers_t { h_t h; }
struct meta_t { arr_t s; }`,
        `ms.s.t[0][1].setValid(); ms.s.t[0][1].b = hs.h.k + 1; ms.s.t[1] = 3;
         hs.h.tag = ms.s.t[0][1].b + ms.s.t[1];
         if (ms.s.t[0][0].isValid()) { hs.h.tag = 0; }
         sm.egress_spec = 1;`,
      ),
      { source: true },
    );
    const [o] = r.send(0, [4, 0]);
    assert.deepEqual([...(o?.frame ?? [])], [4, 8]);
  });

  test('read or write of a register of struct cells is an error at the call (bmv2 has no struct cells), not a crash', () => {
    const c = compile(
      program(
        `${TAG_HEADERS}\nstruct cell_t { bit<32> f; }`,
        'cell_t s = { 7 }; regs.write(0, s); sm.egress_spec = 1;',
        'register<cell_t>(32w4) regs;',
      ),
      { source: true },
    );
    assert.equal(c.result?.pipeline, undefined);
    assert.match(c.messages, /prog\.p4:\d+:\d+: error: .*write of a register whose cells are structs/);
  });

  test('an array of bit<8> inside a header is extracted, written and emitted element by element', async () => {
    const r = await v1modelRig(
      program(
        `header h_t { bit<16> f; bit<8>[4] arr; bit<4> lo; bit<4> hi; }
struct headers_t { h_t h; }
struct meta_t { }`,
        'hs.h.arr[0] = hs.h.f[7:0]; hs.h.arr[3] = hs.h.f[15:8]; hs.h.hi = hs.h.arr[1][3:0]; sm.egress_spec = 1;',
      ),
      { source: true },
    );
    const [o] = r.send(0, fromHex('abcd 11 22 33 44 5f ee'));
    assert.equal(hex(o?.frame ?? new Uint8Array()), 'abcdcd2233ab52ee');
  });

  test("a state's own variable handed to a sub-parser is still there after the apply", async () => {
    const r = await v1modelRig(
      `#include <core.p4>
#include <v1model.p4>
header b_t { bit<8> v; }
struct pair_t { b_t x; b_t y; }
struct headers_t { b_t first; b_t second; }
struct meta_t { }
parser Sub(packet_in pkt, inout pair_t p) {
    state start { pkt.extract(p.y); transition accept; }
}
parser P(packet_in pkt, out headers_t hs, inout meta_t ms, inout standard_metadata_t sm) {
    Sub() sub;
    state start {
        pair_t tmp;
        pkt.extract(tmp.x);
        sub.apply(pkt, tmp);
        hs.first = tmp.y;
        hs.second = tmp.x;
        transition accept;
    }
}
control VC(inout headers_t hs, inout meta_t ms) { apply { } }
control Ig(inout headers_t hs, inout meta_t ms, inout standard_metadata_t sm) { apply { sm.egress_spec = 1; } }
control Eg(inout headers_t hs, inout meta_t ms, inout standard_metadata_t sm) { apply { } }
control CC(inout headers_t hs, inout meta_t ms) { apply { } }
control D(packet_out pkt, in headers_t hs) { apply { pkt.emit(hs); } }
V1Switch(P(), VC(), Ig(), Eg(), CC(), D()) main;
`,
      { source: true },
    );
    const [o] = r.send(0, [0xaa, 0xbb, 0xcc]);
    assert.deepEqual([...(o?.frame ?? [])], [0xbb, 0xaa, 0xcc], 'the two headers swapped, the payload after');
  });

  test('lookahead of a struct holding a header stack reads every element valid, the cursor unmoved', async () => {
    const r = await v1modelRig(
      `#include <core.p4>
#include <v1model.p4>
header b_t { bit<8> v; }
struct peek_t { b_t[2] s; bit<4> n; }
struct headers_t { b_t a; b_t b; b_t c; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hs, inout meta_t ms, inout standard_metadata_t sm) {
    state start {
        peek_t l = pkt.lookahead<peek_t>();
        transition select(l.s[1].v, l.n, l.s[0].isValid()) {
            (0x22, 3, true): both;
            default: accept;
        }
    }
    state both { pkt.extract(hs.a); pkt.extract(hs.b); pkt.extract(hs.c); transition accept; }
}
control VC(inout headers_t hs, inout meta_t ms) { apply { } }
control Ig(inout headers_t hs, inout meta_t ms, inout standard_metadata_t sm) {
    apply { sm.egress_spec = hs.c.isValid() ? 9w2 : 9w1; }
}
control Eg(inout headers_t hs, inout meta_t ms, inout standard_metadata_t sm) { apply { } }
control CC(inout headers_t hs, inout meta_t ms) { apply { } }
control D(packet_out pkt, in headers_t hs) { apply { pkt.emit(hs); } }
V1Switch(P(), VC(), Ig(), Eg(), CC(), D()) main;
`,
      { source: true },
    );
    const [o] = r.send(0, [0x11, 0x22, 0x3f, 0x44]);
    assert.deepEqual([o?.port, ...(o?.frame ?? [])], [2, 0x11, 0x22, 0x3f, 0x44]);
    const [p] = r.send(0, [0x11, 0x23, 0x3f]);
    assert.equal(p?.port, 1, 'another second element: no extract');
  });

  test('a value set of a struct with a nested struct matches one key per leaf', async () => {
    const r = await v1modelRig(
      `#include <core.p4>
#include <v1model.p4>
header b_t { bit<8> x; bit<8> y; }
struct inner_t { bit<8> y; }
struct pair_t { bit<8> x; inner_t inner; }
struct headers_t { b_t b; b_t tail; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hs, inout meta_t ms, inout standard_metadata_t sm) {
    value_set<pair_t>(4) pvs;
    state start {
        pkt.extract(hs.b);
        transition select(hs.b.x, hs.b.y) { pvs: more; default: accept; }
    }
    state more { pkt.extract(hs.tail); transition accept; }
}
control VC(inout headers_t hs, inout meta_t ms) { apply { } }
control Ig(inout headers_t hs, inout meta_t ms, inout standard_metadata_t sm) {
    apply { sm.egress_spec = hs.tail.isValid() ? 9w2 : 9w1; }
}
control Eg(inout headers_t hs, inout meta_t ms, inout standard_metadata_t sm) { apply { } }
control CC(inout headers_t hs, inout meta_t ms) { apply { } }
control D(packet_out pkt, in headers_t hs) { apply { pkt.emit(hs); } }
V1Switch(P(), VC(), Ig(), Eg(), CC(), D()) main;
`,
      { source: true },
    );
    assert.deepEqual(
      r.state.p4info.valueSets.map((v) => v.fields.map((f) => [f.name, f.width])),
      [
        [
          ['x', 8],
          ['inner.y', 8],
        ],
      ],
    );
    must(r, 'valueSet.set', { valueSet: 'P.pvs', members: [{ value: [1, 2] }] });
    assert.equal(r.send(0, [1, 2, 3, 4])[0]?.port, 2);
    assert.equal(r.send(0, [1, 3, 3, 4])[0]?.port, 1);
  });
});
