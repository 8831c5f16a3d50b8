// v1model's Checksum16 extern (the old checksum unit): get(data) is the ones' complement of the
// 16-bit ones' complement sum of the data's bytes, computed here independently.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { cleanup } from './helpers.js';
import { v1modelRig } from './v1model-rig.js';

after(cleanup);

const PROGRAM = `
#include <core.p4>
#include <v1model.p4>
header h_t { bit<16> a; bit<16> b; bit<8> c; bit<16> sum; }
struct headers_t { h_t h; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control Ig(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    Checksum16() ck;
    apply { hdr.h.sum = ck.get({ hdr.h.a, hdr.h.b, hdr.h.c }); sm.egress_spec = 1; }
}
control Eg(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) { apply { } }
control CC(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), VC(), Ig(), Eg(), CC(), D()) main;
`;

function csum16(bytes: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < bytes.length; i += 2) s += ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

describe('v1model Checksum16', () => {
  test('get(data) is csum16 over the data, an odd last byte padded with zero', async () => {
    const r = await v1modelRig(PROGRAM, { source: true });
    const data = [0x45, 0x00, 0xf0, 0x0f, 0x81];
    const [o] = r.send(0, [...data, 0, 0]);
    const want = csum16(data);
    assert.deepEqual([...(o?.frame ?? [])], [...data, want >> 8, want & 0xff]);
  });
});
