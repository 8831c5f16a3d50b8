// Several programs on one device (docs/multi-pipe.md): placements checked, a program's p4info
// re-pointed at its pipes, pipe lists parsed, and control requests routed by `program` with a
// refused request changing nothing. Packets crossing programs are tested with compiled
// programs in test/packet-test/stf/multi-program.test.ts and test/bin/p4ts-switch-programs.test.ts.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { checkPlacements, parsePipeList, placeProgram } from '../../../runtime/arch/device-programs.js';
import { buildPipelineState, type PipelineState } from '../../../runtime/arch/pipeline-state.js';
import { type ControlTarget, callMethod } from '../../../runtime/control/methods.js';
import type { P4Info } from '../../../runtime/p4info.js';
import { TrafficManager } from '../../../runtime/traffic-manager.js';
import { ENGINE_FIXTURE_P4INFO } from '../fixtures/engine-fixture-p4info.js';

const place = (name: string, hwPipes: number[], pipelines = 1) => ({ name, hwPipes, pipelines });

describe('device program placement', () => {
  test('disjoint pipes covering the device are accepted', () => {
    assert.ok(checkPlacements([place('a', [0, 2]), place('b', [1, 3])]).ok);
    assert.ok(checkPlacements([place('only', [0, 1, 2, 3], 4)]).ok);
  });

  test('overlaps, gaps, bad pipes, bad names and too many Pipelines are refused, naming why', () => {
    for (const [ps, why] of [
      [[], /no program/],
      [[place('a', [0, 1]), place('b', [1, 2, 3])], /pipe 1 is given to both a and b/],
      [[place('a', [0, 2]), place('b', [1])], /pipe 3 served by no program/],
      [[place('a', [0, 1, 2, 4])], /pipe 4 is not in 0..3/],
      [[place('a', [0, 1]), place('a', [2, 3])], /two programs are named a/],
      [[place('1a', [0, 1, 2, 3])], /not an identifier/],
      [[place('a', [0]), place('b', [1, 2, 3], 4)], /b has 4 Pipelines but serves 3 pipes/],
      [[place('a', []), place('b', [0, 1, 2, 3])], /a serves no pipe/],
    ] as const) {
      const r = checkPlacements(ps);
      assert.ok(!r.ok && why.test(r.message), `${JSON.stringify(ps)}: ${r.ok ? 'accepted' : r.message}`);
    }
  });

  test('a one-Pipeline program serves all its pipes; n Pipelines share them round-robin', () => {
    const one = placeProgram(ENGINE_FIXTURE_P4INFO, [3, 1]);
    assert.deepEqual(
      one.pipes?.map((p) => p.hwPipes),
      [[1, 3]],
    );
    const two: P4Info = {
      ...ENGINE_FIXTURE_P4INFO,
      pipes: [
        { name: 'x', hwPipes: [0, 2] },
        { name: 'y', hwPipes: [1, 3] },
      ],
    };
    assert.deepEqual(
      placeProgram(two, [0, 1, 3]).pipes?.map((p) => [p.name, p.hwPipes]),
      [
        ['x', [0, 3]],
        ['y', [1]],
      ],
    );
  });

  test('pipe lists: spaces, commas, + and ranges; anything else is refused', () => {
    assert.deepEqual(parsePipeList('0 2'), [0, 2]);
    assert.deepEqual(parsePipeList('0,2'), [0, 2]);
    assert.deepEqual(parsePipeList('1+3'), [1, 3]);
    assert.deepEqual(parsePipeList('0-3'), [0, 1, 2, 3]);
    for (const bad of ['', 'x', '3-1', '1..2', '-1']) assert.equal(parsePipeList(bad), undefined, bad);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1 }), (ps) => {
        assert.deepEqual(parsePipeList(ps.join('+')), ps);
      }),
    );
  });
});

describe('control requests on a device of two programs', () => {
  const state = (name: string, hwPipes: number[]): PipelineState => {
    const s = buildPipelineState(placeProgram({ ...ENGINE_FIXTURE_P4INFO, program: name }, hwPipes));
    assert.ok(s.ok);
    return s.value;
  };
  const device = () => {
    const a = state('a', [0, 2]);
    const b = state('b', [1, 3]);
    const tm = new TrafficManager({ frontPanel: new Set([1, 129]), recirculation: new Set([68]), cpu: 64 });
    const t: ControlTarget = {
      state: a,
      programs: new Map([
        ['a', a],
        ['b', b],
      ]),
      tm,
      stats: () => ({}),
      info: () => ({ arch: 'tna' }),
      onDigest: () => () => false,
      impairments: undefined as never,
      portNumbers: [1, 129],
    };
    return { t, a, b };
  };
  const table = ENGINE_FIXTURE_P4INFO.tables[0]?.name as string;
  const register = ENGINE_FIXTURE_P4INFO.registers[0]?.name as string;

  test('a program object request must name a program the device runs; refused ones change nothing', () => {
    const { t } = device();
    for (const program of [undefined, 'c', 3, '']) {
      const r = callMethod(t, 'register.write', {
        register,
        index: 0,
        value: 7,
        ...(program === undefined ? {} : { program }),
      });
      assert.equal(r.ok ? 'ok' : r.code, 'INVALID_PROGRAM', String(program));
    }
    const readBoth = () =>
      ['a', 'b'].map((program) => {
        const r = callMethod(t, 'register.read', { register, index: 0, program }) as {
          ok: true;
          value: { values: unknown[] };
        };
        return r.value.values[0];
      });
    assert.deepEqual(readBoth(), [0, 0]);
    assert.ok(callMethod(t, 'register.write', { register, index: 0, value: 7, program: 'b' }).ok);
    assert.deepEqual(readBoth(), [0, 7]);
    assert.equal(callMethod(t, 'table.dump', { table, program: 'a' }).ok, true);
  });

  test('device methods need no program, and one given must exist', () => {
    const { t } = device();
    assert.ok(callMethod(t, 'mirror.add', { session: 3, egressPort: 1 }).ok);
    assert.deepEqual(
      (
        callMethod(t, 'mirror.list', { program: 'b' }) as { ok: true; value: { sessions: { id: number }[] } }
      ).value.sessions.map((s) => s.id),
      [3],
    );
    const r = callMethod(t, 'mirror.list', { program: 'zz' });
    assert.equal(r.ok ? 'ok' : r.code, 'INVALID_PROGRAM');
  });

  test("port metadata of a port goes to the program serving the port's pipe only", () => {
    const { t, a, b } = device();
    const r = callMethod(t, 'portMetadata.set', { port: 129, value: 5, program: 'a' });
    assert.equal(r.ok ? 'ok' : r.code, 'INVALID_PORT');
    assert.match(r.ok ? '' : r.message, /port 129 is in pipe 1, which program b serves, not a/);
    assert.equal(a.portMetadata.get(129), undefined);
    assert.ok(callMethod(t, 'portMetadata.set', { port: 129, value: 5, program: 'b' }).ok);
    assert.notEqual(b.portMetadata.get(129), undefined);
    assert.equal(a.portMetadata.get(129), undefined);
  });

  test('a one-program switch accepts its own name (or none) and refuses others', () => {
    const { a } = device();
    const t: ControlTarget = { ...device().t, state: a, programs: undefined };
    assert.ok(callMethod(t, 'register.read', { register, index: 0 }).ok);
    assert.ok(callMethod(t, 'register.read', { register, index: 0, program: 'a' }).ok);
    const r = callMethod(t, 'register.read', { register, index: 0, program: 'b' });
    assert.equal(r.ok ? 'ok' : r.code, 'INVALID_PROGRAM');
  });
});
