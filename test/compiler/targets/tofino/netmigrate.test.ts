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

  it('the report shows each table and register in the stage the allocator placed it, in dependency order', () => {
    const { map } = compile(NETMIGRATE);
    const pipe = map.pipes[0];
    assert.ok(pipe !== undefined);
    // The report, read back: NAME -> the `stage N:` section it is listed under.
    const reported = new Map<string, number>();
    let stage = -1;
    for (const line of formatResources(map).split('\n')) {
      const header = /^stage (\d+):$/.exec(line);
      if (header !== null) stage = Number(header[1]);
      const entry = /^ {2}(?:ingress|egress)\s+(?:register\s+)?\S+\s+(\S+?)(?::|\s|$)/.exec(line);
      const register = /^ {2}(?:ingress|egress)\s+register\s+([^:\s]+):/.exec(line);
      if (register !== null) reported.set(`register ${register[1]}`, stage);
      else if (entry !== null && stage >= 0) reported.set(entry[1] as string, stage);
    }
    const placed = (name: string) => pipe.units.find((u) => u.name === name)?.stage;
    const tables = ['classify_op', 'migration_pair', 'dict_mask', 'group_shift', 'redirect_route', 'mirror_fwd'];
    const walk = ['walk_next_key', 'walk_mirror'];
    const filters = [1, 2, 3, 4].map((i) => `filter_${i}.access`);
    for (const name of [...tables, ...walk, ...filters]) {
      assert.ok(placed(name) !== undefined && (placed(name) as number) >= 0, `${name} is placed`);
      assert.equal(reported.get(name), placed(name), `${name}: report and allocation agree`);
    }
    for (const reg of ['group_next_transition', 'filter_1.bloom_filter', 'filter_4.counting_filter']) {
      const r: { readonly stage: number } | undefined = pipe.registers.find((x) => x.name === reg);
      assert.ok(r !== undefined, reg);
      assert.equal(reported.get(`register ${reg}`), r.stage, `register ${reg}: report and allocation agree`);
    }
    // The key's group is computed (pair, mask, shift) before the filters read it, and the
    // filters' verdict picks the route: each step sits in a later stage than the one it reads.
    const chain = ['migration_pair', 'dict_mask', 'group_shift'].map((n) => placed(n) as number);
    const filterStages = filters.map((n) => placed(n) as number);
    assert.ok(chain[0]! < chain[1]! && chain[1]! < chain[2]!, `pair, mask, shift in stages ${chain}`);
    assert.ok(chain[2]! < Math.min(...filterStages), `shift ${chain[2]} before the filters ${filterStages}`);
    assert.ok(Math.max(...filterStages) < (placed('redirect_route') as number), 'the filters before the route');
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
