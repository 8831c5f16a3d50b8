// p4info names tables, actions and extern instances as p4c does: the `@name` value (or the
// local name) under the enclosing control, a leading `.` making it absolute; an inlined
// sub-control's objects go under the instance's name. Two tables that share an `@name` are
// fine when a constructor argument leaves one of them unapplied in each instance (Intel's
// selector_resize), and an error when both run.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { cleanup, compile, rig, table } from './helpers.js';

after(cleanup);

const FRAME = `
#include <tna.p4>
header eth_h { bit<8> k; bit<8> v; }
struct hdr_t { eth_h eth; }
struct md_t { }
parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start { pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.eth); transition accept; }
}
control IgD(packet_out pkt, inout hdr_t hdr, in md_t md, in ingress_intrinsic_metadata_for_deparser_t d) {
    apply { pkt.emit(hdr); }
}
parser EgP(packet_in pkt, out hdr_t hdr, out md_t md, out egress_intrinsic_metadata_t eg_intr_md) {
    state start { pkt.extract(eg_intr_md); pkt.extract(hdr.eth); transition accept; }
}
control Eg(inout hdr_t hdr, inout md_t md, in egress_intrinsic_metadata_t eg_intr_md,
           in egress_intrinsic_metadata_from_parser_t a, inout egress_intrinsic_metadata_for_deparser_t b,
           inout egress_intrinsic_metadata_for_output_port_t c) { apply { } }
control EgD(packet_out pkt, inout hdr_t hdr, in md_t md, in egress_intrinsic_metadata_for_deparser_t d) {
    apply { pkt.emit(hdr); }
}
`;

const IG_PARAMS = `inout hdr_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md`;

/** A sub-control with two tables named "pick": which one runs is a constructor argument. */
const PICK = `
control Pick(inout hdr_t hdr)(bool second) {
    @name("counted") Counter<bit<32>, bit<8>>(4, CounterType_t.PACKETS) hits;
    @name("put") action put_v(bit<8> v) { hdr.eth.v = v; hits.count(0); }
    @name(".global_drop") action drop_it() { hdr.eth.v = 0xdd; }
    @name("pick") table first { key = { hdr.eth.k: exact; } actions = { put_v; drop_it; NoAction; } default_action = NoAction(); }
    @name("pick") table second_t { key = { hdr.eth.k: exact; } actions = { put_v; drop_it; NoAction; } default_action = NoAction(); }
    apply { if (second) { second_t.apply(); } else { first.apply(); } }
}
`;

const MAIN = `
Pipeline(IgP(), Ig(), IgD(), EgP(), Eg(), EgD()) pipe;
Switch(pipe) main;
`;

const RESOLVED = `${FRAME}${PICK}
control Ig(${IG_PARAMS}) {
    Pick(false) a;
    Pick(true) b;
    @name(".top_table") table direct { key = { hdr.eth.k: exact; } actions = { NoAction; } }
    apply { ig_tm_md.ucast_egress_port = 2; a.apply(hdr); b.apply(hdr); direct.apply(); }
}
${MAIN}`;

