// `p4ts diff` on captures of ours (the shipped entry, real processes): two runs of one
// program whose table entries differ in one action parameter are captured as pcap sets
// (`p4ts test --pcap`), one also as a trace; the diff names the port, the packet, the byte and
// the header field, `--ignore` that field makes them the same, and exit codes follow the
// contract (0 same, 3 different, 2 usage or I/O).

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const P4TS = join(ROOT, 'dist', 'bin', 'p4ts.js');
const CASES = join(ROOT, 'test', 'packet-test', 'stf', 'cases');
const PROGRAM = join(CASES, 'tables.p4');

function p4ts(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [P4TS, ...args], { timeout: 60_000 }, (e, stdout, stderr) =>
      done({ code: e === null ? 0 : typeof e.code === 'number' ? e.code : -1, stdout, stderr }),
    );
  });
}

describe('p4ts diff', () => {
  const dir = mkdtempSync(join(tmpdir(), 'p4ts-diff-'));
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  const longer = join(dir, 'longer');
  after(() => rmSync(dir, { recursive: true, force: true }));

  before(async () => {
    const base = readFileSync(join(CASES, 'tables-exact.stf'), 'utf8');
    // Run B installs b1 = 0x7e where run A installs 0x7f: one field of one packet differs.
    const variant = base.replace('setb1(val:0x7f, port:2)', 'setb1(val:0x7e, port:2)').replace(/^expect 2 .*$/m, '');
    writeFileSync(join(dir, 'b.stf'), variant);
    writeFileSync(
      join(dir, 'longer.stf'),
      `${base}\npacket 0 000000000001 000000000002 88b5 01010101 00000000 0000 00 00\nexpect 2\n`,
    );
    for (const [stf, out, extra] of [
      [join(CASES, 'tables-exact.stf'), a, ['--trace', join(dir, 'a.jsonl')]],
      [join(dir, 'b.stf'), b, []],
      [join(dir, 'longer.stf'), longer, []],
    ] as const) {
      const r = await p4ts('test', PROGRAM, stf, '--pcap', out, ...extra);
      assert.ok(r.code === 0 || r.code === 3, r.stderr);
    }
    assert.equal((await p4ts('compile', PROGRAM, '-o', join(dir, 'build'))).code, 0);
  });

  test('two captures that differ in one field: exit 3, the port, byte and field named', async () => {
    const r = await p4ts('diff', a, b, '--program', PROGRAM);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stdout, /^port 2: 1 packet in A, 1 in B: 0 same, 1 differing$/m);
    assert.match(
      r.stdout,
      /first divergence: packet #1 .*byte 24: A 7f, B 7e in hdr\.data\.b1 \(data_h\): A 0x7f, B 0x7e/,
    );
    assert.match(r.stdout, /^port 4: 1 packet in A, 1 in B: 1 same$/m);
    assert.match(r.stdout, /^DIFFER: 1 same, 1 differing, 0 only in A, 0 only in B$/m);
  });

  test('a build directory decodes as the program does', async () => {
    const r = await p4ts('diff', '--program', join(dir, 'build'), a, b);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stdout, /in hdr\.data\.b1/);
  });

  test('--ignore the field (or its bytes) makes them the same: exit 0', async () => {
    const f = await p4ts('diff', a, b, '--program', PROGRAM, '--ignore', 'data.b1');
    assert.equal(f.code, 0, f.stdout + f.stderr);
    assert.match(f.stdout, /^SAME: 2 same/m);
    const bytes = await p4ts('diff', a, b, '--ignore', 'bytes:24');
    assert.equal(bytes.code, 0, bytes.stdout);
  });

  test('a trace and the pcap set of the same run are the same; --json', async () => {
    const r = await p4ts('diff', join(dir, 'a.jsonl'), a, '--json');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const j = JSON.parse(r.stdout) as { same: number; differing: number };
    assert.deepEqual([j.same, j.differing], [2, 0]);
  });

  test('packets only in one side are counted and exit 3', async () => {
    const r = await p4ts('diff', longer, a);
    assert.equal(r.code, 3);
    assert.match(r.stdout, /^port 2: 2 packets in A, 1 in B: 1 same, 1 only in A$/m);
  });

  test('usage and I/O errors exit 2', async () => {
    assert.equal((await p4ts('diff', a, join(dir, 'missing'))).code, 2);
    assert.equal((await p4ts('diff', a, b, '--ignore', 'data.b1')).code, 2, 'a field ignore needs --program');
    assert.equal((await p4ts('diff', a)).code, 2);
    writeFileSync(join(dir, 'junk.pcap'), 'not a pcap');
    assert.equal((await p4ts('diff', join(dir, 'junk.pcap'), a)).code, 2);
  });
});
