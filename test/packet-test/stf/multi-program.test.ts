// STF runs with several programs on one device (docs/stf.md, "Several programs"): `program`
// lines, `PROGRAM:NAME` names, and `p4ts test TEST.stf`. The two programs of our own in
// multi/ (ext on pipes 0 and 2, int on 1 and 3) stamp which program ran each half of a packet.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DiagnosticSink } from '../../../compiler/diagnostics/index.js';
import { type CompiledForTest, compileForTest } from '../../../packet-test/stf/load.js';
import { parseStf } from '../../../packet-test/stf/parse.js';
import { runStf, type StfProgram } from '../../../packet-test/stf/runner.js';
import { p4ts } from '../../bin/helpers.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const MULTI = join(ROOT, 'test', 'packet-test', 'stf', 'multi');
const read = (f: string) => readFileSync(join(MULTI, f), 'utf8');

async function compile(name: string): Promise<CompiledForTest> {
  const sink = new DiagnosticSink();
  const r = await compileForTest(join(MULTI, `${name}.p4`), {}, sink);
  assert.ok(r?.ok === true, 'compiles');
  return r.value;
}

describe('STF with two programs on one device', () => {
  let programs: StfProgram[];
  before(async () => {
    const [ext, int] = await Promise.all([compile('ext'), compile('int')]);
    programs = [
      { ...ext, name: 'ext', pipes: [0, 2] },
      { ...int, name: 'int', pipes: [1, 3] },
    ];
  });
  const run = (text: string, ps = programs) => {
    const stf = parseStf(text, 'x.stf');
    assert.deepEqual(stf.errors, []);
    const first = ps[0] as StfProgram;
    return runStf(stf, { module: first.module, headers: first.headers as never, programs: ps });
  };

  test('two-programs.stf passes: crossing packets run one ingress and the other egress', () => {
    const r = run(read('two-programs.stf'));
    assert.ok(!('error' in r), 'error' in r ? r.error : '');
    assert.deepEqual(
      r.failures.map((f) => `${f.line}: ${f.message}`),
      [],
    );
    assert.equal(r.expectations, 13);
  });

  test('a name both programs have must be qualified (the ambiguous add fails, nothing added)', () => {
    const r = run(read('two-programs-fail-ambiguous.stf'));
    assert.ok(!('error' in r));
    assert.equal(r.failures[0]?.line, 5);
    assert.equal(r.failures[0]?.kind, 'command');
    assert.match(r.failures[0]?.message ?? '', /route is in programs ext and int: write it ext:route/);
    // The packet from port 1 had no route: nothing came out of 129.
    assert.ok(r.failures.some((f) => f.kind === 'packet_missing' && f.port === 129));
  });

  test('swapping the pipes swaps the programs: the stamps say which program ran', () => {
    const swapped = read('two-programs.stf')
      .replace('pipes 0 2', 'pipes 1 3')
      .replace('int.p4 pipes 1 3', 'int.p4 pipes 0 2');
    const r = run(swapped, [
      { ...(programs[0] as StfProgram), pipes: [1, 3] },
      { ...(programs[1] as StfProgram), pipes: [0, 2] },
    ]);
    assert.ok(!('error' in r));
    // Port 1 is now int's: ext's entry for port 1 never matches, so the first expect fails.
    assert.ok(r.failures.some((f) => f.kind === 'packet_missing' && f.port === 129));
  });

  test('an expectation of the wrong egress program fails at the egress stamp', () => {
    const r = run(read('two-programs.stf').replace('0a0b0001 cafe', '0a0a0001 cafe'));
    assert.ok(!('error' in r));
    assert.equal(r.failures[0]?.kind, 'packet_differs');
    assert.equal(`${r.failures[0]?.field?.header}.${r.failures[0]?.field?.field}`, 'hdr.trail.eg');
  });

  test("a program's digest check takes only that program's digests, each once", () => {
    const base = read('two-programs.stf');
    // int sent ig 0x0b: ext's check cannot take it.
    const r = run(base.replace('check_digest ext:trail ig:0x0a hops:1', 'check_digest ext:trail ig:0x0b hops:2'));
    assert.ok(!('error' in r));
    assert.equal(r.failures.length, 1);
    assert.equal(r.failures[0]?.kind, 'digest');
    assert.match(r.failures[0]?.message ?? '', /no such digest was sent \(sent: ig:0xa hops:0x1\)/);
    // A digest is taken once: a second identical check finds none left.
    const twice = run(
      base.replace(
        'check_digest ext:trail ig:0x0a hops:1',
        'check_digest ext:trail ig:0x0a hops:1\ncheck_digest ext:trail ig:0x0a',
      ),
    );
    assert.ok(!('error' in twice));
    assert.deepEqual(
      twice.failures.map((f) => f.kind),
      ['digest'],
    );
    // Unqualified, the name is in both programs.
    const plain = run(base.replace('check_digest ext:trail', 'check_digest trail'));
    assert.ok(!('error' in plain));
    assert.match(plain.failures[0]?.message ?? '', /trail is in programs ext and int/);
  });

  test('an unknown program name is a command failure; a bad placement an error', () => {
    const r = run(
      `program ext ext.p4 pipes 0 2\nprogram int int.p4 pipes 1 3\nadd nope:route ig_intr_md.ingress_port:1 Ingress.to(port:2)\npacket 1 00\n`,
    );
    assert.ok(!('error' in r));
    assert.match(r.failures[0]?.message ?? '', /no program nope on this device \(programs: ext, int\)/);
    const bad = run('packet 1 00\n', [
      { ...(programs[0] as StfProgram), pipes: [0, 1] },
      { ...(programs[1] as StfProgram), pipes: [1, 2, 3] },
    ]);
    assert.ok('error' in bad && /pipe 1 is given to both ext and int/.test(bad.error));
  });

  test('program lines parse; misplaced, duplicate and malformed ones are errors', () => {
    const ok = parseStf('program a dir/a.p4 pipes 0,2\nprogram b "my dir/b.p4" pipe 1-3\n', 'x.stf');
    assert.deepEqual(ok.errors, []);
    assert.deepEqual(
      ok.commands.map((c) => (c.cmd === 'program' ? [c.name, c.path, c.pipes] : c.cmd)),
      [
        ['a', 'dir/a.p4', [0, 2]],
        ['b', 'my dir/b.p4', [1, 2, 3]],
      ],
    );
    for (const [text, why] of [
      ['wait\nprogram a a.p4 pipes 0\n', /program lines come before every other command/],
      ['program a a.p4 pipes 0\nprogram a b.p4 pipes 1\n', /already loaded/],
      ['program a a.p4\n', /expected program NAME PATH pipes/],
      ['program a a.p4 pipes x\n', /not a list of pipes/],
    ] as const) {
      const r = parseStf(text, 'x.stf');
      assert.match(r.errors[0]?.message ?? '', why, text);
    }
    const d = parseStf('check_digest a:d.learn f:0x1 g:2\ncheck_digest learn\n', 'x.stf');
    assert.deepEqual(d.errors, []);
    assert.deepEqual(d.commands[0], {
      cmd: 'check_digest',
      digest: 'a:d.learn',
      fields: [
        { name: 'f', value: '0x1' },
        { name: 'g', value: '2' },
      ],
      line: 1,
    });
    const q = parseStf('add a:t f:1 x()\ncheck_counter b:c(3) packets == 1\nremove a:t all\n', 'x.stf');
    assert.deepEqual(q.errors, []);
    assert.deepEqual(
      q.commands.map((c) =>
        c.cmd === 'add' || c.cmd === 'remove' ? c.table : c.cmd === 'check_counter' ? c.counter : '',
      ),
      ['a:t', 'b:c', 'a:t'],
    );
  });

  test('p4ts test TEST.stf runs the programs its lines name; misuse is a usage error', async () => {
    const stf = join(MULTI, 'two-programs.stf');
    const pass = await p4ts('test', stf);
    assert.equal(pass.code, 0, pass.stderr);
    assert.match(pass.stdout, /^PASS .*13 expectations, 0 failures/m);
    const fail = await p4ts('test', join(MULTI, 'two-programs-fail-ambiguous.stf'));
    assert.equal(fail.code, 3);
    const both = await p4ts('test', join(MULTI, 'ext.p4'), stf);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /loads its own programs \(line 3\)/);
    const none = await p4ts('test', join(ROOT, 'test', 'packet-test', 'stf', 'cases', 'dynhash-configure.stf'));
    assert.equal(none.code, 2);
    assert.match(none.stderr, /names no program/);
  });
});
