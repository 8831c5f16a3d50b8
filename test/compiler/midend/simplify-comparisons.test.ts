// The pass simplifyComparisons (p4c's StructInitializers and SimplifyComparisons): a list given
// for a struct becomes a struct initializer and `==` / `!=` of struct values compares field by
// field. On a program of ours: a RegisterAction on a two-field cell writes `{a, b}` and compares
// the cell with `{a, b}` (HybridMon's PRECISION registers), which the stateful ALU rules and the
// code generator take once split; a control compares structs with `!=` too.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DiagnosticSink } from '../../../compiler/diagnostics/index.js';
import { printIr } from '../../../compiler/ir/print.js';
import { simplifyComparisons } from '../../../compiler/midend/simplify-comparisons.js';
import { cleanup, rig, tnaTail } from '../codegen/helpers.js';
import { controlNamed, lowered } from './helpers.js';

after(cleanup);

const program = `
#include <tna.p4>
header data_h { bit<8> idx; bit<8> op; bit<16> a; bit<16> b; bit<8> same; bit<8> differs; }
struct hdr_t { data_h d; }
struct pair_t { bit<16> lo; bit<16> hi; }
struct md_t { pair_t seen; }
parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start { pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.d); transition accept; }
}
control Ig(inout hdr_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    Register<pair_t, bit<8>>(16, {0, 0}) pairs;
    RegisterAction<pair_t, bit<8>, bit<8>>(pairs) same_pair = {
        void apply(inout pair_t cell, out bit<8> rv) { rv = (bit<8>)(bit<1>)(cell == {hdr.d.a, hdr.d.b}); }
    };
    RegisterAction<pair_t, bit<8>, bit<8>>(pairs) put_pair = {
        void apply(inout pair_t cell, out bit<8> rv) { cell = {hdr.d.a, hdr.d.b}; rv = 0; }
    };
    apply {
        ig_tm_md.ucast_egress_port = 2;
        if (hdr.d.op == 0) { hdr.d.same = put_pair.execute(hdr.d.idx); }
        else { hdr.d.same = same_pair.execute(hdr.d.idx); }
        md.seen = {hdr.d.a, hdr.d.b};
        if (md.seen != {16w7, 16w8}) { hdr.d.differs = 1; }
    }
}
${tnaTail()}`;

describe('simplifyComparisons', () => {
  it('turns a list for a struct into an initializer and struct == into field comparisons', () => {
    const sink = new DiagnosticSink();
    const out = simplifyComparisons(lowered(program), sink);
    assert.equal(sink.errorCount, 0);
    const ig = controlNamed(out, 'Ig');
    const text = printIr({ ...out, controls: [ig], parsers: [], actions: [], functions: [] });
    assert.match(text, /cell\.lo == hdr\.d\.a\) && \(cell\.hi == hdr\.d\.b/);
    assert.match(text, /md\.seen\.lo != 7\) \|\| \(md\.seen\.hi != 8/);
    assert.doesNotMatch(text, /== \{/);
  });

  it('a two-field register cell written and compared with lists runs on Tofino', async () => {
    const r = await rig(program, { source: true });
    const frame = (idx: number, op: number, a: number, b: number) => Uint8Array.from([idx, op, 0, a, 0, b, 0, 0]);
    r.engine.receive(1, frame(3, 0, 7, 8));
    r.engine.receive(1, frame(3, 1, 7, 8));
    r.engine.receive(1, frame(3, 1, 7, 9));
    r.engine.receive(1, frame(4, 1, 7, 8));
    assert.deepEqual(
      r.out.map((o) => [o.frame[6], o.frame[7]]),
      [
        [0, 0],
        [1, 0],
        [0, 1],
        [0, 0],
      ],
    );
  });
});
