// The pass splitTuples: tuple-typed variables become one variable per element (P4 spec §7.2.8:
// tuple elements are read with a constant index; a list expression assigns them in order),
// on the IR and in a v1model program of our own compiled and run.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DiagnosticSink } from '../../../compiler/diagnostics/index.js';
import { printIr } from '../../../compiler/ir/print.js';
import { splitTuples } from '../../../compiler/midend/split-tuples.js';
import { cleanup } from '../codegen/helpers.js';
import { hex, type V1Rig, v1modelRig } from '../codegen/v1model-rig.js';
import { controlNamed, lowered } from './helpers.js';

after(cleanup);

const PROGRAM = `
#include <core.p4>
#include <v1model.p4>
header h_t { bit<8> a; bit<16> b; bit<8> c; }
struct hdr_t { h_t h; }
struct md_t { }
bit<8> bump(inout bit<8> x) { x = x + 1; return x; }
parser P(packet_in pkt, out hdr_t hdr, inout md_t md, inout standard_metadata_t sm) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control Ig(inout hdr_t hdr, inout md_t md, inout standard_metadata_t sm) {
    tuple<bit<8>, bit<16>> pair = { hdr.h.a, hdr.h.b };
    apply {
        sm.egress_spec = 1;
        tuple<bit<16>, bit<8>> swapped = { pair[1], bump(hdr.h.c) };
        pair = { swapped[1], swapped[0] + 1 };
        hdr.h.a = pair[0];
        hdr.h.b = pair[1];
    }
}
control V(inout hdr_t hdr, inout md_t md) { apply { } }
control Eg(inout hdr_t hdr, inout md_t md, inout standard_metadata_t sm) { apply { } }
control C(inout hdr_t hdr, inout md_t md) { apply { } }
control D(packet_out pkt, in hdr_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), V(), Ig(), Eg(), C(), D()) main;
`;

describe('splitTuples', () => {
  it('declares one variable per element and assigns element by element', () => {
    const ir = splitTuples(lowered(PROGRAM), new DiagnosticSink());
    const text = printIr({ ...ir, parsers: [], controls: [controlNamed(ir, 'Ig')] });
    assert.doesNotMatch(text, /tuple</, text);
    assert.match(text, /bit<8> pair\.0/);
    assert.match(text, /pair\.0 = swapped\.1;/);
    assert.match(text, /pair\.1 = \(swapped\.0 \+ 1\);/);
  });

  describe('compiled and run', () => {
    let r: V1Rig;
    before(async () => {
      r = await v1modelRig(PROGRAM, { source: true });
    });
    it('computes with the elements as P4 orders them', () => {
      // pair = {0x11, 0x2233}; swapped = {0x2233, bump(c = 0x05) = 6}; pair = {6, 0x2234}.
      assert.deepEqual(
        r.send(0, [0x11, 0x22, 0x33, 0x05]).map((o) => hex(o.frame)),
        ['06223406'],
      );
    });
  });
});
