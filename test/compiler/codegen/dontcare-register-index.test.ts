// Two shapes research TNA programs share (lemon, neobft, dyso, PIE): a register whose index
// type is `_` indexed by an integer literal (`ra.execute(0)`; the index is a bit<32>, as
// bf-p4c's releases before p4c's 2023 check accepted), and an ingress and an egress control
// that each declare a register of the same name (two registers, not one accessed twice).

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { runCheck } from '../check/helpers.js';
import { cleanup, compile, rig } from './helpers.js';

after(cleanup);

const PROGRAM = `
#include <tna.p4>
header count_h { bit<32> ingress_count; bit<32> egress_count; bit<32> slot2; }
struct hdr_t { count_h c; }
struct md_t { }
parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start { pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.c); transition accept; }
}
control Ig(inout hdr_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    Register<bit<32>, _>(4, 0) counter;
    RegisterAction<bit<32>, _, bit<32>>(counter) bump = {
        void apply(inout bit<32> v, out bit<32> rv) { v = v + 1; rv = v; }
    };
    apply {
        ig_tm_md.ucast_egress_port = 2;
        hdr.c.ingress_count = bump.execute(2);
    }
}
control IgD(packet_out pkt, inout hdr_t hdr, in md_t md, in ingress_intrinsic_metadata_for_deparser_t d) {
    apply { pkt.emit(hdr); }
}
parser EgP(packet_in pkt, out hdr_t hdr, out md_t md, out egress_intrinsic_metadata_t eg_intr_md) {
    state start { pkt.extract(eg_intr_md); pkt.extract(hdr.c); transition accept; }
}
control Eg(inout hdr_t hdr, inout md_t md, in egress_intrinsic_metadata_t eg_intr_md,
           in egress_intrinsic_metadata_from_parser_t a, inout egress_intrinsic_metadata_for_deparser_t b,
           inout egress_intrinsic_metadata_for_output_port_t c) {
    Register<bit<32>, _>(1) counter;
    RegisterAction<bit<32>, _, bit<32>>(counter) bump = {
        void apply(inout bit<32> v, out bit<32> rv) { v = v + 10; rv = v; }
    };
    apply { hdr.c.egress_count = bump.execute(0); }
}
control EgD(packet_out pkt, inout hdr_t hdr, in md_t md, in egress_intrinsic_metadata_for_deparser_t d) {
    apply { pkt.emit(hdr); }
}
Pipeline(IgP(), Ig(), IgD(), EgP(), Eg(), EgD()) pipe;
Switch(pipe) main;
`;

const word = (v: number) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];

describe('register indexes of type _ and same-named registers in two gresses', () => {
  it('an integer literal indexes a register action whose index type is _', () => {
    const errors = runCheck(PROGRAM).found.filter((d) => d.severity === 'error');
    assert.deepEqual(errors, []);
  });

  it("p4c's rule stands for other externs: a literal for a _-typed parameter has no type", () => {
    const src = `
extern E<T> { E(); void f(in T arg); }
control c() { E<_>() e; apply { e.f(0); } }
control proto();
package top(proto p);
top(c()) main;`;
    const errors = runCheck(src).found.filter((d) => d.severity === 'error');
    assert.deepEqual(
      errors.map((d) => d.message),
      ["cannot infer a type for parameter 'arg': its type is the don't-care type '_'"],
    );
  });

  it('the Tofino checks see two registers, and each gress counts in its own', async () => {
    const c = compile(PROGRAM, { source: true });
    assert.equal(c.sink.errorCount, 0, c.messages);
    const r = await rig(PROGRAM, { source: true });
    const frame = Uint8Array.from(new Array(12).fill(0));
    r.engine.receive(1, frame);
    r.engine.receive(1, frame);
    assert.deepEqual(
      r.out.map((o) => [...o.frame]),
      [
        [...word(1), ...word(10), ...word(0)],
        [...word(2), ...word(20), ...word(0)],
      ],
    );
  });
});
