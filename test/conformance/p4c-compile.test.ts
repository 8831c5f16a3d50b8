// The p4c-compile suite on a small corpus folder built here from programs of our own: a v1model
// program that runs a packet, one that fails to compile, one in p4c's bmv2 xfail list, one with
// no V1Switch, and a PSA one, each counted in its group and at the step where it stops.

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runP4cCompile } from '../../conformance/p4c-compile.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const corpus = mkdtempSync(join(tmpdir(), 'p4ts-p4c-compile-'));
after(() => rmSync(corpus, { recursive: true, force: true }));

const samples = join(corpus, 'p4c', 'testdata', 'p4_16_samples');
function put(rel: string, text: string): void {
  mkdirSync(dirname(join(samples, rel)), { recursive: true });
  writeFileSync(join(samples, rel), text);
}

const V1_BLOCKS = `
header h_t { bit<8> a; }
struct headers_t { h_t h; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hs, inout meta_t ms, inout standard_metadata_t sm) {
    state start { pkt.extract(hs.h); transition accept; }
}
control VC(inout headers_t hs, inout meta_t ms) { apply { } }
control Eg(inout headers_t hs, inout meta_t ms, inout standard_metadata_t sm) { apply { } }
control CC(inout headers_t hs, inout meta_t ms) { apply { } }
control D(packet_out pkt, in headers_t hs) { apply { pkt.emit(hs); } }
`;

cpSync(join(ROOT, 'p4', 'examples', 'v1model-router.p4'), join(samples, 'router.p4'));
// Checks, but the code generator refuses it (a register of struct cells).
const structRegister = `#include <core.p4>
#include <v1model.p4>
${V1_BLOCKS}
struct cell_t { bit<32> f; }
control Ig(inout headers_t hs, inout meta_t ms, inout standard_metadata_t sm) {
    register<cell_t>(32w4) r;
    apply { cell_t c = { 1 }; r.write(0, c); }
}
V1Switch(P(), VC(), Ig(), Eg(), CC(), D()) main;
`;
put('struct-register.p4', structRegister);
put('issue907-bmv2.p4', structRegister);
put('no-main.p4', `#include <core.p4>\n#include <v1model.p4>\nconst bit<8> X = 1;\n`);
put('bad-type.p4', `#include <core.p4>\n#include <v1model.p4>\nconst bit<8> X = true;\n`);
put(
  'fabric_20190420/fabric.p4',
  `#include <core.p4>\n#include <v1model.p4>\n${V1_BLOCKS}
control Ig(inout headers_t hs, inout meta_t ms, inout standard_metadata_t sm) { apply { mark_to_drop(sm); } }
V1Switch(P(), VC(), Ig(), Eg(), CC(), D()) main;
`,
);
put('other-arch.p4', '#include <core.p4>\n#include <ebpf_model.p4>\n');
cpSync(join(ROOT, 'test', 'packet-test', 'stf', 'cases', 'psabasic.p4'), join(samples, 'psa-basic.p4'));

describe('the p4c-compile suite', () => {
  it('counts each sample in its group, at the step where it stops', async () => {
    const r = await runP4cCompile(corpus);
    const f = Object.fromEntries(r.figures.map((x) => [x.key, x.value]));
    assert.deepEqual(
      [
        f['p4c-compile.v1model.programs'],
        f['p4c-compile.v1model.checked'],
        f['p4c-compile.v1model.compiled'],
        f['p4c-compile.v1model.ran'],
      ],
      [3, 2, 1, 1],
      'router runs; struct-register checks but does not compile; bad-type does not check',
    );
    assert.deepEqual([f['p4c-compile.v1model-xfail.programs'], f['p4c-compile.v1model-xfail.ran']], [1, 0]);
    assert.equal(f['p4c-compile.v1model-no-switch.programs'], 1);
    assert.deepEqual([f['p4c-compile.v1model-suites.programs'], f['p4c-compile.v1model-suites.ran']], [1, 1]);
    assert.deepEqual([f['p4c-compile.psa.programs'], f['p4c-compile.psa.ran']], [1, 1]);
    assert.equal(f['p4c-compile.psa-dpdk.programs'], 0, 'the eBPF sample is in no group');
    assert.ok(r.notes.some((n) => n.includes('struct-register.p4') && n.includes('structs')));
    assert.ok(
      r.notes.some((n) => /^\s*1 × v1model check: /.test(n)),
      'causes are grouped with their count',
    );
  });
});