describe('control-plane names from @name', () => {
  it('names tables, actions and externs by @name under the control and the instance', () => {
    const c = compile(RESOLVED, { source: true });
    assert.equal(c.messages, '');
    const info = c.result?.pipeline?.p4info;
    assert.ok(info !== undefined);
    assert.deepEqual(info.tables.map((t) => t.name).sort(), ['Ig.a.pick', 'Ig.b.pick', 'top_table']);
    const actions = info.actions.map((a) => a.name);
    assert.ok(actions.includes('Ig.a.put') && actions.includes('Ig.b.put'), actions.join(', '));
    // An absolute name inlined twice is one action to the control plane.
    assert.equal(actions.filter((a) => a === 'global_drop').length, 1);
    assert.deepEqual(info.counters.map((x) => x.name).sort(), ['Ig.a.counted', 'Ig.b.counted']);
  });

  it('each instance runs the table its constructor argument chose', async () => {
    const r = await rig(RESOLVED, { source: true });
    const a = table(r, 'Ig.a.pick');
    const b = table(r, 'Ig.b.pick');
    assert.equal(a.add({ match: [{ kind: 'exact', value: 1 }], action: 'Ig.a.put', params: [0x11] }).ok, true);
    assert.equal(b.add({ match: [{ kind: 'exact', value: 2 }], action: 'global_drop', params: [] }).ok, true);
    r.engine.receive(1, Uint8Array.from([1, 0]));
    r.engine.receive(1, Uint8Array.from([2, 0]));
    assert.deepEqual(
      r.out.map((o) => [...o.frame]),
      [
        [1, 0x11],
        [2, 0xdd],
      ],
    );
  });

  it('names a constant key by itself, as p4c does; a computed key still needs @name', () => {
    const keyed = (key: string) => `${FRAME}
control Ig(${IG_PARAMS}) {
    table t { key = { ${key} : exact; hdr.eth.k : exact; } actions = { NoAction; } }
    apply { ig_tm_md.ucast_egress_port = 2; t.apply(); }
}
${MAIN}`;
    const c = compile(keyed('8w0x48'), { source: true });
    assert.equal(c.messages, '');
    assert.deepEqual(
      c.result?.pipeline?.p4info.tables[0]?.keys.map((k) => k.name),
      ['8w0x48', 'hdr.eth.k'],
    );
    assert.match(compile(keyed('hdr.eth.k + 1'), { source: true }).messages, /needs a @name annotation/);
  });

  it('gives an action parameter of a plain enum 32 bits, valued by the member position', async () => {
    const prog = `${FRAME}
enum colour_t { RED, GREEN, BLUE }
control Ig(${IG_PARAMS}) {
    action paint(colour_t c) { hdr.eth.v = c == colour_t.BLUE ? 8w0xbb : 8w0x11; }
    table t { key = { hdr.eth.k : exact; } actions = { paint; NoAction; } }
    apply { ig_tm_md.ucast_egress_port = 2; t.apply(); }
}
${MAIN}`;
    const c = compile(prog, { source: true });
    assert.equal(c.messages, '');
    const paint = c.result?.pipeline?.p4info.actions.find((a) => a.name === 'Ig.paint');
    assert.deepEqual(
      paint?.params.map((p) => p.width),
      [32],
    );
    const r = await rig(prog, { source: true });
    assert.ok(table(r, 'Ig.t').add({ match: [{ kind: 'exact', value: 1 }], action: 'Ig.paint', params: [2] }).ok);
    r.engine.receive(1, Uint8Array.from([1, 0]));
    assert.deepEqual([...(r.out[0]?.frame ?? [])], [1, 0xbb]);
  });

  it('refuses an absolute table name in a control applied twice (two tables, one name)', () => {
    const twice = `${FRAME}
control Sub(inout hdr_t hdr) {
    @name(".shared") table t { key = { hdr.eth.k: exact; } actions = { NoAction; } }
    apply { t.apply(); }
}
control Ig(${IG_PARAMS}) {
    Sub() s1;
    Sub() s2;
    apply { s1.apply(hdr); s2.apply(hdr); }
}
${MAIN}`;
    const c = compile(twice, { source: true });
    assert.equal(c.result?.pipeline, undefined);
    assert.match(c.messages, /error: 'shared' is already the control-plane name of another table/);
  });

  it('refuses two applied tables with one name, after specialisation', () => {
    const both = `${FRAME}
control Ig(${IG_PARAMS})(bool unused) {
    @name("dup") table t1 { key = { hdr.eth.k: exact; } actions = { NoAction; } }
    @name("dup") table t2 { key = { hdr.eth.v: exact; } actions = { NoAction; } }
    apply { t1.apply(); t2.apply(); }
}
Pipeline(IgP(), Ig(true), IgD(), EgP(), Eg(), EgD()) pipe;
Switch(pipe) main;
`;
    const c = compile(both, { source: true });
    assert.equal(c.result?.pipeline, undefined);
    assert.match(c.messages, /error: 'Ig\.dup' is already the control-plane name of another table/);
    assert.match(c.messages, /note: 'Ig\.dup' is also the name of 't1'/);
  });
});
