// A header given to Mirror.emit or Digest.pack as a list of constants (`{KIND.COPY, 7}`)
// reaches the code generator folded into one constant value. Its fields are written in the
// header's order; the generator once printed `0.kind`, and the pipeline did not load.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { cleanup, ok, rig } from './helpers.js';

after(cleanup);

const program = `
#include <tna.p4>
enum bit<8> kind_t { NORMAL = 1, COPY = 2 }
header eth_h { bit<48> dst; bit<48> src; bit<16> type; }
header tag_h { kind_t kind; bit<32> count; }
struct hdr_t { tag_h tag; eth_h eth; }
struct md_t { MirrorId_t session; }
struct learn_t { bit<8> kind; bit<16> port; }
parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start { pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.eth); transition accept; }
}
control Ig(inout hdr_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    apply {
        ig_tm_md.ucast_egress_port = 2;
        ig_dprsr_md.mirror_type = 1;
        ig_dprsr_md.digest_type = 1;
        md.session = 5;
    }
}
control IgD(packet_out pkt, inout hdr_t hdr, in md_t md, in ingress_intrinsic_metadata_for_deparser_t d) {
    Mirror() mirror;
    Digest<learn_t>() learn;
    apply {
        if (d.mirror_type == 1) { mirror.emit<tag_h>(md.session, {kind_t.COPY, 7}); }
        if (d.digest_type == 1) { learn.pack({0x2a, 0x1234}); }
        pkt.emit(hdr);
    }
}
parser EgP(packet_in pkt, out hdr_t hdr, out md_t md, out egress_intrinsic_metadata_t eg_intr_md) {
    state start {
        pkt.extract(eg_intr_md);
        transition select(pkt.lookahead<bit<8>>()) { 2: copy; default: original; }
    }
    state copy { pkt.extract(hdr.tag); transition original; }
    state original { pkt.extract(hdr.eth); transition accept; }
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

describe('deparser externs given a list of constants', () => {
  it('Mirror.emit writes the constant header before the copy; Digest.pack sends the constant fields', async () => {
    const r = await rig(program, { source: true });
    ok(r.tm.addMirrorSession({ id: 5, direction: 'ingress', egressPort: 3, maxLen: 0 }));
    const eth = [0, 0, 0, 0, 0, 0xbb, 0, 0, 0, 0, 0, 0xaa, 0x88, 0xb5];
    r.engine.receive(1, Uint8Array.from(eth));
    const copy = r.out.find((o) => o.port === 3);
    const orig = r.out.find((o) => o.port === 2);
    assert.deepEqual(orig && [...orig.frame], eth);
    // tag_h: kind 8 bits = COPY (2), count 32 bits = 7; then the Ethernet header.
    assert.deepEqual(copy && [...copy.frame], [2, 0, 0, 0, 7, ...eth]);
    assert.deepEqual(
      r.digests.map((d) => d.values),
      [[0x2a, 0x1234]],
    );
  });
});
