// Exact-match SRAM as bf-p4c lays it out: the key's line-select bits are not stored, and
// several entries share one line of several RAMs (docs/tofino-resources.md "Exact-match packing").

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectMarked, tna } from './helpers.js';

/** A 32K-entry table on a 129-bit key with a 16-bit immediate parameter, pinned to stage 0. */
function wideTable(name: string, pin = '@stage(0) '): string {
  return `    ${pin}table ${name} { key = { hdr.d.w128 : exact; md.flag : exact; } actions = { hit_${name}; miss_${name}; } size = 32768; }`;
}

/** Each table's actions write fields of their own, so the tables are independent. */
const FIELDS: Record<string, [string, string]> = {
  t: ['hdr.d.h1', 'hdr.d.b1'],
  t1: ['hdr.d.h1', 'hdr.d.b1'],
  t2: ['hdr.d.h2', 'hdr.d.b2'],
  t3: ['md.x', 'md.y'],
};

function wideActions(name: string): string {
  const [h, b] = FIELDS[name] ?? ['md.z', 'md.y'];
  return `    action hit_${name}(bit<16> v) { ${h} = v; }\n    action miss_${name}() { ${b} = 1; }`;
}

describe('exact-match packing', () => {
  it('a 129-bit key, 32K entries: 8 entries over 9 RAMs, 4 sets of lines (36 blocks, not 64)', () => {
    // Entry: 129 - 10 line-select bits + 4 version + 1 action choice + 16 immediate = 140
    // bits. One per two RAMs would be 64 blocks; 8 entries fill 9 RAMs (1,120 bits).
    const run = expectMarked(tna(`${wideActions('t')}\n${wideTable('t', '')}`, '        t.apply();'));
    const u = run.map.pipes[0]?.units.find((x) => x.name === 't');
    assert.equal(u?.demand.sramBlocks, 36);
  });

  it('two such tables pinned to one stage fit (72 of 80 blocks)', () => {
    expectMarked(
      tna(
        [wideActions('t1'), wideActions('t2'), wideTable('t1'), wideTable('t2')].join('\n'),
        '        t1.apply();\n        t2.apply();',
      ),
    );
  });

  it('three still do not: 108 blocks in a stage of 80', () => {
    const run = expectMarked(
      tna(
        [
          wideActions('t1'),
          wideActions('t2'),
          wideActions('t3'),
          wideTable('t1'),
          wideTable('t2'),
          `${wideTable('t3')} // expect: overlimit`,
        ].join('\n'),
        '        t1.apply();\n        t2.apply();\n        t3.apply();',
      ),
    );
    assert.match(run.rendered, /table 't3' does not fit in stage 0: it needs 36 SRAM blocks/);
  });

  it('a narrow key still packs several entries in one RAM line', () => {
    // 32 - 10 + 4 version + 8 immediate = 34 bits: 3 to a 128-bit line, 4,096 entries in 2 blocks.
    const run = expectMarked(
      tna(
        `    action a(bit<8> v) { hdr.d.b1 = v; }
    table t { key = { hdr.d.f1 : exact; } actions = { a; } size = 4096; }`,
        '        t.apply();',
      ),
    );
    assert.equal(run.map.pipes[0]?.units.find((x) => x.name === 't')?.demand.sramBlocks, 2);
  });
});
