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
header data_h { bit<32> count; bit<32> total; bit<32> lo; bit<32> hi; }
struct hdr_t { data_h d; }
struct md_t { }
struct pair_t { bit<32> first; bit<32> second; }
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
    // A paired cell starts at the constructor's {first, second}.
    DirectRegister<pair_t>({100, 200}) both;
    DirectRegisterAction<pair_t, bit<32>>(both) bump_both = {
        void apply(inout pair_t value, out bit<32> rv) {
            value.first = value.first + 1;
            value.second = value.second + 2;
            rv = value.second;
        }
    };
    apply {
        ig_tm_md.ucast_egress_port = 2;
        hdr.d.count = count_and_sum.execute();
        hdr.d.hi = bump_both.execute();
    }
}
${tnaTail()}`;

describe('a DirectRegister that no table lists', () => {
  it('has one cell, from its initial value (each half of a pair its own), that every packet updates', async () => {
    const r = await rig(program, { source: true });
    const frame = (total: number) => Uint8Array.from([0, 0, 0, 0, 0, 0, 0, total, 0, 0, 0, 0, 0, 0, 0, 0]);
    r.engine.receive(1, frame(5));
    r.engine.receive(1, frame(7));
    r.engine.receive(1, frame(1));
    assert.deepEqual(
      r.out.map((o) => [o.frame[3], o.frame[15]]),
      [
        [15, 202],
        [22, 204],
        [23, 206],
      ],
    );
  });
});
