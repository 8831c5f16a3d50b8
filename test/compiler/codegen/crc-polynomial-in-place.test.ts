// A Hash given its CRCPolynomial constructed in place, `Hash<bit<16>>(HashAlgorithm_t.CUSTOM,
// CRCPolynomial<bit<16>>(...))` (CMSIS), hashes as the same polynomial declared as a named
// instance. Check value: CRC-16/CCITT-FALSE (0x1021, init 0xffff, not reflected) of the nine
// bytes "123456789" is 0x29b1.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { cleanup, rig, tnaTail } from './helpers.js';

after(cleanup);

const program = `
#include <tna.p4>
header data_h { bit<72> text; bit<16> in_place; bit<16> named; }
struct hdr_t { data_h d; }
struct md_t { }
parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start { pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.d); transition accept; }
}
control Ig(inout hdr_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    CRCPolynomial<bit<16>>(0x1021, false, false, false, 0xffff, 0x0000) ccitt;
    Hash<bit<16>>(HashAlgorithm_t.CUSTOM, ccitt) named_hash;
    Hash<bit<16>>(HashAlgorithm_t.CUSTOM, CRCPolynomial<bit<16>>(0x1021, false, false, false, 0xffff, 0x0000)) in_place_hash;
    apply {
        ig_tm_md.ucast_egress_port = 2;
        hdr.d.in_place = in_place_hash.get({hdr.d.text});
        hdr.d.named = named_hash.get({hdr.d.text});
    }
}
${tnaTail()}`;

describe('a CRCPolynomial constructed in place in a Hash', () => {
  it('hashes as the named polynomial: CRC-16/CCITT-FALSE of "123456789" is 0x29b1', async () => {
    const r = await rig(program, { source: true });
    r.engine.receive(1, Uint8Array.from([...Buffer.from('123456789'), 0, 0, 0, 0]));
    assert.deepEqual([...(r.out[0]?.frame.slice(9) ?? [])], [0x29, 0xb1, 0x29, 0xb1]);
  });
});
