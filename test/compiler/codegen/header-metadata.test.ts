// A TNA program whose user metadata is declared as a header, not a struct (the language
// allows any type for that parameter; bf-p4c's tests use it): the pipe allocates one object
// for it and the parser, controls and deparser share it.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { cleanup, rig } from './helpers.js';

after(cleanup);

const PROGRAM = `
#include <tna.p4>
header eth_h { bit<8> kind; bit<8> copy; }
struct hdr_t { eth_h eth; }
header md_h { bit<8> peek; }
parser IgP(packet_in pkt, out hdr_t hdr, out md_h md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        md.peek = pkt.lookahead<bit<8>>();
        pkt.extract(hdr.eth);
        transition accept;
    }
}
control Ig(inout hdr_t hdr, inout md_h md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    apply { ig_tm_md.ucast_egress_port = 2; hdr.eth.copy = md.peek + 1; }
}
control IgD(packet_out pkt, inout hdr_t hdr, in md_h md, in ingress_intrinsic_metadata_for_deparser_t d) {
    apply { pkt.emit(hdr); }
}
parser EgP(packet_in pkt, out hdr_t hdr, out md_h md, out egress_intrinsic_metadata_t eg_intr_md) {
    state start { pkt.extract(eg_intr_md); pkt.extract(hdr.eth); transition accept; }
}
control Eg(inout hdr_t hdr, inout md_h md, in egress_intrinsic_metadata_t eg_intr_md,
           in egress_intrinsic_metadata_from_parser_t a, inout egress_intrinsic_metadata_for_deparser_t b,
           inout egress_intrinsic_metadata_for_output_port_t c) { apply { md.peek = 1; } }
control EgD(packet_out pkt, inout hdr_t hdr, in md_h md, in egress_intrinsic_metadata_for_deparser_t d) {
    apply { pkt.emit(hdr); }
}
Pipeline(IgP(), Ig(), IgD(), EgP(), Eg(), EgD()) pipe;
Switch(pipe) main;
`;

describe('header-typed user metadata in a TNA program', () => {
  it('is written by the parser (a lookahead) and read by the ingress control', async () => {
    const r = await rig(PROGRAM, { source: true });
    r.engine.receive(1, Uint8Array.from([0x41, 0, 0xaa]));
    assert.deepEqual(
      r.out.map((o) => [o.port, [...o.frame]]),
      [[2, [0x41, 0x42, 0xaa]]],
    );
  });
});
