// The pass evaluateTargetsFirst (P4 spec §8.2: an assignment's target, its run-time indices
// included, is evaluated before the value; a compound assignment evaluates its target once),
// on the IR alone and in a v1model program of our own compiled and run.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DiagnosticSink } from '../../../compiler/diagnostics/index.js';
import { printIr } from '../../../compiler/ir/print.js';
import { evaluateTargetsFirst } from '../../../compiler/midend/evaluate-targets-first.js';
import { cleanup } from '../codegen/helpers.js';
import { hex, type V1Rig, v1modelRig } from '../codegen/v1model-rig.js';
import { controlNamed, lowered } from './helpers.js';

after(cleanup);

const PROGRAM = `
#include <core.p4>
#include <v1model.p4>
header op_h { bit<8> op; bit<8> i; }
header e_h { bit<8> x; }
struct hdr_t { op_h o; e_h[4] e; }
struct md_t { }

bit<8> next_index(inout bit<8> i) { bit<8> was = i; i = i + 1; return was; }
bit<8> reset_index(inout bit<8> i) { i = 0; return 0x77; }

parser P(packet_in pkt, out hdr_t hdr, inout md_t md, inout standard_metadata_t sm) {
    state start { pkt.extract(hdr.o); pkt.extract(hdr.e.next); pkt.extract(hdr.e.next);
                  pkt.extract(hdr.e.next); pkt.extract(hdr.e.next); transition accept; }
}
control Ig(inout hdr_t hdr, inout md_t md, inout standard_metadata_t sm) {
    apply {
        sm.egress_spec = 1;
        if (hdr.o.op == 1) {
            // The index call runs once: i goes up by one, e[i] gets e[i] | 0xf0.
            hdr.e[next_index(hdr.o.i) & 3].x |= 0xf0;
        } else if (hdr.o.op == 2) {
            // The target's index (i) is read before the call on the right sets i to 0.
            hdr.e[hdr.o.i & 3].x = reset_index(hdr.o.i);
        }
    }
}
control V(inout hdr_t hdr, inout md_t md) { apply { } }
control Eg(inout hdr_t hdr, inout md_t md, inout standard_metadata_t sm) { apply { } }
control C(inout hdr_t hdr, inout md_t md) { apply { } }
control D(packet_out pkt, in hdr_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), V(), Ig(), Eg(), C(), D()) main;
`;

describe('evaluateTargetsFirst', () => {
  it('computes a target index holding a call into a local, once for a compound assignment', () => {
    const ir = evaluateTargetsFirst(lowered(PROGRAM), new DiagnosticSink());
    const text = printIr({ ...ir, controls: [controlNamed(ir, 'Ig')] });
    assert.match(text, /lvalue\.1 = .*next_index\(hdr\.o\.i\)/);
    assert.equal((text.match(/next_index\(hdr/g) ?? []).length, 1, text);
    assert.match(text, /hdr\.e\[lvalue\.1\]\.x = \(hdr\.e\[lvalue\.1\]\.x \| /);
    // The right-hand call writes through an inout argument: its target index is saved first.
    assert.match(text, /lvalue\.2 = \(hdr\.o\.i & /);
    assert.match(text, /hdr\.e\[lvalue\.2\]\.x = reset_index\(hdr\.o\.i\)/);
  });

  it('leaves assignments whose value cannot change the index alone', () => {
    const plain = lowered(PROGRAM.replace('reset_index(hdr.o.i)', 'hdr.o.i + 1'));
    const ir = evaluateTargetsFirst(
      { ...plain, controls: plain.controls.map((c) => (c.name === 'Ig' ? { ...c, apply: c.apply.slice(0, 1) } : c)) },
      new DiagnosticSink(),
    );
    assert.doesNotMatch(printIr(ir), /lvalue\./);
  });

  describe('compiled and run', () => {
    let r: V1Rig;
    before(async () => {
      r = await v1modelRig(PROGRAM, { source: true });
    });
    const send = (...bytes: number[]) => r.send(0, bytes).map((o) => hex(o.frame));

    it('a[f()] |= b calls f once', () => {
      assert.deepEqual(send(1, 2, 1, 2, 3, 4), ['01030102f304']);
    });

    it('a[i] = f(i) writes the element i named before f changed it', () => {
      assert.deepEqual(send(2, 3, 1, 2, 3, 4), ['020001020377']);
    });
  });
});
