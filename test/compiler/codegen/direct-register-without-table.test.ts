// A DirectRegister that no table lists, executed from the apply block (CMSIS:
// `DirectRegisterAction<pair, bit<32>>(packet_counter) inc = {...}; apply { t = inc.execute(); }`).
// bf-p4c puts the statement in a keyless table of its own, whose one entry owns the cell: the
// cell starts at the constructor's value and every packet updates the same cell.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { cleanup, rig, tnaTail } from './helpers.js';

after(cleanup);

const program = `
#include <tna.p4>
header data_h { bit<32> count; bit<32> total; }
struct hdr_t { data_h d; }
struct md_t { }
parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start { pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.d); transition accept; }
}
control Ig(inout hdr_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    DirectRegister<bit<32>>(10) seen;
    DirectRegisterAction<bit<32>, bit<32>>(seen) count_and_sum = {
        void apply(inout bit<32> value, out bit<32> rv) {
            value = value + hdr.d.total;
            rv = value;
        }
    };
    apply {
        ig_tm_md.ucast_egress_port = 2;
        hdr.d.count = count_and_sum.execute();
    }
}
${tnaTail()}`;

describe('a DirectRegister that no table lists', () => {
  it('has one cell, from its initial value, that every packet updates', async () => {
    const r = await rig(program, { source: true });
    const frame = (total: number) => Uint8Array.from([0, 0, 0, 0, 0, 0, 0, total]);
    r.engine.receive(1, frame(5));
    r.engine.receive(1, frame(7));
    r.engine.receive(1, frame(1));
    assert.deepEqual(
      r.out.map((o) => o.frame[3]),
      [15, 22, 23],
    );
  });
});
