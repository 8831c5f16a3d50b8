// Tofino's funnel_shift_right(dst, hi, lo, n): dst takes the low bits of (hi ++ lo) >> n
// (tna.p4), into a field or a slice of one.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { cleanup, rig, tnaTail } from './helpers.js';

after(cleanup);

const PROGRAM = `
#include <tna.p4>
header h_t { bit<16> hi; bit<16> lo; bit<16> res; bit<32> wide; }
struct hdr_t { h_t h; }
struct md_t { }
parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start { pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.h); transition accept; }
}
control Ig(inout hdr_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    action shift() {
        funnel_shift_right(hdr.h.res, hdr.h.hi, hdr.h.lo, 4);
        funnel_shift_right(hdr.h.wide[23:8], hdr.h.hi, hdr.h.lo, 12);
    }
    apply { ig_tm_md.ucast_egress_port = 2; shift(); }
}
${tnaTail()}`;

describe('funnel_shift_right', () => {
  it('takes the low bits of the shifted concatenation, into a field and into a slice', async () => {
    const r = await rig(PROGRAM, { source: true });
    // (0xabcd ++ 0x1234) >> 4 = 0xabcd123 → low 16 bits 0xd123; >> 12 → 0xabcd1 → 0xbcd1.
    r.engine.receive(1, Uint8Array.from([0xab, 0xcd, 0x12, 0x34, 0, 0, 0xff, 0xff, 0xff, 0xff]));
    assert.deepEqual(
      r.out.map((o) => Buffer.from(o.frame).toString('hex')),
      ['abcd1234d123ffbcd1ff'],
    );
  });
});
