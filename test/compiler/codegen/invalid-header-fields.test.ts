// A header the parser did not extract reads as 0 in every field, whatever the packet before it
// carried: generated code reuses one header object per packet, and reset must clear the fields,
// not only the validity bit. The NetMigrate artifact's ingress tests `hdr.mg_hdr.op` without
// checking `mg_hdr.isValid()`: with a stale op, any non-NetMigrate packet after a GROUP_START
// re-applied that START to its counting filters.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { bytesOf, cleanup, rig } from './helpers.js';

after(cleanup);

const PROGRAM = `#include <core.p4>
#include <tna.p4>
header eth_h { bit<48> dst; bit<48> src; bit<16> type; }
header tag_h { bit<8> v; bit<64> wide; }
struct headers_t { eth_h eth; tag_h tag; }
struct meta_t { }
parser IP(packet_in pkt, out headers_t hdr, out meta_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        pkt.extract(hdr.eth);
        transition select(hdr.eth.type) { 0x1234: parse_tag; default: accept; }
    }
    state parse_tag { pkt.extract(hdr.tag); transition accept; }
}
control I(inout headers_t hdr, inout meta_t md, in ingress_intrinsic_metadata_t ig_intr_md,
          in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
          inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
          inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    apply {
        // Reads the tag whether or not it was parsed (as the artifact reads mg_hdr.op).
        hdr.eth.src = hdr.tag.wide[47:0];
        hdr.eth.dst[7:0] = hdr.tag.v;
        hdr.tag.setInvalid();
        ig_tm_md.ucast_egress_port = ig_intr_md.ingress_port;
    }
}
control ID(packet_out pkt, inout headers_t hdr, in meta_t md, in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    apply { pkt.emit(hdr); }
}
parser EP(packet_in pkt, out headers_t hdr, out meta_t md, out egress_intrinsic_metadata_t eg_intr_md) {
    state start { pkt.extract(eg_intr_md); pkt.extract(hdr.eth); transition accept; }
}
control E(inout headers_t hdr, inout meta_t md, in egress_intrinsic_metadata_t eg_intr_md,
          in egress_intrinsic_metadata_from_parser_t eg_prsr_md,
          inout egress_intrinsic_metadata_for_deparser_t eg_dprsr_md,
          inout egress_intrinsic_metadata_for_output_port_t eg_oport_md) {
    apply { }
}
control ED(packet_out pkt, inout headers_t hdr, in meta_t md, in egress_intrinsic_metadata_for_deparser_t eg_dprsr_md) {
    apply { pkt.emit(hdr); }
}
Pipeline(IP(), I(), ID(), EP(), E(), ED()) pipe;
Switch(pipe) main;
`;

const eth = (type: number, tail: number[]) =>
  Uint8Array.from([...bytesOf(0x020000000100n, 6), ...bytesOf(0x020000000200n, 6), type >> 8, type & 0xff, ...tail]);

describe('fields of a header the parser did not extract', () => {
  test('read 0, not the previous packet’s values', async () => {
    const r = await rig(PROGRAM, { source: true });
    const tag = [0x5a, ...bytesOf(0x1122334455667788n, 8)];
    r.engine.receive(1, eth(0x1234, [...tag, 1, 2, 3, 4]));
    r.engine.receive(1, eth(0x0800, [9, 9, 9, 9, 9, 9, 9, 9, 9]));
    assert.equal(r.out.length, 2);
    const [first, second] = r.out.map((o) => o.frame);
    assert.deepEqual(
      [...(first as Uint8Array).subarray(0, 12)],
      [2, 0, 0, 0, 1, 0x5a, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88],
    );
    assert.deepEqual([...(second as Uint8Array).subarray(0, 12)], [2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
  });
});
