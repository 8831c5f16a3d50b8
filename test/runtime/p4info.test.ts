import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildPipelineState } from '../../runtime/arch/pipeline-state.js';
import { loadP4Info, type P4Info, validateP4Info } from '../../runtime/p4info.js';
import { ENGINE_FIXTURE_P4INFO } from './fixtures/engine-fixture-p4info.js';

function mutate(f: (p: Record<string, unknown>) => void): unknown {
  const p = structuredClone(ENGINE_FIXTURE_P4INFO) as unknown as Record<string, unknown>;
  f(p);
  return p;
}

function expectBad(p: unknown, pattern: RegExp): void {
  const r = validateP4Info(p);
  assert.equal(r.ok, false);
  assert.equal(r.ok ? '' : r.code, 'BAD_P4INFO');
  assert.match(r.ok ? '' : r.message, pattern);
}

describe('p4info validation', () => {
  test('the fixture p4info is valid and builds every stateful object', () => {
    assert.ok(validateP4Info(ENGINE_FIXTURE_P4INFO).ok);
    const s = buildPipelineState(ENGINE_FIXTURE_P4INFO);
    assert.ok(s.ok);
    assert.equal(s.value.tables.length, 3);
    assert.equal(s.value.registers[0]?.size, 512);
  });

  test('a bad field is reported by its path', () => {
    expectBad(null, /^p4info: expected an object/);
    expectBad(
      mutate((p) => (p.version = 2)),
      /^version: expected 1/,
    );
    expectBad(
      mutate((p) => ((p.tables as { keys: { width: number }[] }[])[0]!.keys[0]!.width = 0)),
      /^tables\[0\]\.keys\[0\]\.width: expected an integer/,
    );
    expectBad(
      mutate((p) => ((p.tables as { keys: { matchKind: string }[] }[])[1]!.keys[0]!.matchKind = 'fuzzy')),
      /tables\[1\]\.keys\[0\]\.matchKind: expected one of exact/,
    );
    expectBad(
      mutate((p) => ((p.registers as { width: number }[])[0]!.width = 0)),
      /registers\[0\]\.width/,
    );
    expectBad(
      mutate((p) => ((p.digests as { digestType: number }[])[0]!.digestType = 8)),
      /digests\[0\]\.digestType/,
    );
    expectBad(
      mutate((p) => delete p.mirrors),
      /^mirrors: expected an array/,
    );
  });

  test('references must resolve and names must be unique', () => {
    expectBad(
      mutate((p) => ((p.tables as { actions: { name: string }[] }[])[0]!.actions[0]!.name = 'Ingress.nope')),
      /no action Ingress.nope/,
    );
    expectBad(
      mutate((p) => ((p.tables as { name: string }[])[1]!.name = 'Ingress.forward')),
      /tables\[1\]\.name: Ingress.forward is used twice/,
    );
    expectBad(
      mutate(
        (p) =>
          ((p.tables as { defaultAction: unknown }[])[0]!.defaultAction = { action: 'Ingress.set_port', params: [] }),
      ),
      /defaultAction\.params: Ingress.set_port takes 1 parameters, got 0/,
    );
    expectBad(
      mutate(
        (p) =>
          ((p.tables as { defaultAction: unknown }[])[0]!.defaultAction = {
            action: 'Ingress.set_port',
            params: [512],
          }),
      ),
      /does not fit 9 unsigned bits/,
    );
    expectBad(
      mutate(
        (p) =>
          ((p.tables as { constEntries: unknown }[])[0]!.constEntries = [
            { match: ['zz'], action: 'Ingress.drop', params: [] },
          ]),
      ),
      /constEntries\[0\]\.match\[0\]/,
    );
    expectBad(
      mutate((p) => (p.directResources = [{ id: 1, name: 'd', kind: 'counter', table: 'Ingress.nope' }])),
      /directResources\[0\]\.table/,
    );
  });

  test('loadP4Info reports a missing file and a file that is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'p4info-'));
    try {
      const missing = loadP4Info(join(dir, 'nope.json'));
      assert.match(missing.ok ? '' : missing.message, /cannot read/);
      writeFileSync(join(dir, 'bad.json'), '{ "version": ');
      const bad = loadP4Info(join(dir, 'bad.json'));
      assert.match(bad.ok ? '' : bad.message, /is not JSON/);
      writeFileSync(join(dir, 'ok.json'), JSON.stringify(ENGINE_FIXTURE_P4INFO));
      assert.ok(loadP4Info(join(dir, 'ok.json')).ok);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('const entries in p4info are installed in the table', () => {
    const p: P4Info = {
      ...ENGINE_FIXTURE_P4INFO,
      tables: ENGINE_FIXTURE_P4INFO.tables.map((t, i) =>
        i === 0
          ? { ...t, constEntries: [{ match: ['02:00:00:00:00:01'], action: 'Ingress.set_port', params: [3] }] }
          : t,
      ),
    };
    const s = buildPipelineState(p);
    assert.ok(s.ok);
    const e = s.value.tables[0]?.lookup1(0x020000000001n);
    assert.deepEqual(e?.params, [3]);
    assert.equal(e?.isConst, true);
  });

  test('a table holds all its const entries even when they outnumber its size (bf-p4c lays them all out)', () => {
    const entries = [1, 2, 3].map((n) => ({
      match: [`02:00:00:00:00:0${n}`],
      action: 'Ingress.set_port',
      params: [n],
    }));
    const p: P4Info = {
      ...ENGINE_FIXTURE_P4INFO,
      tables: ENGINE_FIXTURE_P4INFO.tables.map((t, i) => (i === 0 ? { ...t, size: 1, constEntries: entries } : t)),
    };
    const s = buildPipelineState(p);
    assert.ok(s.ok, s.ok ? '' : s.message);
    for (const n of [1, 2, 3]) assert.deepEqual(s.value.tables[0]?.lookup1(0x020000000000n + BigInt(n))?.params, [n]);
  });
});
