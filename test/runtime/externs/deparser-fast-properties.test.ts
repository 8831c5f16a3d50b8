// Tracking digest_type and resubmit_type (an accessor each) must leave the deparser metadata
// object with fast properties: in dictionary mode every field access of the generated code
// was a hash lookup (docs/benchmarks.md, "Counting instructions"). V8's %HasFastProperties
// needs --allow-natives-syntax, so the check runs in a child node.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const externs = pathToFileURL(
  join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'runtime', 'externs', 'deparser-externs.js'),
).href;

function inChild(body: string): string {
  const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', body], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

test('a tracked deparser metadata object keeps fast properties, and tracking still works', () => {
  const out = inChild(`
    import { trackDigestType, trackResubmitType, resetDigestType } from ${JSON.stringify(externs)};
    class Dprsr { constructor() { this.drop_ctl = 0; this.digest_type = 0; this.resubmit_type = 0; this.mirror_type = 0; } }
    const o = new Dprsr();
    trackDigestType(o);
    const afterDigest = %HasFastProperties(o);
    trackResubmitType(o);
    o.digest_type = 2;
    const written = o.$digest_type_written;
    resetDigestType(o);
    o.drop_ctl = 1;
    console.log(JSON.stringify([afterDigest, %HasFastProperties(o), written, o.digest_type, o.$digest_type_written, o.drop_ctl]));
  `);
  assert.deepEqual(JSON.parse(out), [true, true, true, 0, false, 1]);
});

test('without the fix V8 would keep the object in dictionary mode (the check can fail)', () => {
  const out = inChild(`
    const o = { drop_ctl: 0, digest_type: 0 };
    Object.defineProperty(o, 'digest_type', { get() { return 0; }, set(v) {}, enumerable: true, configurable: true });
    console.log(%HasFastProperties(o));
  `);
  assert.equal(out, 'false');
});
