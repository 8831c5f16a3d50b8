// How straight-line statements of an apply body become synthesized tables, as p4c's action
// synthesis makes them (docs/tofino-resources.md "Straight-line code"): a direct action
// call is a table of its own, and a store to a control variable nothing reads is no
// statement at all, so neither ties independent statements to the stage of a long chain.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectMarked, tna } from './helpers.js';

/** Ten tables in a match chain on md.a (stages 0-9), then `tail` in the apply body. */
function afterChain(locals: string, tail: string): string {
  const l: string[] = [locals];
  const apply: string[] = [];
  for (let i = 0; i < 10; i++) {
    l.push(`    action set${i}(bit<32> v) { md.a = md.a + v; }`);
    l.push(`    table t${i} { key = { md.a : exact; } actions = { set${i}; } size = 16; }`);
    apply.push(`        t${i}.apply();`);
  }
  return tna(l.join('\n'), `${apply.join('\n')}\n${tail}`);
}

/** The stage of the synthesized table whose statements start on the apply line `marker` is on. */
function stageOfLine(src: string, marker: string): number {
  const run = expectMarked(src);
  const line = src.split('\n').findIndex((l) => l.includes(marker)) + 1;
  const u = run.map.pipes[0]?.units.find((x) => x.name.endsWith(`_l${line}`));
  assert.ok(u !== undefined, `no unit for line ${line}: ${run.map.pipes[0]?.units.map((x) => x.name).join(', ')}`);
  return u.stage;
}

describe('synthesized tables', () => {
  it('a direct action call is its own table: the statement after it does not wait for the chain', () => {
    const src = afterChain(
      '    action copy_a() { md.b = md.a; }',
      '        copy_a();\n        md.c = hdr.d.f1; // independent',
    );
    assert.equal(stageOfLine(src, '// independent'), 0);
  });

  it('statements that do not depend on each other still share one synthesized table', () => {
    const src = afterChain('', '        md.b = md.a; // first\n        md.c = hdr.d.f1;');
    assert.equal(stageOfLine(src, '// first'), 10);
  });

  it('a store to a control variable nothing reads is dropped: the statement with it runs early', () => {
    const src = afterChain('    bit<32> sink;', '        md.c = hdr.d.f1; // independent\n        sink = md.a + 1;');
    assert.equal(stageOfLine(src, '// independent'), 0);
  });

  it('a store to a control variable read later stays: the group waits for the chain', () => {
    const src = afterChain(
      '    bit<32> sink;',
      '        md.c = hdr.d.f1; // independent\n        sink = md.a + 1;\n        md.e = sink;',
    );
    assert.equal(stageOfLine(src, '// independent'), 10);
  });
});
