// Idle-timeout notifications through a running switch (in process, loopback control plane):
// an entry with a TTL that no packet hits is reported on the digest stream as $IDLE_TIMEOUT.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { ControlClient, type DigestNotification } from '../../../runtime/control/client.js';
import { type RunningSwitch, startSwitch } from '../../../runtime/switch.js';
import { cleanup, compile, ROOT } from '../../compiler/codegen/helpers.js';

const PROGRAM = `${ROOT}/test/compiler/codegen/p4/idle-timeout.p4`;

let sw: RunningSwitch | undefined;
let client: ControlClient | undefined;

after(async () => {
  await client?.close();
  await sw?.close();
  cleanup();
});

describe('idle timeout in the switch', () => {
  test('the sweep reports an idle entry to digest subscribers with its table and handle', async () => {
    const c = compile(PROGRAM);
    assert.ok(c.result?.pipeline !== undefined, c.messages);
    const r = await startSwitch({ pipeline: c.outDir, ports: { 1: {}, 2: {} }, idleSweepMs: 10 });
    if (!r.ok) throw new Error(r.message);
    sw = r.value;
    const cc = await ControlClient.connect({ port: sw.control?.port ?? 0 });
    if (!cc.ok) throw new Error(cc.message);
    client = cc.value;
    // Subscribed (listener in place) before the entry exists: the report cannot come first.
    let report: (d: DigestNotification) => void = () => {};
    const got = new Promise<DigestNotification>((resolve) => {
      report = resolve;
    });
    const watching = await client.watchDigests((d) => report(d), ['$IDLE_TIMEOUT']);
    assert.ok(watching.ok);
    const added = await client.call<{ handle: number }>('table.add', {
      table: 'fwd',
      match: [5],
      action: 'set_port',
      params: { port: 2 },
      ttl: 30,
    });
    assert.ok(added.ok);
    let guard: NodeJS.Timeout | undefined;
    const hang = new Promise<never>((_, reject) => {
      guard = setTimeout(() => reject(new Error('no idle notification within 10 s')), 10_000);
    });
    const n = await Promise.race([got, hang]);
    clearTimeout(guard);
    assert.deepEqual(n.fields, { table: 'Ig.fwd', handle: added.value.handle });
    assert.equal(n.digest, '$IDLE_TIMEOUT');
  });
});
