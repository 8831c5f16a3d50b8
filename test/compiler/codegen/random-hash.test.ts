// A Hash built with HashAlgorithm_t.RANDOM (docs/tna.md, "Hash"): each get() draws fresh
// random bits of the hash's width, whatever the field list holds (bf-p4c's simple_l3_hash).

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
    apply {
        hdr.eth.dst = (bit<48>)rnd.get({ hdr.eth.src });
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
  test('the same field list gives 12-bit values that vary from packet to packet', async () => {
    const r = await rig(PROGRAM, { source: true });
    const frame = Uint8Array.from([...new Array(12).fill(0x11), 0x08, 0x00]);
    const seen = new Set<number>();
    for (let i = 0; i < 32; i++) r.engine.receive(1, frame);
    assert.equal(r.out.length, 32);
    for (const o of r.out) {
      const f = o.frame;
      // dst is the 12-bit value zero-extended: the top 4 bytes are 0, the rest < 4096.
      assert.deepEqual([...f.subarray(0, 4)], [0, 0, 0, 0]);
      const v = ((f[4] as number) << 8) | (f[5] as number);
      assert.ok(v < 4096, `${v}`);
      seen.add(v);
    }
    // 32 draws of 12 bits all equal would mean no randomness (chance 2^-372 otherwise).
    assert.ok(seen.size > 1);
  });
});
