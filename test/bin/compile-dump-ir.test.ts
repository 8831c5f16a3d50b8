// `p4ts compile --dump-ir-after PASS` as a user runs it: the IR after the named mid-end pass on
// stdout; an unknown pass name is a usage error (exit 2) that lists the passes.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MIDEND_PASSES } from '../../compiler/midend/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const cli = join(root, 'dist', 'bin', 'p4ts.js');
const work = mkdtempSync(join(tmpdir(), 'p4ts-cli-'));
after(() => rmSync(work, { recursive: true, force: true }));

function p4ts(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SOURCE = `
#include <core.p4>
#include <v1model.p4>
header h_t { bit<8> a; }
struct hdr_t { h_t h; }
struct md_t { bit<8> x; }
parser Sub(packet_in pkt, out h_t h) { state start { pkt.extract(h); transition accept; } }
parser P(packet_in pkt, out hdr_t hdr, inout md_t md, inout standard_metadata_t sm) {
    Sub() sub;
    state start { sub.apply(pkt, hdr.h); transition accept; }
}
control Bump(inout bit<8> v) { apply { v = v + 1; } }
control I(inout hdr_t hdr, inout md_t md, inout standard_metadata_t sm) {
    Bump() bump;
    apply { bump.apply(hdr.h.a); }
}
control E(inout hdr_t hdr, inout md_t md, inout standard_metadata_t sm) { apply { } }
control V(inout hdr_t hdr, inout md_t md) { apply { } }
control C(inout hdr_t hdr, inout md_t md) { apply { } }
control D(packet_out pkt, in hdr_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), V(), I(), E(), C(), D()) main;
`;

describe('p4ts compile --dump-ir-after', () => {
  const file = join(work, 'prog.p4');
  writeFileSync(file, SOURCE);

  it('prints the IR after each pass, the v1model program included (inlining is architecture-neutral)', () => {
    const lowered = p4ts('compile', file, '--target', 'v1model', '--dump-ir-after', 'lowered', '-o', join(work, 'b'));
    assert.match(lowered.stdout, /^\/\/ IR after lowered/);
    assert.match(lowered.stdout, /sub\.apply\(pkt, hdr\.h\);/);
    const parsers = p4ts(
      'compile',
      '--dump-ir-after',
      'inlineParsers',
      file,
      '--target',
      'v1model',
      '-o',
      join(work, 'b'),
    );
    assert.match(parsers.stdout, /state sub\.start \{/);
    assert.match(parsers.stdout, /bump\.apply\(hdr\.h\.a\);/);
    const controls = p4ts(
      'compile',
      file,
      '--target',
      'v1model',
      '--dump-ir-after',
      'inlineControls',
      '-o',
      join(work, 'b'),
    );
    assert.match(controls.stdout, /hdr\.h\.a = \(hdr\.h\.a \+ 1\);/);
    assert.doesNotMatch(controls.stdout, /bump\.apply/);
  });

  it('rejects an unknown pass with a usage error naming every pass', () => {
    const r = p4ts('compile', file, '--dump-ir-after', 'noSuchPass');
    assert.equal(r.code, 2);
    for (const p of ['lowered', ...MIDEND_PASSES.map((x) => x.name)]) assert.ok(r.stderr.includes(p), p);
  });
});
