// @symmetric on a Hash (docs/tna-semantics.md, "Hash"): swapping the values of a declared
// pair leaves the hash unchanged, and the value is the CRC of the list with a ^ b in a's
// place and zeros in b's, as Tofino's shared hash-matrix columns give it.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createCrc } from '../../../runtime/externs/crc.js';
import { cleanup, ok, rig } from './helpers.js';

after(cleanup);

const PROGRAM = `
#include <core.p4>
#include <tna.p4>
header eth_t { bit<48> dst; bit<48> src; bit<16> type; }
header flow_t { bit<32> a; bit<32> b; bit<16> p; bit<16> q; }
struct headers_t { eth_t eth; flow_t flow; }
struct md_t { }
parser IgParser(packet_in pkt, out headers_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE);
        pkt.extract(hdr.eth); pkt.extract(hdr.flow); transition accept;
    }
}
control Ig(inout headers_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    @symmetric("hdr.flow.a", "hdr.flow.b")
    @symmetric("hdr.flow.p", "hdr.flow.q")
    Hash<bit<32>>(HashAlgorithm_t.CRC32) sym;
    Hash<bit<32>>(HashAlgorithm_t.CRC32) plain;
    apply {
        hdr.eth.dst[31:0] = sym.get({hdr.flow.a, hdr.flow.b, hdr.flow.p, hdr.flow.q});
        hdr.eth.src[31:0] = plain.get({hdr.flow.a, hdr.flow.b, hdr.flow.p, hdr.flow.q});
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

const be = (v: number, n: number) => Array.from({ length: n }, (_, i) => (v >>> (8 * (n - 1 - i))) & 0xff);
const frame = (a: number, b: number, p: number, q: number) =>
  Uint8Array.from([...new Array(12).fill(0), 0x08, 0x00, ...be(a, 4), ...be(b, 4), ...be(p, 2), ...be(q, 2)]);
const word = (f: Uint8Array, at: number) =>
  (f[at] as number) * 2 ** 24 + ((f[at + 1] as number) << 16) + ((f[at + 2] as number) << 8) + (f[at + 3] as number);
const CRC32 = ok(
  createCrc({ width: 32, poly: 0x04c11db7, refin: true, refout: true, init: 0xffffffff, xorout: 0xffffffff }),
);

describe('@symmetric hashes', () => {
  // Rule (docs/tna-semantics.md, "Hash"): a symmetric pair hashes the same whichever way round its values are.
  test('all four swaps of the two pairs give one hash; the unannotated hash tells them apart', async () => {
    const r = await rig(PROGRAM, { source: true });
    const [a, b, p, q] = [0x01020304, 0x0a0b0c0d, 0x1234, 0xabcd];
    for (const f of [frame(a, b, p, q), frame(b, a, p, q), frame(a, b, q, p), frame(b, a, q, p)])
      r.engine.receive(1, f);
    assert.equal(r.out.length, 4);
    const sym = r.out.map((o) => word(o.frame, 2));
    const plain = r.out.map((o) => word(o.frame, 8));
    assert.equal(new Set(sym).size, 1);
    assert.equal(new Set(plain).size, 4);
    // The value: CRC-32 of {0, a ^ b, 0, p ^ q} (the later field's place; bf-p4c's symmetric_hash).
    const expected = CRC32.computeNumber(Uint8Array.from([0, 0, 0, 0, ...be((a ^ b) >>> 0, 4), 0, 0, ...be(p ^ q, 2)]));
    assert.equal(sym[0], expected);
  });
});
