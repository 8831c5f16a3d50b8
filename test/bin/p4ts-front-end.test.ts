// `p4ts check`, `p4ts compile` and `p4ts resources` as users type them (the shipped
// dist/bin/p4ts.js): options before or after the program, cpp-style -IDIR/-DNAME=V, exit codes
// 0 (clean) / 1 (program errors) / 2 (usage or I/O), diagnostics as FILE:LINE:COL on stderr.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { p4ts, ROOT } from './helpers.js';

const work = mkdtempSync(join(tmpdir(), 'p4ts-front-end-'));
after(() => rmSync(work, { recursive: true, force: true }));

// A program that needs both its include folder (-I) and a macro (-D P4TS_TEST_WIDTH=…) to compile.
const inc = join(work, 'inc');
mkdirSync(inc);
writeFileSync(join(inc, 'defs.p4'), 'const bit<P4TS_TEST_WIDTH> FROM_INCLUDE = 1;\n');
const PROGRAM = join(work, 'prog.p4');
writeFileSync(
  PROGRAM,
  `#include <tna.p4>\n#include "${join(ROOT, 'p4', 'examples', 'tna-l2l3.p4')}"\n#include <defs.p4>\n`,
);
const BAD = join(work, 'bad.p4');
writeFileSync(BAD, '#include <tna.p4>\nconst bit<8> X = undefined_name;\n');

const noStack = (stderr: string) => assert.doesNotMatch(stderr, /at .*\.js:\d+/, 'no stack trace');

describe('p4ts check, compile and resources take options before or after the program', () => {
  const orders: Array<[string, string[]]> = [
    ['-I DIR -D before', ['-I', inc, '-D', 'P4TS_TEST_WIDTH=8', PROGRAM]],
    ['after', [PROGRAM, '-I', inc, '-D', 'P4TS_TEST_WIDTH=8']],
    ['around', ['-I', inc, PROGRAM, '-D', 'P4TS_TEST_WIDTH=8']],
    ['cpp-style attached', [`-I${inc}`, '-DP4TS_TEST_WIDTH=8', PROGRAM]],
    ['with --target first', ['--target', 'tna', '-I', inc, '-D', 'P4TS_TEST_WIDTH=8', PROGRAM]],
  ];
  for (const [name, args] of orders)
    test(`check: ${name}`, async () => {
      const r = await p4ts('check', ...args);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
    });

  test('check without the include folder fails at the #include, naming the file', async () => {
    const r = await p4ts('check', '-D', 'P4TS_TEST_WIDTH=8', PROGRAM);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /prog\.p4:3:\d+: error: .*defs\.p4/);
    noStack(r.stderr);
  });

  test('compile: -o and -I before the program write the build', async () => {
    const out = join(work, 'build-before');
    const r = await p4ts('compile', '-o', out, '-I', inc, '-D', 'P4TS_TEST_WIDTH=8', PROGRAM);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /p4ts: compiled .*prog\.p4 -> .*pipeline\.js/);
    for (const f of ['pipeline.js', 'pipeline.d.ts', 'p4info.json', 'resources.json'])
      assert.ok(existsSync(join(out, f)), f);
  });

  test('compile: options after the program, --quiet prints nothing', async () => {
    const out = join(work, 'build-after');
    const r = await p4ts('compile', PROGRAM, '-I', inc, '-DP4TS_TEST_WIDTH=8', '--quiet', '-o', out);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.ok(existsSync(join(out, 'pipeline.js')));
  });

  test('resources: -I before the program prints the stage table', async () => {
    const r = await p4ts('resources', '-I', inc, '-D', 'P4TS_TEST_WIDTH=8', PROGRAM);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /the program fits/);
    assert.match(r.stdout, /^stage +tables/m);
  });
});

describe('p4ts check, compile and resources exit codes and stderr', () => {
  test('1 for a program with errors, FILE:LINE:COL on stderr, and no build written', async () => {
    for (const cmd of ['check', 'compile', 'resources']) {
      const out = join(work, `bad-${cmd}`);
      const r = await p4ts(cmd, BAD, ...(cmd === 'compile' ? ['-o', out] : []));
      assert.equal(r.code, 1, `${cmd}: ${r.stderr}`);
      assert.match(r.stderr, /bad\.p4:2:\d+: error:/, cmd);
      assert.match(r.stderr, /^1 error( and \d+ warnings?)? generated\.$/m, cmd);
      noStack(r.stderr);
      assert.equal(existsSync(out), false, `${cmd} wrote nothing`);
    }
  });

  test('--diagnostics-format json writes the diagnostics as JSON', async () => {
    const r = await p4ts('check', '--diagnostics-format', 'json', BAD);
    assert.equal(r.code, 1, r.stderr);
    const ds = JSON.parse(r.stderr) as Array<{ severity: string }>;
    const errors = ds.filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1);
    assert.match(JSON.stringify(errors[0]), /"file":"[^"]*bad\.p4","line":2/);
  });

  test('2 for a file that cannot be read', async () => {
    for (const cmd of ['check', 'compile', 'resources']) {
      const r = await p4ts(cmd, join(work, 'missing.p4'));
      assert.equal(r.code, 2, `${cmd}: ${r.stderr}`);
      assert.match(r.stderr, /missing\.p4/);
      noStack(r.stderr);
    }
  });

  test('2 for resources of a target without a resource model', async () => {
    const r = await p4ts('resources', join(ROOT, 'p4', 'examples', 'v1model-router.p4'));
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /no resource model/);
  });

  test('2 with the usage for bad arguments', async () => {
    for (const args of [
      ['check'],
      ['check', '-I'],
      ['check', PROGRAM, '--target', 'nonsense'],
      ['compile', PROGRAM, '--no-such-option'],
      ['resources'],
      ['no-such-command'],
      [],
    ]) {
      const r = await p4ts(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /Options:/, `${args.join(' ')} prints the usage`);
      noStack(r.stderr);
    }
  });
});
