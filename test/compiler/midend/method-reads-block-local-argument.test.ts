// A sub-control whose RegisterAction reads one of its `in` parameters, applied with a variable
// declared inside the caller's apply block (P4-stream's wordCount: `hash32_t hashID; ...
// idAccess.apply(key, hashID, ret)`). The RegisterAction lives at the control's level, where that
// block variable is not visible, so the argument is copied into a control-level temp at the call:
// the program compiles and the register stores the value the variable had at the call.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { cleanup, rig, tnaTail } from '../codegen/helpers.js';

after(cleanup);

const program = `
#include <tna.p4>
header data_h { bit<8> idx; bit<32> v; bit<32> stored; }
struct hdr_t { data_h d; }
struct md_t { }
parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start { pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.d); transition accept; }
}
control FirstValue(in bit<8> idx, in bit<32> candidate, out bit<32> kept) {
    Register<bit<32>, bit<8>>(256, 0) cells;
    RegisterAction<bit<32>, bit<8>, bit<32>>(cells) keep_first = {
        void apply(inout bit<32> value, out bit<32> rv) {
            if (value == 0) { value = candidate; }
            rv = value;
        }
    };
    apply { kept = keep_first.execute(idx); }
}
control Ig(inout hdr_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    FirstValue() first;
    apply {
        ig_tm_md.ucast_egress_port = 2;
        if (hdr.d.isValid()) {
            bit<32> doubled;
            bit<32> result;
            doubled = hdr.d.v + hdr.d.v;
            first.apply(hdr.d.idx, doubled, result);
            hdr.d.stored = result;
        }
    }
}
${tnaTail()}`;

describe('a sub-control instance method reading an in parameter bound to a block variable', () => {
  it('compiles, and the register keeps the first value the variable had at the call', async () => {
    const r = await rig(program, { source: true });
    const frame = (idx: number, v: number) => Uint8Array.from([idx, 0, 0, 0, v, 0, 0, 0, 0]);
    r.engine.receive(1, frame(4, 5));
    r.engine.receive(1, frame(4, 9));
    r.engine.receive(1, frame(6, 1));
    assert.deepEqual(
      r.out.map((o) => [...o.frame.slice(5)]),
      [
        [0, 0, 0, 10],
        [0, 0, 0, 10],
        [0, 0, 0, 2],
      ],
    );
  });
});
