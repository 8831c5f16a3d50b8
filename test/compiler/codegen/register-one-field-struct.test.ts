// A TNA Register whose cell type is a struct of one field (Meta4's `Register<domainid_t, _>` with
// `struct domainid_t { bit<32> domain_id; }`) is a register of that field's word: a
// RegisterAction reads and writes `value.domain_id` as the cell.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { cleanup, compile, rig, tnaTail } from './helpers.js';

after(cleanup);

const program = `
#include <tna.p4>
struct count_t { bit<32> n; }
header data_h { bit<8> idx; bit<32> seen; }
struct hdr_t { data_h d; }
struct md_t { }
parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start { pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.d); transition accept; }
}
control Ig(inout hdr_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    Register<count_t, _>(16) counts;
    RegisterAction<count_t, _, bit<32>>(counts) bump = {
        void apply(inout count_t value, out bit<32> rv) {
            value.n = value.n + 3;
            rv = value.n;
        }
    };
    apply {
        ig_tm_md.ucast_egress_port = 2;
        hdr.d.seen = bump.execute(hdr.d.idx);
    }
}
${tnaTail()}`;

describe('a Register of a one-field struct', () => {
  it('is a register of the field: the action counts in the cell, per index', async () => {
    const c = compile(program, { source: true });
    assert.equal(c.sink.errorCount, 0, c.messages);
    const r = await rig(program, { source: true });
    for (const idx of [5, 5, 7]) r.engine.receive(1, Uint8Array.from([idx, 0, 0, 0, 0]));
    assert.deepEqual(
      r.out.map((o) => [...o.frame]),
      [
        [5, 0, 0, 0, 3],
        [5, 0, 0, 0, 6],
        [7, 0, 0, 0, 3],
      ],
    );
  });
});
