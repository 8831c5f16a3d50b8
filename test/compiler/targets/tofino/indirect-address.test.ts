// bf-p4c's rules on a table's indirect counters and on hash inputs (docs/tofino-resources.md,
// "bf-p4c's rules"): one statistics address and enable per table entry, shared by every
// indirect Counter the table's actions count; a Hash needs a non-empty field list.

import { describe, it } from 'node:test';
import { expectMarked, tna } from './helpers.js';

const COUNTERS = `    Counter<bit<32>, bit<12>>(4096, CounterType_t.PACKETS) c1;
    Counter<bit<32>, bit<12>>(4096, CounterType_t.PACKETS) c2;`;

function withActions(actions: string, list: string): string {
  return tna(
    `${COUNTERS}
${actions}
    action noop() {}
    table t { // MARK
        key = { hdr.d.f1 : exact; }
        actions = { ${list} noop; }
        default_action = noop;
    }`,
    '        t.apply();',
  );
}

const marked = (src: string, name: string | undefined) =>
  src.replace('// MARK', name === undefined ? '' : `// expect: ${name}`);

describe('indirect counters of one table share one address', () => {
  it('two counters counted with the same index in every counting action fit', () => {
    expectMarked(marked(withActions('    action both(bit<12> i) { c1.count(i); c2.count(i); }', 'both;'), undefined));
  });

  it('one action indexing two counters with different indexes is an error', () => {
    expectMarked(
      marked(
        withActions('    action both(bit<12> i, bit<12> j) { c1.count(i); c2.count(j); }', 'both;'),
        'indirect-address',
      ),
    );
  });

  it('two actions each counting a different counter (different enables) is an error', () => {
    expectMarked(
      marked(
        withActions(
          `    action one(bit<12> i) { c1.count(i); }
    action two(bit<12> i) { c2.count(i); }`,
          'one; two;',
        ),
        'indirect-address',
      ),
    );
  });

  it('counters in different tables are addressed independently', () => {
    expectMarked(
      tna(
        `${COUNTERS}
    action one(bit<12> i) { c1.count(i); }
    action two(bit<12> j) { c2.count(j); }
    table t1 { key = { hdr.d.f1 : exact; } actions = { one; } }
    table t2 { key = { hdr.d.f2 : exact; } actions = { two; } }`,
        '        t1.apply();\n        t2.apply();',
      ),
    );
  });
});

describe('hash inputs', () => {
  it('a hash of an empty field list is an error', () => {
    expectMarked(
      tna('    Hash<bit<16>>(HashAlgorithm_t.CRC16) h;', '        md.x = h.get({}); // expect: hash-field-list'),
    );
  });
});
