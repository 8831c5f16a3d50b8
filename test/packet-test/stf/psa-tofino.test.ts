// A PSA program compiled for Tofino (`--target tna`, as bf-p4c compiles PSA programs): psa.p4
// takes Tofino's types (9-bit ports, PSA_PORT_RECIRCULATE 68, PSA_PORT_CPU 64; docs/psa.md),
// p4info names those ports, and the PSA engine recirculates through port 68. The program is
// our test/packet-test/stf/cases/psabasic.p4, which the bmv2-typed STFs beside it also run.

import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DiagnosticSink, renderDiagnostics } from '../../../compiler/diagnostics/index.js';
import { compileForTest } from '../../../packet-test/stf/load.js';
import { parseStf } from '../../../packet-test/stf/parse.js';
import { runStf } from '../../../packet-test/stf/runner.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const PROGRAM = join(ROOT, 'test', 'packet-test', 'stf', 'cases', 'psabasic.p4');
const H = '000000000001 000000000002 88b5';

describe('a PSA program compiled for Tofino', () => {
  test("takes Tofino's ports and recirculates through port 68", async () => {
    const sink = new DiagnosticSink();
    const r = await compileForTest(PROGRAM, { target: 'tna' }, sink);
    assert.ok(r !== undefined, renderDiagnostics(sink.diagnostics, { color: false }));
    assert.ok(r.ok, r.ok ? '' : r.message);
    const prog = r.value;
    assert.equal(prog.module.arch, 'psa');
    assert.deepEqual(prog.module.p4info.ports, { recirculation: [68], cpu: 64 });
    const stf = parseStf(
      [
        'add route data.op:0x40 loop_back(port:5)',
        'add route data.op:0x01 to_port(port:3)',
        // Recirculated: ingress_port is 68 (0x44), the path RECIRCULATE (7), two passes.
        `packet 1 ${H} 40 00 00 00 00 00 00000000`,
        `expect 5 ${H} 40 07 02 7c 4e 02 00000044`,
        `packet 2 ${H} 01 00 00 00 00 00 00000000`,
        `expect 3 ${H} 01 01 02 00 4e 01 00000002`,
      ].join('\n'),
      'inline.stf',
    );
    assert.deepEqual(stf.errors, []);
    const run = runStf(stf, {
      module: prog.module,
      headers: prog.headers,
      keyMasks: prog.keyMasks,
      sliceBaseWidths: prog.sliceBaseWidths,
    });
    assert.ok(!('error' in run), 'error' in run ? run.error : '');
    assert.deepEqual(
      run.failures.map((f) => `${f.line}: ${f.message}`),
      [],
    );
    assert.equal(run.expectations, 2);
  });
});
