// Block instances the inlining passes reach indirectly: a parser or control type applied
// directly (`P.apply(...)`, an anonymous instance: spec §15.1) and a control instance given
// to other controls as a constructor argument and applied inside them (one instance, so its
// state is shared), compiled and run on a v1model program of our own.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DiagnosticSink } from '../../../compiler/diagnostics/index.js';
import { printIr } from '../../../compiler/ir/print.js';
import { inlineControls } from '../../../compiler/midend/inline-controls.js';
import { cleanup } from '../codegen/helpers.js';
import { hex, type V1Rig, v1modelRig } from '../codegen/v1model-rig.js';
import { controlNamed, lowered } from './helpers.js';

after(cleanup);

const PROGRAM = `
#include <core.p4>
#include <v1model.p4>
header h_t { bit<8> a; bit<8> b; bit<8> n; }
struct hdr_t { h_t h; }
struct md_t { }

parser Inner(packet_in pkt, out h_t h) {
    state start { pkt.extract(h); transition accept; }
}
parser P(packet_in pkt, out hdr_t hdr, inout md_t md, inout standard_metadata_t sm) {
    state start { Inner.apply(pkt, hdr.h); transition accept; }
}

control Step(inout bit<8> x);
control Count(inout bit<8> x) {
    register<bit<8>>(1) seen;
    apply {
        bit<8> n;
        seen.read(n, 0);
        n = n + 1;
        seen.write(0, n);
        x = x + n;
    }
}
control Twice(inout bit<8> x)(Step s) { apply { x = x << 1; s.apply(x); } }
control Thrice(inout bit<8> x)(Step s) { apply { x = x * 3; s.apply(x); } }
control Both(inout bit<8> x) {
    Count() counter;
    Twice(counter) twice;
    Thrice(counter) thrice;
    apply { twice.apply(x); thrice.apply(x); }
}
control Ig(inout hdr_t hdr, inout md_t md, inout standard_metadata_t sm) {
    apply { sm.egress_spec = 1; Both.apply(hdr.h.a); }
}
control V(inout hdr_t hdr, inout md_t md) { apply { } }
control Eg(inout hdr_t hdr, inout md_t md, inout standard_metadata_t sm) { apply { } }
control C(inout hdr_t hdr, inout md_t md) { apply { } }
control D(packet_out pkt, in hdr_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), V(), Ig(), Eg(), C(), D()) main;
`;

describe('directly applied and constructor-argument block instances', () => {
  it('inlines a control instance that only the controls given it apply', () => {
    const ir = inlineControls(lowered(PROGRAM), new DiagnosticSink());
    const text = printIr({ ...ir, parsers: [], controls: [controlNamed(ir, 'Ig')] });
    assert.doesNotMatch(text, /\.apply\(/, text);
    assert.match(text, /Both\.counter\.seen/);
  });

  describe('compiled and run', () => {
    let r: V1Rig;
    before(async () => {
      r = await v1modelRig(PROGRAM, { source: true });
    });
    it('the one counter instance serves both callers, in order', () => {
      // a = 1: twice → 2, counter (n = 1) → 3; thrice → 9, counter (n = 2) → 11.
      assert.deepEqual(
        r.send(0, [1, 0xbb, 0]).map((o) => hex(o.frame)),
        ['0bbb00'],
      );
      // Its register kept n = 2: a = 1 → 2 + 3 = 5 → 15 + 4 = 19.
      assert.deepEqual(
        r.send(0, [1, 0xbb, 0]).map((o) => hex(o.frame)),
        ['13bb00'],
      );
    });
  });
});
