// A Hash built with HashAlgorithm_t.RANDOM (docs/tna.md, "Hash"): a fixed random matrix over
// the field list's bits, so one flow always hashes to one value (bf-p4c's jbay hwlearn tests
// find a flow's cache cell again with it) and different flows spread.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { cleanup, rig } from './helpers.js';

after(cleanup);

const PROGRAM = `
#include <core.p4>
#include <tna.p4>
header eth_t { bit<48> dst; bit<48> src; bit<16> type; }
struct headers_t { eth_t eth; }
struct md_t { }
parser IgParser(packet_in pkt, out headers_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start { pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.eth); transition accept; }
}
control Ig(inout headers_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    Hash<bit<12>>(HashAlgorithm_t.RANDOM) rnd;
    Hash<bit<12>>(HashAlgorithm_t.RANDOM) other;
    apply {
        hdr.eth.dst = (bit<48>)rnd.get({ hdr.eth.src });
        hdr.eth.type = (bit<16>)other.get({ hdr.eth.src });
        ig_tm_md.ucast_egress_port = 2;
        ig_tm_md.bypass_egress = 1;
    }
}
control IgDeparser(packet_out pkt, inout headers_t hdr, in md_t md, in ingress_intrinsic_metadata_for_deparser_t d) {
    apply { pkt.emit(hdr); }
}
parser EgParser(packet_in pkt, out headers_t hdr, out md_t md, out egress_intrinsic_metadata_t eg_intr_md) {
    state start { pkt.extract(eg_intr_md); transition accept; }
}
control Eg(inout headers_t hdr, inout md_t md, in egress_intrinsic_metadata_t eg_intr_md,
           in egress_intrinsic_metadata_from_parser_t p, inout egress_intrinsic_metadata_for_deparser_t d,
           inout egress_intrinsic_metadata_for_output_port_t o) { apply { } }
control EgDeparser(packet_out pkt, inout headers_t hdr, in md_t md, in egress_intrinsic_metadata_for_deparser_t d) {
    apply { pkt.emit(hdr); }
}
Pipeline(IgParser(), Ig(), IgDeparser(), EgParser(), Eg(), EgDeparser()) pipe;
Switch(pipe) main;
`;

describe('RANDOM hash', () => {
  test('one source address always gives one 12-bit value; different ones spread', async () => {
    const r = await rig(PROGRAM, { source: true });
    const frameFrom = (src: number) =>
      Uint8Array.from([...new Array(6).fill(0x11), 0, 0, 0, 0, src >> 8, src & 0xff, 0x08, 0x00]);
    const hashIn = (f: Uint8Array) => {
      // dst is the 12-bit value zero-extended: the top 4 bytes are 0, the rest < 4096.
      assert.deepEqual([...f.subarray(0, 4)], [0, 0, 0, 0]);
      return ((f[4] as number) << 8) | (f[5] as number);
    };
    for (let i = 0; i < 4; i++) r.engine.receive(1, frameFrom(0x0a0b));
    for (let src = 0; src < 32; src++) r.engine.receive(1, frameFrom(src));
    assert.equal(r.out.length, 36);
    const values = r.out.map((o) => hashIn(o.frame));
    for (const v of values) assert.ok(v < 4096, `${v}`);
    assert.equal(new Set(values.slice(0, 4)).size, 1, 'the same source address hashed to different values');
    // A linear map: source 0 hashes to 0; 32 sources on 12 bits all colliding would mean no mixing.
    assert.equal(values[4], 0);
    assert.ok(new Set(values.slice(4)).size > 16);
    // A second RANDOM Hash has a matrix of its own: over the same sources it differs.
    const others = r.out.map((o) => (((o.frame[12] as number) << 8) | (o.frame[13] as number)) >>> 0);
    assert.ok(
      others.slice(5).some((v, i) => v !== values[5 + i]),
      'two RANDOM hashes are one function',
    );
  });
});
