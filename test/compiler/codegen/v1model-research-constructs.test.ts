// Constructs from v1model programs of research and teaching projects (the research-program run,
// docs/conformance.md "Research programs") that once stopped the code generator, each on a small
// program of ours.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { cleanup } from './helpers.js';
import { v1modelRig } from './v1model-rig.js';

after(cleanup);

const PROGRAM = `
#include <core.p4>
#include <v1model.p4>
enum bit<4> Slice { DEFAULT = 3, GOLD = 9 }
header h_t { bit<8> k; bit<8> tag; }
struct headers_t { h_t h; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hs, inout meta_t ms, inout standard_metadata_t sm) {
    state start { pkt.extract(hs.h); transition accept; }
}
control VC(inout headers_t hs, inout meta_t ms) { apply { } }
control Ig(inout headers_t hs, inout meta_t ms, inout standard_metadata_t sm) {
    action set_slice(bit<4> slice_id) { hs.h.tag = (bit<8>)slice_id; }
    table by_key {
        key = { hs.h.k : exact; }
        actions = { set_slice; }
        const entries = { 1 : set_slice(Slice.GOLD); }
        const default_action = set_slice(Slice.DEFAULT);
    }
    apply { sm.egress_spec = 1; by_key.apply(); }
}
control Eg(inout headers_t hs, inout meta_t ms, inout standard_metadata_t sm) { apply { } }
control CC(inout headers_t hs, inout meta_t ms) { apply { } }
control D(packet_out pkt, in headers_t hs) { apply { pkt.emit(hs); } }
V1Switch(P(), VC(), Ig(), Eg(), CC(), D()) main;
`;

describe('v1model: constructs of research programs', () => {
  test("a serializable enum member given for a bit parameter of a table's action is its value (UP4)", async () => {
    const r = await v1modelRig(PROGRAM, { source: true });
    const [miss] = r.send(0, [7, 0]);
    const [hit] = r.send(0, [1, 0]);
    assert.deepEqual([...(miss?.frame ?? [])], [7, 3]);
    assert.deepEqual([...(hit?.frame ?? [])], [1, 9]);
  });
});
