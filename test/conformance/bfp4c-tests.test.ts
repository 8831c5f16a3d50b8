// The bfp4c-tests suite on a small p4-tests folder built here from the repository's own
// programs (never from bf-p4c's): PSA and Xfail-listed programs are counted apart, failures
// count against the total, and errors/ programs count as rejected, and as naming the problem
// only when our first error matches what the suite expects of that program.

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runBfP4cTests, xfailNames } from '../../conformance/bfp4c-tests.js';
import type { Figure } from '../../conformance/figures.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const tests = mkdtempSync(join(tmpdir(), 'p4ts-bfp4c-'));
after(() => rmSync(tests, { recursive: true, force: true }));

function put(rel: string, text: string): void {
  mkdirSync(dirname(join(tests, rel)), { recursive: true });
  writeFileSync(join(tests, rel), text);
}

const l2l3 = join(ROOT, 'p4', 'examples', 'tna-l2l3.p4');
mkdirSync(join(tests, 'p4_16', 'includes'), { recursive: true });
cpSync(l2l3, join(tests, 'p4_16/compile_only/good.p4'));
cpSync(l2l3, join(tests, 'p4_16/compile_only/listed.p4'));
put('p4_16/compile_only/broken.p4', '#include <tna.p4>\nheader h_t { bit<8> a }\n');
put('p4_16/compile_only/psa_prog.p4', '#include <core.p4>\n#include <psa.p4>\n');
put('p4_16/ptf/none.txt', '');
cpSync(join(ROOT, 'test/compiler/codegen/p4/t2na-ghost.p4'), join(tests, 'p4_16/jbay/ghost.p4'));
put(
  'TofinoXfail.cmake',
  'p4c_add_xfail_reason("tofino"\n  "some reason"\n  extensions/p4_tests/p4_16/compile_only/listed.p4\n  extensions/p4_tests/p4_16/jbay/good.p4\n)\n',
);
put('JBayXfail.cmake', '# nothing for jbay\n');
// errors/: one we reject for the problem the suite expects (an empty hash field list), one we
// reject for another reason (no expectation written for it), one we accept.
function withHash(get: string): string {
  return `#include <core.p4>
#include <tna.p4>
header h_t { bit<16> a; }
struct hs_t { h_t h; }
struct md_t { bit<16> x; }
parser IgP(packet_in pkt, out hs_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start { pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.h); transition accept; }
}
control Ig(inout hs_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
    in ingress_intrinsic_metadata_from_parser_t p, inout ingress_intrinsic_metadata_for_deparser_t d,
    inout ingress_intrinsic_metadata_for_tm_t tm) {
    Hash<bit<16>>(HashAlgorithm_t.CRC16) h;
    apply { md.x = h.get(${get}); tm.ucast_egress_port = 1; }
}
control IgD(packet_out pkt, inout hs_t hdr, in md_t md, in ingress_intrinsic_metadata_for_deparser_t d) {
    apply { pkt.emit(hdr); }
}
parser EgP(packet_in pkt, out hs_t hdr, out md_t md, out egress_intrinsic_metadata_t eg_intr_md) {
    state start { pkt.extract(eg_intr_md); transition accept; }
}
control Eg(inout hs_t hdr, inout md_t md, in egress_intrinsic_metadata_t eg_intr_md,
    in egress_intrinsic_metadata_from_parser_t a, inout egress_intrinsic_metadata_for_deparser_t b,
    inout egress_intrinsic_metadata_for_output_port_t c) { apply { } }
control EgD(packet_out pkt, inout hs_t hdr, in md_t md, in egress_intrinsic_metadata_for_deparser_t d) {
    apply { pkt.emit(hdr); }
}
Pipeline(IgP(), Ig(), IgD(), EgP(), Eg(), EgD()) pipe;
Switch(pipe) main;
`;
}
put('p4_16/errors/externs_hash_empty_list.p4', withHash('{}'));
put('p4_16/errors/unlisted.p4', withHash('{}'));
put('p4_16/errors/accepted.p4', withHash('{ hdr.h.a }'));

const byKey = (figures: Figure[]) => Object.fromEntries(figures.map((f) => [f.key, f.value]));

describe('bfp4c-tests suite on a small p4-tests folder', () => {
  const r = runBfP4cTests(tests);
  const f = byKey(r.figures);

  it('reads the Xfail list for its folder only', () => {
    assert.deepEqual([...xfailNames(tests, 'TofinoXfail.cmake', 'compile_only')], ['listed.p4']);
    assert.deepEqual([...xfailNames(tests, 'JBayXfail.cmake', 'jbay')], []);
  });

  it('counts PSA and Xfail-listed programs apart, and a failure against the total', () => {
    assert.equal(f['bfp4c-tests.compile-only.programs'], 4);
    assert.equal(f['bfp4c-tests.compile-only.psa'], 1);
    assert.equal(f['bfp4c-tests.compile-only.xfail'], 1);
    assert.equal(f['bfp4c-tests.compile-only.xfail-rejected'], 0);
    assert.equal(f['bfp4c-tests.compile-only.compiled'], 1, 'good.p4 compiles, broken.p4 does not');
    assert.ok(r.notes.some((n) => n.startsWith('compile_only/broken.p4:')));
    assert.ok(r.notes.some((n) => n.includes('listed.p4: compiles, but')));
  });

  it('compiles jbay programs for Tofino 2', () => {
    assert.equal(f['bfp4c-tests.jbay.programs'], 1);
    assert.equal(f['bfp4c-tests.jbay.compiled'], 1);
  });

  it('counts errors/ programs rejected, and naming the problem only when the first error matches', () => {
    assert.equal(f['bfp4c-tests.errors.programs'], 3);
    assert.equal(f['bfp4c-tests.errors.rejected'], 2);
    assert.equal(f['bfp4c-tests.errors.same-problem'], 1);
    assert.ok(r.notes.some((n) => n.startsWith('errors/accepted.p4: accepted')));
    assert.ok(r.notes.some((n) => n.startsWith('errors/unlisted.p4: rejected; no expectation written')));
  });
});
