// The pass plainTableStorage alone: TNA's Alpm and Atcam choose how Tofino stores a table, not
// what a lookup finds, so they leave a plain LPM or ternary table behind.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSink } from '../../../compiler/diagnostics/index.js';
import type * as Ir from '../../../compiler/ir/nodes.js';
import { plainTableStorage } from '../../../compiler/midend/plain-table-storage.js';
import { controlNamed, lowered } from './helpers.js';

const SOURCE = `
#include <tna.p4>
struct md_t { bit<32> dst; bit<10> part; bit<8> result; }
control C(inout md_t md) {
    Alpm(number_partitions = 1024, subtrees_per_partition = 2) alpm;
    Atcam(256) atcam_store;
    action set(bit<8> v) { md.result = v; }
    table routes {
        key = { md.dst: lpm; }
        actions = { set; NoAction; }
        size = 1024;
        implementation = alpm;
    }
    table acl {
        key = { md.part: atcam_partition_index; md.dst: ternary; }
        actions = { set; NoAction; }
        size = 1024;
        atcam = atcam_store;
    }
    apply { routes.apply(); acl.apply(); }
}
`;

describe('plainTableStorage', () => {
  const c = controlNamed(plainTableStorage(lowered(SOURCE), new DiagnosticSink()), 'C');
  const t = (name: string) => c.tables.find((x) => x.name === name) as Ir.Table;

  it('drops the storage instances and the properties naming them', () => {
    assert.deepEqual(
      c.locals.map((l) => l.name),
      [],
    );
    assert.deepEqual(
      t('routes').properties.map((p) => p.name),
      [],
    );
    assert.deepEqual(
      t('acl').properties.map((p) => p.name),
      [],
    );
  });

  it('keeps the lookups: lpm stays lpm, the partition index matches exactly', () => {
    assert.deepEqual(
      t('routes').keys.map((k) => k.matchKind),
      ['lpm'],
    );
    assert.deepEqual(
      t('acl').keys.map((k) => k.matchKind),
      ['exact', 'ternary'],
    );
  });

  it('leaves a program without them as the same object', () => {
    const p = lowered('#include <tna.p4>\ncontrol D(inout bit<8> x) { apply { x = 1; } }');
    assert.equal(plainTableStorage(p, new DiagnosticSink()), p);
  });
});
