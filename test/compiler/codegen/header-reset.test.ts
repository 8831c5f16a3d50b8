// A header the parser did not extract on this packet reads as zero, not as whatever the
// previous packet left in it (docs/tna-semantics.md, "Headers a parser did not extract").

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { cleanup, rig } from './helpers.js';

after(cleanup);

const PROGRAM = `
#include <core.p4>
#include <tna.p4>
header eth_t { bit<48> dst; bit<48> src; bit<16> type; }
header tag_t { bit<8> flag; bit<40> value; }
struct headers_t { eth_t eth; tag_t tag; }
struct md_t { }
parser IgParser(packet_in pkt, out headers_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.eth);
        transition select(hdr.eth.type) { 0x88b5: parse_tag; default: accept; }
    }
    state parse_tag { pkt.extract(hdr.tag); transition accept; }
}
control Ig(inout headers_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    apply {
        // Reads the tag whether or not this packet had one.
        hdr.eth.src = hdr.tag.value ++ hdr.tag.flag;
        ig_tm_md.ucast_egress_port = 2;
        ig_tm_md.bypass_egress = 1;
    }
}
control IgDeparser(packet_out pkt, inout headers_t hdr, in md_t md, in ingress_intrinsic_metadata_for_deparser_t d) {
    apply { pkt.emit(hdr.eth); }
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

describe('headers a parser did not extract', () => {
  // Rule (docs/tna-semantics.md, "Headers a parser did not extract"): they start each packet with zero fields.
  test("reading an unextracted header gives zero, not the previous packet's value", async () => {
    const r = await rig(PROGRAM, { source: true });
    const eth = (type: number) => [1, 2, 3, 4, 5, 6, 0, 0, 0, 0, 0, 0, type >> 8, type & 0xff];
    r.engine.receive(1, Uint8Array.from([...eth(0x88b5), 0x55, 1, 2, 3, 4, 5]));
    r.engine.receive(1, Uint8Array.from([...eth(0x0800), 9, 9, 9, 9, 9, 9]));
    assert.equal(r.out.length, 2);
    assert.deepEqual([...(r.out[0]?.frame.subarray(6, 12) ?? [])], [1, 2, 3, 4, 5, 0x55]);
    assert.deepEqual([...(r.out[1]?.frame.subarray(6, 12) ?? [])], [0, 0, 0, 0, 0, 0]);
  });
});
