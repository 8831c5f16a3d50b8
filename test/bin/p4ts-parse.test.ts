// The `p4ts parse` command as a user runs it: a real child process, exit codes and stderr.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const cli = join(root, 'dist', 'bin', 'p4ts.js');
const work = mkdtempSync(join(tmpdir(), 'p4ts-cli-'));
after(() => rmSync(work, { recursive: true, force: true }));

function p4ts(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

describe('p4ts parse', () => {
  it('exits 0 and prints nothing for a program that parses', () => {
    const r = p4ts('parse', join(root, 'p4', 'netmigrate.p4'), '--target', 'tna');
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
  });

  it('exits 1 with FILE:LINE:COL, the line and a caret for a syntax error', () => {
    const path = file('bad.p4', 'header h_t {\n    bit<8> a\n}\n');
    const r = p4ts('parse', path);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:1: error: `));
    assert.match(r.stderr, /\n}\n\^\n/);
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
  });

  it('reports an error inside an included file at that file', () => {
    file('inc.p4', '// the constant\nconst bit<8> X = ;\n');
    const path = file('main.p4', '#include "inc.p4"\ncontrol c() { apply {} }\n');
    const r = p4ts('parse', path);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /inc\.p4:2:18: error: /);
  });

  it('takes -I and -D like a C compiler', () => {
    const dir = join(work, 'incdir');
    spawnSync('mkdir', ['-p', dir]);
    writeFileSync(join(dir, 'w.p4'), 'const bit<WIDTH> K = 3;\n');
    const path = file('uses.p4', '#include <w.p4>\n');
    assert.equal(p4ts('parse', path, '-I', dir, '-D', 'WIDTH=16').code, 0);
  });

  it('--print writes a program that parses again', () => {
    const printed = p4ts('parse', join(root, 'p4', 'netmigrate.p4'), '--target', 'tna', '--print');
    assert.equal(printed.code, 0);
    const again = p4ts('parse', file('printed.p4', printed.stdout));
    assert.equal(again.stderr, '');
    assert.equal(again.code, 0);
  });

  it('exits 2 when the file cannot be read', () => {
    const r = p4ts('parse', join(work, 'missing.p4'));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read/);
  });

  it('exits 2 with the usage for bad arguments', () => {
    const r = p4ts('parse', 'x.p4', '--target', 'nonsense');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Invalid values/);
    assert.equal(p4ts('no-such-command').code, 2);
    assert.equal(p4ts().code, 2);
  });
});
