// PSA idle timeout in generated code (test/compiler/codegen/p4/psa-idle-timeout.p4):
// `psa_idle_timeout = PSA_IdleTimeout_t.NOTIFY_CONTROL` gives the table's entries a TTL, a hit
// marks its entry, and the idle sweep reports the entries idle for their TTL on the digest
// stream; NO_TIMEOUT, like no property, leaves the table without one (docs/psa.md).

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { IDLE_TIMEOUT_DIGEST, sweepIdleTables } from '../../../runtime/arch/idle-sweep.js';
import { buildPipelineState } from '../../../runtime/arch/pipeline-state.js';
import { PsaEngine } from '../../../runtime/arch/psa.js';
import { type ControlTarget, callMethod } from '../../../runtime/control/methods.js';
import { loadPipeline } from '../../../runtime/switch.js';
import { TrafficManager } from '../../../runtime/traffic-manager.js';
import { bytesOf, cleanup, compile, ROOT } from './helpers.js';

const PROGRAM = `${ROOT}/test/compiler/codegen/p4/psa-idle-timeout.p4`;

after(cleanup);

async function psaRig() {
  const c = compile(PROGRAM);
  if (c.result?.pipeline === undefined) throw new Error(`compile failed:\n${c.messages}`);
  const m = await loadPipeline(c.outDir);
  if (!m.ok) throw new Error(m.message);
  assert.equal(m.value.arch, 'psa');
  const s = buildPipelineState(m.value.p4info);
  if (!s.ok) throw new Error(s.message);
  const tm = new TrafficManager({ frontPanel: new Set([1, 2, 3, 4]), recirculation: new Set(), cpu: 64 });
  const out: number[] = [];
  const engine = new PsaEngine({
    module: m.value as never,
    state: s.value,
    tm,
    output: (port) => out.push(port),
    clockNs: () => 1000,
  });
  const target = { state: s.value, tm } as unknown as ControlTarget;
  return { engine, state: s.value, out, target };
}

describe('PSA idle timeout compiled', () => {
  test('NOTIFY_CONTROL: an entry not hit for its TTL is reported; a hit restarts it', async () => {
    const r = await psaRig();
    const byName = new Map(r.state.p4info.tables.map((t) => [t.name, t]));
    assert.equal(byName.get('Ig.fwd')?.idleTimeout, true);
    assert.notEqual(byName.get('Ig.quiet')?.idleTimeout, true);
    assert.notEqual(byName.get('Ig.plain')?.idleTimeout, true);
    const add = (match: number, port: number) => {
      const x = callMethod(r.target, 'table.add', {
        table: 'fwd',
        match: [match],
        action: 'set_port',
        params: { port },
        ttl: 100,
      });
      if (!x.ok) throw new Error(x.message);
      return (x.value as { handle: number }).handle;
    };
    const a = add(5, 2);
    const b = add(6, 3);
    const sweep = (ms: number) =>
      sweepIdleTables(r.state, ms).map((m) => {
        assert.equal(m.digest, IDLE_TIMEOUT_DIGEST);
        assert.equal(m.table, 'Ig.fwd');
        return m.values[0] as number;
      });
    r.engine.receive(1, Uint8Array.from([...bytesOf(5n, 6), ...bytesOf(1n, 6), 0x88, 0xb5]));
    assert.deepEqual(r.out, [2]);
    assert.deepEqual(sweep(60), []);
    r.engine.receive(1, Uint8Array.from([...bytesOf(5n, 6), ...bytesOf(1n, 6), 0x88, 0xb5]));
    assert.deepEqual(sweep(60), [b], 'b was never hit: idle 120 ms');
    assert.deepEqual(sweep(60), [], 'a: hit just before the last sweep, idle 60 ms');
    assert.deepEqual(sweep(60), [a], 'a: idle 120 ms since its last hit');
  });

  test('NO_TIMEOUT and no property: entries take no TTL', async () => {
    const r = await psaRig();
    for (const table of ['quiet', 'plain']) {
      const x = callMethod(r.target, 'table.add', { table, match: [1], action: 'mark', params: { t: 1 }, ttl: 100 });
      assert.equal(x.ok, false, table);
    }
  });
});
