// Lpf and Wred in generated code (test/compiler/codegen/p4/lpf-wred.p4), on a pass clock the
// test moves: the rules are in runtime/externs/lpf-wred.ts and docs/control-plane.md.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { buildPipelineState } from '../../../runtime/arch/pipeline-state.js';
import { TnaEngine } from '../../../runtime/arch/tna.js';
import { type ControlTarget, callMethod } from '../../../runtime/control/methods.js';
import { Lpf, Wred } from '../../../runtime/externs/lpf-wred.js';
import { loadPipeline } from '../../../runtime/switch.js';
import { TrafficManager } from '../../../runtime/traffic-manager.js';
import { bytesOf, cleanup, compile, ROOT } from './helpers.js';

const PROGRAM = `${ROOT}/test/compiler/codegen/p4/lpf-wred.p4`;

after(cleanup);

async function rigWithClock() {
  const c = compile(PROGRAM);
  if (c.result?.pipeline === undefined) throw new Error(c.messages);
  const m = await loadPipeline(c.outDir);
  if (!m.ok) throw new Error(m.message);
  if (m.value.arch !== 'tna') throw new Error('not a TNA pipeline');
  const s = buildPipelineState(m.value.p4info);
  if (!s.ok) throw new Error(s.message);
  const tm = new TrafficManager({ frontPanel: new Set([1, 2]), recirculation: new Set([68]), cpu: 64 });
  const clock = { ns: 1_000_000 };
  const out: Uint8Array[] = [];
  const engine = new TnaEngine({
    module: m.value,
    state: s.value,
    tm,
    output: (_p, f) => out.push(f.slice()),
    clockNs: () => clock.ns,
  });
  const send = (value: number, index: number) => {
    engine.receive(
      1,
      Uint8Array.from([...bytesOf(2n, 6), ...bytesOf(1n, 6), 0x88, 0xb5, value >> 8, value & 0xff, index]),
    );
    const f = out.at(-1) as Uint8Array;
    return {
      filtered: ((f[17] as number) << 8) | (f[18] as number),
      verdict: f[19] as number,
      direct: ((f[20] as number) << 8) | (f[21] as number),
    };
  };
  const call = (method: string, params: Record<string, unknown>) =>
    callMethod({ state: s.value, tm } as unknown as ControlTarget, method, params);
  return { clock, send, call, state: s.value };
}

describe('Lpf compiled', () => {
  test('an index never configured passes the value through', async () => {
    const r = await rigWithClock();
    assert.deepEqual([r.send(500, 3).filtered, r.send(7, 3).filtered], [500, 7]);
  });

  test('SAMPLE mode follows rises with the gain and falls with the decay time constant', async () => {
    const r = await rigWithClock();
    assert.ok(r.call('lpf.configure', { lpf: 'lpf', index: 0, mode: 'SAMPLE', gainNs: 1000, decayNs: 4000 }).ok);
    assert.equal(r.send(100, 0).filtered, 100, 'the first sample sets the filter');
    r.clock.ns += 1000;
    assert.equal(r.send(200, 0).filtered, Math.floor(100 + 100 * (1 - Math.exp(-1))));
    r.clock.ns += 1000;
    const y1 = 100 + 100 * (1 - Math.exp(-1));
    assert.equal(r.send(0, 0).filtered, Math.floor(y1 * Math.exp(-1000 / 4000)));
  });

  test('RATE mode sums decaying inputs; scaleDown shifts the output', async () => {
    const r = await rigWithClock();
    assert.ok(r.call('lpf.configure', { lpf: 'lpf', index: 1, mode: 'RATE', gainNs: 1000, scaleDown: 1 }).ok);
    assert.equal(r.send(64, 1).filtered, 32);
    r.clock.ns += 1000;
    assert.equal(r.send(64, 1).filtered, Math.floor((64 * Math.exp(-1) + 64) / 2));
    const bad = r.call('lpf.configure', { lpf: 'lpf', index: 1, mode: 'FAST', gainNs: 1 });
    assert.equal(bad.ok ? 'ok' : bad.code, 'BAD_VALUE');
  });
});

describe('DirectLpf compiled', () => {
  test('each entry has its own filter, configured by handle; misses and unconfigured entries pass through', async () => {
    const r = await rigWithClock();
    const add = r.call('table.add', { table: 'by_index', match: [9], action: 'filter', params: {} });
    assert.ok(add.ok);
    const handle = (add.value as { handle: number }).handle;
    assert.equal(r.send(300, 9).direct, 300);
    assert.ok(r.call('lpf.configure', { lpf: 'dlpf', handle, mode: 'SAMPLE', gainNs: 1000, decayNs: 1000 }).ok);
    assert.equal(r.send(100, 9).direct, 100);
    r.clock.ns += 1000;
    assert.equal(r.send(200, 9).direct, Math.floor(100 + 100 * (1 - Math.exp(-1))));
    assert.equal(r.send(200, 8).direct, 200, 'a miss runs the default action on the unconfigured miss cell');
    assert.deepEqual(r.state.p4info.lpfs?.[1], { name: 'Ig.dlpf', size: 5, width: 16, table: 'Ig.by_index' });
    assert.ok(r.call('table.delete', { table: 'by_index', handle }).ok);
    assert.ok(r.call('table.add', { table: 'by_index', match: [9], action: 'filter', params: {} }).ok);
    assert.equal(r.send(50, 9).direct, 50, 'a new entry starts unconfigured');
  });
});

describe('Wred compiled', () => {
  test('below the minimum it keeps, from the maximum it drops, in between it drops some', async () => {
    const r = await rigWithClock();
    assert.equal(r.send(1000, 2).verdict, 0, 'never configured: never drops');
    assert.ok(
      r.call('wred.configure', {
        wred: 'wred',
        index: 2,
        timeConstantNs: 0,
        minThreshold: 10,
        maxThreshold: 20,
        maxProbability: 1,
      }).ok,
    );
    assert.equal(r.send(5, 2).verdict, 0);
    assert.equal(r.send(25, 2).verdict, 1);
    const verdicts = Array.from({ length: 200 }, () => r.send(15, 2).verdict);
    const drops = verdicts.filter((v) => v === 1).length;
    assert.ok(drops > 40 && drops < 160, `about half of 200 dropped at the midpoint, got ${drops}`);
  });

  test('the average moves with the time constant', () => {
    const w = new Wred('w', 1, 1, 0);
    w.configure(0, { timeConstantNs: 1000, minThreshold: 50, maxThreshold: 100, maxProbability: 1 });
    w.execute(0, 0, 0);
    w.execute(100, 0, 1000);
    assert.ok(Math.abs(w.average(0) - 100 * (1 - Math.exp(-1))) < 1e-9);
    assert.equal(new Lpf('l', 1, 8).execute(300, 0, 0), 300, 'an unconfigured Lpf passes its input');
  });
});
