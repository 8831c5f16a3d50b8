// Constructs from p4c's v1model samples that once stopped the code generator or the pipeline
// (the p4c-compile conformance suite, docs/conformance.md), each on a small program of ours.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { cleanup } from './helpers.js';
import { fromHex, hex, v1modelRig } from './v1model-rig.js';

after(cleanup);

/**
 * A v1model program: `decls` at top level (declaring headers_t with a header `h`, and meta_t),
 * `ingress` as the ingress control's apply body; the blocks' parameters are `hs`, `ms` and `sm`.
 */
function program(decls: string, ingress: string, ingressLocals = ''): string {
  return `
#include <core.p4>
#include <v1model.p4>
${decls}
parser P(packet_in pkt, out headers_t hs, inout meta_t ms, inout standard_metadata_t sm) {
    state start { pkt.extract(hs.h); transition accept; }
}
control VC(inout headers_t hs, inout meta_t ms) { apply { } }
control Ig(inout headers_t hs, inout meta_t ms, inout standard_metadata_t sm) {
    ${ingressLocals}
    apply { ${ingress} }
}
control Eg(inout headers_t hs, inout meta_t ms, inout standard_metadata_t sm) { apply { } }
control CC(inout headers_t hs, inout meta_t ms) { apply { } }
control D(packet_out pkt, in headers_t hs) { apply { pkt.emit(hs); } }
V1Switch(P(), VC(), Ig(), Eg(), CC(), D()) main;
`;
}

describe('v1model: constructs of p4c samples', () => {
  test("a header type named like the generated code's own objects (hdr, meta) still works", async () => {
    const r = await v1modelRig(
      program(
        'header hdr { bit<32> f; }\nstruct meta { bit<8> m; }\nstruct headers_t { hdr h; }\ntypedef meta meta_t;',
        'hdr tmp; tmp.f = hs.h.f + 1; hs.h.f = tmp.f; meta m; m.m = 1; ms.m = ms.m + m.m; sm.egress_spec = 2;',
      ),
      { source: true },
    );
    const [o] = r.send(0, fromHex('00000007'));
    assert.equal(o?.port, 2);
    assert.equal(hex(o?.frame ?? new Uint8Array()), '00000008');
  });
});
