import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { runTofino, tna } from './helpers.js';

const FIELDS = ['md.a', 'md.b', 'md.c', 'md.e'];

interface TableSpec {
  readonly key: number;
  readonly writes: number;
  readonly reads: number;
  readonly ternary: boolean;
  readonly size: number;
  readonly pin: number | undefined;
  readonly guarded: boolean;
}

const tableSpec = fc.record({
  key: fc.integer({ min: 0, max: 3 }),
  writes: fc.integer({ min: 0, max: 3 }),
  reads: fc.integer({ min: 0, max: 3 }),
  ternary: fc.boolean(),
  size: fc.constantFrom(16, 1024, 6000),
  // Pins are rare and late (a pin earlier than a table's dependencies allow is an error): most
  // generated programs must fit, or the property below would rarely be checked.
  pin: fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 15 },
    { arbitrary: fc.integer({ min: 6, max: 11 }), weight: 1 },
  ),
  guarded: fc.boolean(),
});

function program(tables: readonly TableSpec[]): string {
  const locals: string[] = [];
  const apply: string[] = [];
  tables.forEach((t, i) => {
    const pin = t.pin === undefined ? '' : `@stage(${t.pin}) `;
    locals.push(`    action a${i}() { ${FIELDS[t.writes]} = ${FIELDS[t.reads]} + ${i}; }`);
    locals.push(
      `    ${pin}table t${i} { key = { ${FIELDS[t.key]} : ${t.ternary ? 'ternary' : 'exact'}; } actions = { a${i}; } size = ${t.size}; }`,
    );
    apply.push(t.guarded ? `        if (${FIELDS[t.key]} == ${i}) { t${i}.apply(); }` : `        t${i}.apply();`);
  });
  return tna(locals.join('\n'), apply.join('\n'));
}

describe('stage allocation (property)', () => {
  it('a program that fits honours every dependency and every per-stage limit; one that does not has an error', (t) => {
    let runs = 0;
    let fitting = 0;
    fc.assert(
      fc.property(fc.array(tableSpec, { minLength: 1, maxLength: 10 }), (tables) => {
        runs++;
        const run = runTofino(program(tables));
        const errors = run.found.filter((d) => d.severity === 'error');
        assert.equal(run.map.fits, errors.length === 0, run.rendered);
        if (!run.map.fits) return;
        fitting++;
        const pipe = run.map.pipes[0];
        assert.ok(pipe !== undefined);
        const byName = new Map(pipe.units.map((u) => [u.name, u]));
        const sharedWrites = run.found.some((d) => d.code === 4007);
        for (const u of pipe.units) {
          assert.ok(u.lastStage < run.map.stageCount);
          // bf-p4c takes @stage as the earliest stage (warning 4002 when dependencies need later).
          if (u.pinned !== undefined) assert.ok(u.stage >= u.pinned);
          for (const d of u.dependsOn) {
            const from = byName.get(d.name);
            assert.ok(from !== undefined);
            // With warning 4007 the allocator let write-after-write orderings share a stage.
            const sameStage =
              d.kind === 'reverse-read' || d.kind === 'control' || (d.kind === 'output' && sharedWrites);
            const gap = sameStage ? 0 : 1;
            assert.ok(
              u.stage >= from.lastStage + gap,
              `${u.name} (${u.stage}) after ${d.name} (${from.lastStage}): ${d.kind}`,
            );
          }
        }
        for (const s of pipe.stages) {
          for (const [k, v] of Object.entries(s.used)) {
            assert.ok(v <= run.map.limits[k as keyof typeof run.map.limits], `stage ${s.stage} ${k}`);
          }
        }
      }),
      { numRuns: 40 },
    );
    t.diagnostic(`${fitting} of ${runs} generated programs fit and had their dependencies and limits checked`);
    assert.ok(fitting * 2 > runs, `only ${fitting} of ${runs} generated programs fit`);
  });
});
