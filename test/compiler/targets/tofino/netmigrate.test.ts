import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
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

/** Public TNA programs, when a copy of p4c's test data is on this machine (never committed). */
const CORPUS = ['/tmp/p4c', '/work/.p4c-corpus']
  .map((d) => join(d, 'backends/p4tools/modules/testgen/targets/tofino/test/p4-programs'))
  .find((d) => existsSync(d));
/** Known to break a rule: it runs two actions of `ping_reg` on one path (p4testgen input, not bf-p4c's). */
const KNOWN_REJECTED = new Set(['tna_register_action_1.p4']);

describe('public TNA programs', { skip: CORPUS === undefined ? 'no copy of the p4c test data' : false }, () => {
  it('every p4testgen Tofino sample that passes the front end gets no Tofino error, except the known ones', () => {
    const dir = CORPUS as string;
    const rejected: string[] = [];
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.p4'))) {
      const sink = new DiagnosticSink();
      const unit = parseFile(join(dir, f), { target: 'tna', includeDirs: [dir] }, sink);
      if (unit === undefined || sink.hasErrors()) continue;
      const checked = checkProgram(unit.program, sink);
      if (sink.hasErrors()) continue;
      checkTofino(lowerToIr(checked), sink);
      if (sink.hasErrors()) rejected.push(f);
    }
    assert.deepEqual(
      rejected.filter((f) => !KNOWN_REJECTED.has(f)),
      [],
    );
  });
});
