// TNA's parser `Checksum.subtract_all_and_deposit`: the residual deposited is the sum at the
// call minus the header bytes extracted after it, so a deparser `update` over the kept fields,
// the later header and the residual gives the checksum of exactly those (tna.p4's rule).

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { cleanup, rig } from './helpers.js';

after(cleanup);

const PROGRAM = `
#include <tna.p4>
header a_h { bit<16> x; bit<16> y; bit<16> csum; }
header b_h { bit<16> p; bit<16> q; }
struct hdr_t { a_h a; b_h b; }
struct md_t { bit<16> residual; }
parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    Checksum() ck;
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        pkt.extract(hdr.a);
        ck.subtract({hdr.a.x});
        ck.subtract_all_and_deposit(md.residual);
        transition select(hdr.a.y) { 1: with_b; default: accept; }
    }
    state with_b { pkt.extract(hdr.b); transition accept; }
}
control Ig(inout hdr_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    apply { ig_tm_md.ucast_egress_port = 2; }
}
control IgD(packet_out pkt, inout hdr_t hdr, in md_t md, in ingress_intrinsic_metadata_for_deparser_t d) {
    Checksum() ck;
    apply {
        hdr.a.csum = ck.update({hdr.a.x, hdr.b, md.residual});
        pkt.emit(hdr);
    }
}
parser EgP(packet_in pkt, out hdr_t hdr, out md_t md, out egress_intrinsic_metadata_t eg_intr_md) {
    state start { pkt.extract(eg_intr_md); transition accept; }
}
control Eg(inout hdr_t hdr, inout md_t md, in egress_intrinsic_metadata_t eg_intr_md,
           in egress_intrinsic_metadata_from_parser_t a, inout egress_intrinsic_metadata_for_deparser_t b,
           inout egress_intrinsic_metadata_for_output_port_t c) { apply { } }
control EgD(packet_out pkt, inout hdr_t hdr, in md_t md, in egress_intrinsic_metadata_for_deparser_t d) {
    apply { pkt.emit(hdr); }
}
Pipeline(IgP(), Ig(), IgD(), EgP(), Eg(), EgD()) pipe;
Switch(pipe) main;
`;

describe('Checksum.subtract_all_and_deposit in a TNA parser', () => {
  it('subtracts the header extracted after the call: x, b and the residual cancel out', async () => {
    const r = await rig(PROGRAM, { source: true });
    // residual = -(0x1111) - (0x4444 + 0x5555): x + b + residual sums to 0xffff, whose complement is 0.
    r.engine.receive(1, Uint8Array.from([0x11, 0x11, 0x00, 0x01, 0x99, 0x99, 0x44, 0x44, 0x55, 0x55, 0xab]));
    assert.deepEqual(
      r.out.map((o) => [...o.frame]),
      [[0x11, 0x11, 0x00, 0x01, 0x00, 0x00, 0x44, 0x44, 0x55, 0x55, 0xab]],
    );
  });

  it('without the later header the residual is the sum at the call (the payload is not subtracted)', async () => {
    const r = await rig(PROGRAM, { source: true });
    // residual = ~0x1111 = 0xeeee; b is invalid: update({0x1111, 0xeeee}) = ~0xffff = 0.
    r.engine.receive(1, Uint8Array.from([0x11, 0x11, 0x00, 0x02, 0x99, 0x99, 0x44, 0x44]));
    assert.deepEqual(
      r.out.map((o) => [...o.frame]),
      [[0x11, 0x11, 0x00, 0x02, 0x00, 0x00, 0x44, 0x44]],
    );
  });
});
