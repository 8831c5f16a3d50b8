import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkProgram } from '../../../../compiler/check/index.js';
import { DiagnosticSink, renderDiagnostics } from '../../../../compiler/diagnostics/index.js';
import { parseFile } from '../../../../compiler/frontend.js';
import { lowerToIr } from '../../../../compiler/ir/index.js';
import { checkTofino, formatResources, type ResourceMap } from '../../../../compiler/targets/tofino/index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', '..');

function compile(path: string, defines: Record<string, string> = {}): { map: ResourceMap; sink: DiagnosticSink } {
  const sink = new DiagnosticSink();
  const unit = parseFile(path, { target: 'tna', defines, includeDirs: [dirname(path)] }, sink);
  assert.ok(unit !== undefined && !sink.hasErrors(), renderDiagnostics(sink.diagnostics));
  const checked = checkProgram(unit.program, sink);
  assert.ok(!sink.hasErrors(), renderDiagnostics(sink.diagnostics));
  const before = sink.diagnostics.length;
  const map = checkTofino(lowerToIr(checked), sink);
  const mine = new DiagnosticSink();
  mine.diagnostics.push(...sink.diagnostics.slice(before));
  return { map, sink: mine };
}

const NETMIGRATE = join(ROOT, 'p4', 'netmigrate.p4');

function filterStages(map: ResourceMap): number[] {
  return [1, 2, 3, 4].map((i) => map.pipes[0]?.units.find((u) => u.name === `filter_${i}.access`)?.stage ?? -1);
}

describe('NetMigrate on Tofino 1', () => {
  it('fits with no diagnostics, each filter pair in a stage of its own', () => {
    const { map, sink } = compile(NETMIGRATE);
    assert.deepEqual(sink.diagnostics, [], renderDiagnostics(sink.diagnostics));
    assert.equal(map.fits, true);
    const stages = filterStages(map);
    assert.equal(new Set(stages).size, 4);
    for (const r of map.pipes[0]?.registers ?? []) {
      if (!r.name.startsWith('filter_')) continue;
      const table = map.pipes[0]?.units.find((u) => u.name === `${r.name.split('.')[0]}.access`);
      assert.equal(r.stage, table?.stage, `${r.name} lives with its table`);
    }
    assert.ok((map.pipes[0]?.stagesUsed.ingress ?? 99) <= 12);
  });

  it('the report shows where each table and register landed', () => {
    const text = formatResources(compile(NETMIGRATE).map);
    for (const name of [
      'classify_op',
      'migration_pair',
      'dict_mask',
      'group_shift',
      'filter_1.access',
      'redirect_route',
      'mirror_fwd',
      'walk_next_key',
      'walk_mirror',
    ]) {
      assert.match(text, new RegExp(`\\s${name.replace('.', '\\.')}(\\s|$)`, 'm'), name);
    }
    for (const reg of ['group_last_applied', 'filter_1.bloom_filter', 'filter_4.counting_filter']) {
      assert.match(text, new RegExp(`register\\s+${reg.replace('.', '\\.')}: `), reg);
    }
  });

  it('with -DNETMIGRATE_STAGE_PRAGMAS the filters sit in stages 3 to 6 as pinned', () => {
    const { map, sink } = compile(NETMIGRATE, { NETMIGRATE_STAGE_PRAGMAS: '1' });
    assert.deepEqual(sink.diagnostics, [], renderDiagnostics(sink.diagnostics));
    assert.equal(map.fits, true);
    assert.deepEqual(filterStages(map), [3, 4, 5, 6]);
    assert.deepEqual(
      [1, 2, 3, 4].map((i) => map.pipes[0]?.units.find((u) => u.name === `filter_${i}.access`)?.pinned),
      [3, 4, 5, 6],
    );
  });

  it('with the artifact sizes two filter pairs share a stage (4 stateful ALUs)', () => {
    const { map } = compile(NETMIGRATE, { NETMIGRATE_ARTIFACT_SIZES: '1' });
    const stages = filterStages(map);
    assert.equal(new Set(stages).size, 2);
    assert.equal(map.fits, true);
  });
});
