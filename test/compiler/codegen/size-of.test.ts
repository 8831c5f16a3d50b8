// TNA's sizeInBits/sizeInBytes(x) are compile-time constants: the width of x's type, every
// field of every header counted whether valid or not, bytes truncated (bf-p4c's rule), also
// inside a RegisterAction body (PIFINA counts header bytes with `v = v + sizeInBytes(hdr)`).

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { cleanup, rig, tnaTail } from './helpers.js';

after(cleanup);

const PROGRAM = `
#include <tna.p4>
header eth_h { bit<8> k; bit<8> v; }
header opt_h { bit<12> a; bit<4> b; bit<8> c; }
struct hdr_t { eth_h eth; opt_h opt; }
struct md_t { }
parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start { pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.eth); transition accept; }
}
control Ig(inout hdr_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    Register<bit<32>, bit<1>>(1, 0) total;
    RegisterAction<bit<32>, bit<1>, bit<32>>(total) add_size = {
        void apply(inout bit<32> v, out bit<32> rv) { v = v + sizeInBytes(hdr); rv = v; }
    };
    apply {
        ig_tm_md.ucast_egress_port = 2;
        if (hdr.eth.k == 0) hdr.eth.v = (bit<8>)add_size.execute(0);
        else hdr.eth.v = (bit<8>)sizeInBits(hdr.opt);
    }
}
${tnaTail('pkt.extract(hdr.eth);')}`;

describe('sizeInBits and sizeInBytes (TNA)', () => {
  it('are the widths of the types: 5 bytes for hdr (opt invalid), 24 bits for hdr.opt', async () => {
    const r = await rig(PROGRAM, { source: true });
    r.engine.receive(1, Uint8Array.from([0, 0]));
    r.engine.receive(1, Uint8Array.from([0, 0]));
    r.engine.receive(1, Uint8Array.from([1, 0]));
    assert.deepEqual(
      r.out.map((o) => [...o.frame]),
      [
        [0, 5],
        [0, 10],
        [1, 24],
      ],
    );
  });
});
