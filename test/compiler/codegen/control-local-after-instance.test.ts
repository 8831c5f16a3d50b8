// A control-level variable declared after a sub-control's instance, and passed to that
// sub-control's `in` parameter, which a RegisterAction of the sub-control reads (PS-Sketch's
// `UpdateP_Sketch() s; ... bit<32> epoch; ... s.apply(epoch, ...)`). Once the sub-control is
// inlined its RegisterAction sits before the variable among the control's locals; the code
// generator declares a control's variables before its instances, so the action still sees it.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { cleanup, rig, tnaTail } from './helpers.js';

after(cleanup);

const program = `
#include <tna.p4>
header data_h { bit<8> idx; bit<32> v; bit<32> stored; }
struct hdr_t { data_h d; }
struct md_t { }
parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start { pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.d); transition accept; }
}
control LastChange(in bit<8> idx, in bit<32> now, out bit<32> before) {
    Register<bit<32>, bit<8>>(256, 0) cells;
    RegisterAction<bit<32>, bit<8>, bit<32>>(cells) swap = {
        void apply(inout bit<32> value, out bit<32> rv) {
            rv = value;
            value = now;
        }
    };
    apply { before = swap.execute(idx); }
}
control Ig(inout hdr_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    LastChange() last;
    bit<32> epoch;
    bit<32> previous;
    apply {
        ig_tm_md.ucast_egress_port = 2;
        epoch = hdr.d.v & 0xfffffff0;
        last.apply(hdr.d.idx, epoch, previous);
        hdr.d.stored = previous;
    }
}
${tnaTail()}`;

describe('a control local declared after a sub-control instance that reads it', () => {
  it('compiles, and the register action stores the value the local had at the call', async () => {
    const r = await rig(program, { source: true });
    const frame = (idx: number, v: number) => Uint8Array.from([idx, 0, 0, 0, v, 0, 0, 0, 0]);
    r.engine.receive(1, frame(3, 0x25));
    r.engine.receive(1, frame(3, 0x47));
    assert.deepEqual(
      r.out.map((o) => [...o.frame.slice(5)]),
      [
        [0, 0, 0, 0],
        [0, 0, 0, 0x20],
      ],
    );
  });
});
