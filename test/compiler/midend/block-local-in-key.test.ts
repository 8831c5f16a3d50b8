// A sub-control whose table keys on an `in` parameter and whose action writes an `out`
// parameter, applied with variables declared in the caller's apply block (roce-test's
// shuffle: `read_psn.apply(…, cur_endp_state, …)`). As p4c's MoveDeclarations does, those
// variables become control locals, so the arguments stand in for the parameters with no copy:
// the program compiles (the key and the action live at the control's level, where a block
// variable is not visible), runs, and costs the Tofino model no copy table.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DiagnosticSink } from '../../../compiler/diagnostics/index.js';
import { inlineControls } from '../../../compiler/midend/inline-controls.js';
import { cleanup, rig, tnaTail } from '../codegen/helpers.js';
import { controlNamed, lowered } from './helpers.js';

after(cleanup);

const program = `
#include <tna.p4>
header data_h { bit<8> k; bit<8> res; }
struct hdr_t { data_h d; }
struct md_t { }
parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start { pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.d); transition accept; }
}
control Lookup(in bit<8> key, out bit<8> found) {
    action set(bit<8> v) { found = v; }
    action none() { found = 0; }
    table t {
        key = { key : exact; }
        actions = { set; none; }
        default_action = none();
        const entries = { 3 : set(30); 4 : set(40); }
    }
    apply { t.apply(); }
}
control Ig(inout hdr_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    Lookup() lookup;
    apply {
        ig_tm_md.ucast_egress_port = 2;
        bit<8> key = hdr.d.k + 1;
        bit<8> result = 0;
        lookup.apply(key, result);
        hdr.d.res = result;
    }
}
${tnaTail()}`;

describe('a block variable handed to a sub-control that keys on it', () => {
  it('becomes a control local and is substituted: no copy, no temp', () => {
    const ig = controlNamed(inlineControls(lowered(program), new DiagnosticSink()), 'Ig');
    const names = ig.locals.filter((l) => l.kind === 'Variable').map((l) => l.name);
    assert.ok(names.includes('key') && names.includes('result'), names.join(', '));
    assert.ok(!names.some((n) => n.startsWith('lookup.')), names.join(', '));
    const keyText = JSON.stringify(ig.tables.find((t) => t.name === 'lookup.t')?.keys[0]?.expr);
    assert.match(keyText, /"name":"key"/);
  });

  it('compiles and runs: the table matches the variable and writes the result back', async () => {
    const r = await rig(program, { source: true });
    for (const k of [2, 3, 9]) r.engine.receive(1, Uint8Array.from([k, 0]));
    assert.deepEqual(
      r.out.map((o) => o.frame[1]),
      [30, 40, 0],
    );
  });
});
