// Idle timeout in generated code (test/compiler/codegen/p4/idle-timeout.p4): a hit marks its
// entry; the periodic sweep (driven by hand here) restarts the idle time of entries hit since
// the last sweep and reports, once per idle period, the entries idle for their TTL.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { IDLE_TIMEOUT_DIGEST, sweepIdleTables } from '../../../runtime/arch/idle-sweep.js';
import { type ControlTarget, callMethod } from '../../../runtime/control/methods.js';
import { bytesOf, cleanup, type Rig, ROOT, rig } from './helpers.js';

const PROGRAM = `${ROOT}/test/compiler/codegen/p4/idle-timeout.p4`;

after(cleanup);

function send(r: Rig, dst: number): void {
  r.engine.receive(1, Uint8Array.from([...bytesOf(BigInt(dst), 6), ...bytesOf(1n, 6), 0x88, 0xb5]));
}

function call(r: Rig, method: string, params: Record<string, unknown>) {
  const x = callMethod({ state: r.state, tm: r.tm } as unknown as ControlTarget, method, params);
  if (!x.ok) throw new Error(`${method}: ${x.code} ${x.message}`);
  return x.value as Record<string, unknown>;
}

/** Handles reported idle by one sweep of `ms`. */
function sweep(r: Rig, ms: number): number[] {
  return sweepIdleTables(r.state, ms).map((m) => {
    assert.equal(m.digest, IDLE_TIMEOUT_DIGEST);
    assert.equal(m.table, 'Ig.fwd');
    return m.values[0] as number;
  });
}

describe('idle timeout compiled', () => {
  test('an entry not hit for its TTL is reported once; a hit restarts it; TTL 0 never ages', async () => {
    const r = await rig(PROGRAM);
    assert.equal(r.state.p4info.tables[0]?.idleTimeout, true);
    const a = call(r, 'table.add', { table: 'fwd', match: [5], action: 'set_port', params: { port: 2 }, ttl: 100 });
    const b = call(r, 'table.add', { table: 'fwd', match: [6], action: 'set_port', params: { port: 3 }, ttl: 100 });
    call(r, 'table.add', { table: 'fwd', match: [7], action: 'set_port', params: { port: 4 } });
    send(r, 5);
    assert.deepEqual(sweep(r, 60), [], 'a hit entry restarts; b is idle 60 ms');
    send(r, 5);
    assert.deepEqual(sweep(r, 60), [b.handle]);
    assert.deepEqual(sweep(r, 60), [], 'reported once per idle period');
    assert.deepEqual(sweep(r, 60), [a.handle], 'a: idle 120 ms since its last hit');
    send(r, 6);
    assert.deepEqual(sweep(r, 60), [], 'a hit re-arms b');
    assert.deepEqual(sweep(r, 60), []);
    assert.deepEqual(sweep(r, 60), [b.handle]);
    const dump = call(r, 'table.dump', { table: 'fwd' }) as { entries: { ttl: number; idleMs: number }[] };
    assert.deepEqual(
      dump.entries.map((e) => e.ttl),
      [100, 100, 0],
    );
  });

  test('table.setTtl changes the TTL and restarts the idle time; tables without idle_timeout take no TTL', async () => {
    const r = await rig(PROGRAM);
    const a = call(r, 'table.add', { table: 'fwd', match: [5], action: 'set_port', params: { port: 2 }, ttl: 1000 });
    assert.deepEqual(sweep(r, 500), []);
    call(r, 'table.setTtl', { table: 'fwd', handle: a.handle, ttl: 200 });
    assert.deepEqual(sweep(r, 150), []);
    assert.deepEqual(sweep(r, 50), [a.handle]);
    const bad = callMethod({ state: r.state, tm: r.tm } as unknown as ControlTarget, 'table.add', {
      table: 'fwd',
      match: [9],
      action: 'drop',
      ttl: -1,
    });
    assert.equal(bad.ok ? 'ok' : bad.code, 'BAD_ACTION_PARAMS');
  });
});
