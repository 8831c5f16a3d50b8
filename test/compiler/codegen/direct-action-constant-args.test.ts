// An action called directly with a constant for an `in` parameter is checked with that
// constant in place (p4c's RemoveActionParameters and constant propagation): a shift by such
// a parameter is a shift by a constant, which Tofino's VLIW has. A run-time amount stays an
// error. The packet shows the constant shift happens.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { cleanup, compile, rig, tnaTail } from './helpers.js';

after(cleanup);

const program = (amount: string) => `
#include <tna.p4>
header data_h { bit<16> value; bit<16> amount; }
struct hdr_t { data_h d; }
struct md_t { }
parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start { pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.d); transition accept; }
}
control Ig(inout hdr_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    action shl(inout bit<16> a, in bit<16> b) { a = a << b; }
    apply {
        ig_tm_md.ucast_egress_port = 2;
        shl(hdr.d.value, ${amount});
    }
}
${tnaTail()}`;

describe('direct action calls with constant arguments', () => {
  it('a shift by an in parameter bound to a constant passes the Tofino checks and shifts', async () => {
    const c = compile(program('4'), { source: true });
    assert.equal(c.sink.errorCount, 0, c.messages);
    const r = await rig(program('4'), { source: true });
    r.engine.receive(1, Uint8Array.from([0x01, 0x23, 0x00, 0x09]));
    assert.deepEqual(
      r.out.map((o) => [...o.frame]),
      [[0x12, 0x30, 0x00, 0x09]],
    );
  });

  it('a shift by an in parameter bound to a packet field is still refused', () => {
    const c = compile(program('hdr.d.amount'), { source: true });
    assert.match(c.messages, /shift by a run-time amount/);
  });
});
