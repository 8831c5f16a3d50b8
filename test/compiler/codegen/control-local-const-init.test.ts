// A control-local variable initialised with a constant takes that constant at the start of every
// apply: a serializable enum member is its number (it once printed as "[object Object]" and the
// pipeline did not load), a constant wider than 32 bits is a bigint.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { cleanup, rig, tnaTail } from './helpers.js';

after(cleanup);

const program = `
#include <tna.p4>
enum bit<8> op_t { KEEP = 3, MARK = 0x5a }
header data_h { bit<8> op; bit<8> flag; bit<64> wide; }
struct hdr_t { data_h d; }
struct md_t { }
parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start { pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.d); transition accept; }
}
control Ig(inout hdr_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    op_t op = op_t.MARK;
    bit<64> big = 0x0102030405060708;
    apply {
        ig_tm_md.ucast_egress_port = 2;
        if (hdr.d.flag == 1) { op = op_t.KEEP; }
        hdr.d.op = (bit<8>)op;
        hdr.d.wide = big;
    }
}
${tnaTail()}`;

describe('control locals initialised with constants', () => {
  it('an enum member and a 64-bit constant are the locals initial values on every packet', async () => {
    const r = await rig(program, { source: true });
    const zeros = [0, 0, 0, 0, 0, 0, 0, 0];
    // The first packet changes the local; the second must see the initial value again.
    r.engine.receive(1, Uint8Array.from([0, 1, ...zeros]));
    r.engine.receive(1, Uint8Array.from([0, 0, ...zeros]));
    assert.deepEqual(
      r.out.map((o) => [...o.frame]),
      [
        [3, 1, 1, 2, 3, 4, 5, 6, 7, 8],
        [0x5a, 0, 1, 2, 3, 4, 5, 6, 7, 8],
      ],
    );
  });
});
