// p4c's non-standard `@priority(N)` on const entries (BMv2's rule: the smallest N wins; an
// entry without the annotation takes its position, 1, 2, …), lowered to the spec's
// largest-wins priorities, checked on the IR and on a v1model program of ours run in process.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cleanup } from '../codegen/helpers.js';
import { hex, type V1Rig, v1modelRig } from '../codegen/v1model-rig.js';
import { controlNamed, lowered } from '../midend/helpers.js';

after(cleanup);

const PROGRAM = `
#include <core.p4>
#include <v1model.p4>
header h_t { bit<16> t; bit<8> port; }
struct hdr_t { h_t h; }
struct md_t { }
parser P(packet_in pkt, out hdr_t hdr, inout md_t md, inout standard_metadata_t sm) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control Ig(inout hdr_t hdr, inout md_t md, inout standard_metadata_t sm) {
    action to(bit<9> port) { sm.egress_spec = port; hdr.h.port = (bit<8>)port; }
    table t {
        key = { hdr.h.t : ternary; }
        actions = { to; }
        default_action = to(9);
        const entries = {
            0x1111 &&& 0x000F : to(1) @priority(3);
            0x1181            : to(2);
            0x1181 &&& 0xF00F : to(3) @priority(1);
        }
    }
    apply { t.apply(); }
}
control V(inout hdr_t hdr, inout md_t md) { apply { } }
control Eg(inout hdr_t hdr, inout md_t md, inout standard_metadata_t sm) { apply { } }
control C(inout hdr_t hdr, inout md_t md) { apply { } }
control D(packet_out pkt, in hdr_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), V(), Ig(), Eg(), C(), D()) main;
`;

describe('@priority on const entries', () => {
  it('becomes largest-wins priorities: BMv2 3, 2 (position), 1 → 1, 2, 3', () => {
    const t = controlNamed(lowered(PROGRAM), 'Ig').tables[0];
    assert.deepEqual(
      t?.entries.map((e) => e.priority),
      [1n, 2n, 3n],
    );
  });

  it('leaves entries without the annotation in the spec order (no priority given)', () => {
    const t = controlNamed(lowered(PROGRAM.replace(/ @priority\(\d\)/g, '')), 'Ig').tables[0];
    assert.deepEqual(
      t?.entries.map((e) => e.priority),
      [undefined, undefined, undefined],
    );
  });

  describe('run', () => {
    let r: V1Rig;
    before(async () => {
      r = await v1modelRig(PROGRAM, { source: true });
    });
    const send = (...bytes: number[]) => r.send(0, bytes).map((o) => `${o.port}:${hex(o.frame)}`);

    it('the entry with the smallest @priority wins among those that match', () => {
      assert.deepEqual(send(0x00, 0x01, 0), ['1:000101']); // only the first matches
      assert.deepEqual(send(0x10, 0x01, 0), ['3:100103']); // first and third: 1 < 3
      assert.deepEqual(send(0x11, 0x81, 0), ['3:118103']); // all three: the third (1)
    });
  });
});
