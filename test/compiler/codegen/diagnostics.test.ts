// What the code generator refuses: constructs it does not translate yet get a diagnostic at
// the construct ("not supported yet by the code generator: …") and no output — never wrong
// code; v1model programs are refused as a whole; compile stops after a phase with errors.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { cleanup, compile, P4 } from './helpers.js';

after(cleanup);

const TNA_SHELL = (ingressBody: string, ingressLocals = '') => `
#include <tna.p4>
header h_t { bit<8> a; bit<8> b; }
struct hdr_t { h_t h; }
struct md_t { bit<8> x; }
parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start { pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.h); transition accept; }
}
control Ig(inout hdr_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    ${ingressLocals}
    apply { ${ingressBody} }
}
control IgD(packet_out pkt, inout hdr_t hdr, in md_t md, in ingress_intrinsic_metadata_for_deparser_t d) { apply { pkt.emit(hdr); } }
parser EgP(packet_in pkt, out hdr_t hdr, out md_t md, out egress_intrinsic_metadata_t eg_intr_md) {
    state start { pkt.extract(eg_intr_md); transition accept; }
}
control Eg(inout hdr_t hdr, inout md_t md, in egress_intrinsic_metadata_t eg_intr_md,
           in egress_intrinsic_metadata_from_parser_t a, inout egress_intrinsic_metadata_for_deparser_t b,
           inout egress_intrinsic_metadata_for_output_port_t c) { apply { } }
control EgD(packet_out pkt, inout hdr_t hdr, in md_t md, in egress_intrinsic_metadata_for_deparser_t d) { apply { pkt.emit(hdr); } }
Pipeline(IgP(), Ig(), IgD(), EgP(), Eg(), EgD()) pipe;
Switch(pipe) main;
`;

describe('code generator diagnostics', () => {
  test('the shell program itself compiles (so the failures below come from the construct)', () => {
    const c = compile(TNA_SHELL('md.x = hdr.h.a;'), { source: true });
    assert.ok(c.result?.pipeline !== undefined, c.messages);
  });

  test('an extern the generator does not know is reported at its declaration, with no output', () => {
    // An extern the program declares itself: no target implements it.
    const program = TNA_SHELL('md.x = m.get();', 'Mystery() m;').replace(
      '#include <tna.p4>',
      '#include <tna.p4>\nextern Mystery { Mystery(); bit<8> get(); }',
    );
    const c = compile(program, { source: true });
    assert.equal(c.result, undefined);
    assert.match(c.messages, /prog\.p4:\d+:\d+: error: not supported yet by the code generator: the extern Mystery/);
  });

  test('a slice with a run-time base is reported at the expression', () => {
    const c = compile(TNA_SHELL('hdr.h.b = (bit<8>) hdr.h.a[hdr.h.b[2:0] +: 1];'), { source: true });
    assert.doesNotMatch(
      c.messages,
      /error: (?!not supported yet)/,
      'the checker accepts the construct; the generator is the one to refuse it',
    );
    assert.equal(c.result, undefined);
    assert.match(c.messages, /not supported yet by the code generator: a slice with a run-time base/);
  });

  test('a v1model program is generated for the v1model architecture', () => {
    const c = compile(P4('examples/v1model-router.p4'));
    assert.equal(c.result?.pipeline?.p4info.arch, 'v1model', c.messages);
    assert.match(c.result?.pipeline?.pipelineJs ?? '', /export const arch = 'v1model';/);
  });

  test('a syntax error stops compilation before the checker and the generator', () => {
    const c = compile(TNA_SHELL('md.x = ;'), { source: true });
    assert.equal(c.result, undefined);
    assert.equal(c.sink.diagnostics.filter((d) => d.code >= 2000).length, 0, c.messages);
    assert.ok(c.sink.errorCount > 0);
  });
});
