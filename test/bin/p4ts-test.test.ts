// `p4ts test` as users run it: the shipped entry dist/bin/p4ts.js as a child process, its
// exit codes (0 pass, 1 program errors, 2 usage or I/O, 3 an expectation failed), options
// before or after the positionals, --json and --trace.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const P4TS = join(ROOT, 'dist', 'bin', 'p4ts.js');
const CASES = join(ROOT, 'test', 'packet-test', 'stf', 'cases');
const dir = mkdtempSync(join(tmpdir(), 'p4ts-test-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function p4ts(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [P4TS, ...args], { timeout: 60_000 }, (e, stdout, stderr) =>
      done({ code: e === null ? 0 : typeof e.code === 'number' ? e.code : -1, stdout, stderr }),
    );
  });
}

describe('p4ts test', () => {
  test('exit 0 and a PASS summary when every expectation holds', async () => {
    const r = await p4ts('test', join(CASES, 'tables.p4'), join(CASES, 'tables-exact.stf'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^PASS .*tables-exact\.stf: 3 expectations, 0 failures/m);
  });

  test('--target psa, as compile and check take it', async () => {
    const r = await p4ts('test', '--target', 'psa', join(CASES, 'psabasic.p4'), join(CASES, 'psabasic-unicast.stf'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^PASS .*psabasic-unicast\.stf: .* \(psa\)$/m);
  });

  test('exit 3 with FILE:LINE, port, byte and field when an expectation fails', async () => {
    const stf = join(CASES, 'tables-fail-field.stf');
    const r = await p4ts('test', join(CASES, 'tables.p4'), stf);
    assert.equal(r.code, 3, r.stderr);
    assert.ok(r.stdout.includes(`${stf}:6: port 2, packet #1`), r.stdout);
    assert.match(r.stdout, /byte 24 differs: expected 7e, got 7f in hdr\.data\.b1/);
    assert.match(r.stdout, /^FAIL /m);
  });

  test('options before the positionals, TEST defaulting to PROGRAM.stf, --json', async () => {
    const prog = join(dir, 'prog.p4');
    writeFileSync(prog, readFileSync(join(CASES, 'tables.p4')));
    writeFileSync(join(dir, 'prog.stf'), readFileSync(join(CASES, 'tables-lpm.stf')));
    const r = await p4ts('test', '-I', dir, '--target', 'tna', '-D', 'X=1', '--json', prog);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { passed: boolean; expectations: number; outputs: unknown[] };
    assert.equal(report.passed, true);
    assert.equal(report.expectations, 4);
    assert.equal(report.outputs.length, 4);
  });

  test('--trace writes the per-packet trace as JSON lines', async () => {
    const trace = join(dir, 'trace.jsonl');
    const r = await p4ts('test', join(CASES, 'tables.p4'), join(CASES, 'tables-exact.stf'), '--trace', trace);
    assert.equal(r.code, 0, r.stderr);
    const events = readFileSync(trace, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string });
    assert.equal(events.filter((e) => e.event === 'packetIn').length, 3);
    assert.equal(events.filter((e) => e.event === 'packetOut').length, 2);
    assert.ok(events.some((e) => e.event === 'tableHit'));
  });

  test('exit 1 when the program does not compile', async () => {
    const bad = join(dir, 'bad.p4');
    writeFileSync(bad, '#include <tna.p4>\nconst bit<8> X = nope;\n');
    writeFileSync(join(dir, 'bad.stf'), 'wait\n');
    const r = await p4ts('test', bad);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /bad\.p4:2:\d+: error/);
  });

  test('exit 2 for a malformed STF file, naming the line; for a missing file; for bad options', async () => {
    const stf = join(dir, 'unknown.stf');
    writeFileSync(stf, 'wait\nfrobnicate 3\n');
    const r = await p4ts('test', join(CASES, 'tables.p4'), stf);
    assert.equal(r.code, 2);
    assert.ok(r.stderr.includes(`${stf}:2: error: unknown command 'frobnicate'`), r.stderr);
    assert.equal((await p4ts('test', join(CASES, 'tables.p4'), join(dir, 'none.stf'))).code, 2);
    assert.equal((await p4ts('test', join(dir, 'none.p4'))).code, 2);
    assert.equal((await p4ts('test', join(CASES, 'tables.p4'), '--target', 'nope')).code, 2);
    assert.equal((await p4ts('test')).code, 2);
    // An STF file named where the program goes (a user who forgot the program).
    const stfFirst = await p4ts('test', join(CASES, 'meter-array.stf'));
    assert.equal(stfFirst.code, 2);
    assert.match(stfFirst.stderr, /name the P4 program first/);
  });
});
