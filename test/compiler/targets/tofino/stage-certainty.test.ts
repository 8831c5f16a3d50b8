// Which stage overflows are errors (docs/tofino-resources.md "Estimates and certainties"): a
// chain of dependencies bf-p4c must also give a stage each (match dependencies, action
// dependencies on a table or a register) stays error 4000; a chain that is long only through
// action dependencies between plain statements of the apply body, which bf-p4c's action
// synthesis may fold, is warning 4009 and the program runs; `--strict-fit` keeps the error.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { compileFile } from '../../../../compiler/compile.js';
import { DiagnosticSink } from '../../../../compiler/diagnostics/diagnostic.js';
import { cleanup, rig } from '../../codegen/helpers.js';
import { shell } from '../../codegen/stage-shell.js';

/** `n` statements, each adding to what the one before wrote into hdr.h.b. */
function statementChain(n: number): string {
  const body = Array.from({ length: n }, (_, i) =>
    i === 0 ? 'hdr.h.b = hdr.h.a + 1;' : `hdr.h.b = hdr.h.b + ${i + 1};`,
  );
  return shell('', body.join('\n        '));
}

/** `n` tables, each matching on what the one before wrote (match dependencies), then `tail`. */
function tableChain(n: number, tail = ''): string {
  const locals: string[] = [];
  const apply: string[] = [];
  for (let i = 0; i < n; i++) {
    locals.push(`action set${i}(bit<8> v) { hdr.h.c = hdr.h.c + v; }`);
    locals.push(`table t${i} { key = { hdr.h.c : exact; } actions = { set${i}; } size = 16; }`);
    apply.push(`t${i}.apply();`);
  }
  return shell(locals.join('\n    '), `${apply.join('\n        ')}\n        ${tail}`);
}

const dirs: string[] = [];
after(() => {
  cleanup();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function check(src: string, strictFit = false) {
  const dir = mkdtempSync(join(tmpdir(), 'p4ts-certainty-'));
  dirs.push(dir);
  const file = join(dir, 'prog.p4');
  writeFileSync(file, src);
  const sink = new DiagnosticSink();
  const r = compileFile(file, { checkOnly: true, strictFit }, sink);
  const tofino = sink.diagnostics.filter((d) => d.code >= 4000 && d.code < 5000);
  return { ok: r !== undefined && !sink.hasErrors(), codes: tofino.map((d) => d.code), messages: tofino };
}

describe('stage overflows: certain chains are errors, our estimates warnings', () => {
  it('13 dependent statements of the apply body: warning 4009, placed in 12 stages', () => {
    const r = check(statementChain(13));
    assert.ok(r.ok);
    assert.deepEqual(r.codes, [4009]);
    assert.match(r.messages[0]?.message ?? '', /placement needed 13 stages of the target's 12/);
    assert.match(r.messages[0]?.message ?? '', /bf-p4c may still fit the program/);
  });

  it('the accepted program runs a packet and computes what the statements compute', async () => {
    const r = await rig(statementChain(13), { source: true });
    r.engine.receive(1, Uint8Array.from([5, 0, 0, 0, 0, 0, 0, 0]));
    assert.equal(r.out.length, 1);
    // 5 + (1 + 2 + ... + 13) = 96
    assert.equal(r.out[0]?.frame[1], 96);
  });

  it('--strict-fit keeps the overflow an error', () => {
    const r = check(statementChain(13), true);
    assert.equal(r.ok, false);
    assert.deepEqual(r.codes, [4000]);
  });

  it('12 dependent statements fit without a warning', () => {
    assert.deepEqual(check(statementChain(12)).codes, []);
  });

  it('a chain of 13 match dependencies stays error 4000', () => {
    const r = check(tableChain(13));
    assert.equal(r.ok, false);
    assert.deepEqual(r.codes, [4000]);
  });

  it("a statement reading what the 12th table's action wrote is certain: error 4000", () => {
    const r = check(tableChain(12, 'hdr.h.d = hdr.h.c;'));
    assert.equal(r.ok, false);
    assert.deepEqual(r.codes, [4000]);
  });
});
