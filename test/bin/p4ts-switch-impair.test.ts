// Impairments in a real `p4ts switch` process (docs/faults.md): set on the command line and
// through the control plane, acting on frames in the path between host sockets, counted in
// `ports.stats` and `port.impairments`; bad specs and bad requests refused with nothing changed.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ControlClient } from '../../runtime/control/client.js';
import { fixtureBuild, guarded, Host, mac, p4ts, type SwitchProcess, startSwitch } from './helpers.js';

const MAC_A = '02:00:00:00:00:aa';
const MAC_B = '02:00:00:00:00:bb';

const frame = (n: number) => Buffer.from([...mac(MAC_B), ...mac(MAC_A), 0x88, 0xb5, n]);

interface Stats {
  ports: Record<
    string,
    { framesIn: number; impairment?: { in?: Record<string, number>; out?: Record<string, number> } }
  >;
}

describe('p4ts switch --impair and port.impair', () => {
  let build: string;
  let remove = () => {};
  before(() => {
    ({ dir: build, remove } = fixtureBuild('p4ts-impair-'));
  });
  after(() => remove());

  async function withSwitch(
    extra: string[],
    body: (sw: SwitchProcess, hosts: Host[], client: ControlClient) => Promise<void>,
  ): Promise<void> {
    const hosts = await Promise.all([Host.open(), Host.open()]);
    const sw = await startSwitch(build, hosts, extra);
    const c = await ControlClient.connect({ port: Number(sw.control.split(':')[1]) });
    assert.ok(c.ok, c.ok ? '' : c.message);
    try {
      const add = await c.value.tableAdd('forward', [MAC_B], 'set_port', { port: 2 });
      assert.ok(add.ok, add.ok ? '' : add.message);
      await body(sw, hosts, c.value);
    } finally {
      await c.value.close();
      await sw.stop();
      for (const h of hosts) h.close();
    }
  }

  test('--impair 1:dup=1 delivers every frame from host 1 twice and counts the copies', async () => {
    await withSwitch(['--impair', '1:dup=1,dir=in'], async (sw, hosts, client) => {
      sw.send(hosts, 0, frame(7));
      const b = hosts[1] as Host;
      assert.deepEqual(await b.frame(0), frame(7));
      assert.deepEqual(await b.frame(1), frame(7));
      const stats = await client.call<Stats>('ports.stats');
      assert.ok(stats.ok);
      assert.equal(stats.value.ports['1']?.impairment?.in?.duplicated, 1);
      assert.equal(stats.value.ports['1']?.impairment?.in?.delivered, 2);
      assert.equal(stats.value.ports['2']?.impairment, undefined);
    });
  });

  test('port.impair drops every frame to host 2 until cleared; the log keeps what it did', async () => {
    await withSwitch([], async (sw, hosts, client) => {
      const set = await client.call('port.impair', { port: 2, spec: 'drop=1,dir=out,seed=5' });
      assert.ok(set.ok, set.ok ? '' : set.message);
      for (let i = 0; i < 5; i++) sw.send(hosts, 0, frame(i));
      // The drops happen as the frames leave: wait until the switch has seen all five.
      let stopped = false;
      await guarded(
        'five drops on port 2',
        (async () => {
          while (!stopped) {
            const s = await client.call<Stats>('ports.stats');
            assert.ok(s.ok);
            if ((s.value.ports['2']?.impairment?.out?.dropped ?? 0) >= 5) return;
            await sleep(5);
          }
        })(),
      ).finally(() => {
        stopped = true;
      });
      const clear = await client.call('port.impair', { port: [2], clear: true, dir: 'out' });
      assert.ok(clear.ok, clear.ok ? '' : clear.message);
      sw.send(hosts, 0, frame(99));
      const b = hosts[1] as Host;
      assert.deepEqual(await b.frame(0), frame(99), 'the first frame through is the one after the clear');
      const log = await client.call<{
        active: unknown[];
        log: { port: number; spec: string; seed: number; clearedAtMs?: number; counters: Record<string, number> }[];
      }>('port.impairments');
      assert.ok(log.ok);
      assert.equal(log.value.active.length, 0);
      assert.equal(log.value.log.length, 1);
      const r = log.value.log[0];
      assert.equal(r?.port, 2);
      assert.equal(r?.spec, 'drop=1');
      assert.equal(r?.seed, 5);
      assert.ok(r?.clearedAtMs !== undefined);
      assert.equal(r?.counters.seen, 5);
      assert.equal(r?.counters.dropped, 5);
    });
  });

  test('bad port.impair requests are refused with a code and change nothing', async () => {
    await withSwitch(['--impair', 'all:delay=1ms'], async (_sw, _hosts, client) => {
      const before = await client.call('port.impairments');
      for (const [params, code] of [
        [{ port: 2, spec: 'drop=2' }, 'BAD_IMPAIRMENT'],
        [{ port: 2, spec: 'loss=0.1' }, 'BAD_IMPAIRMENT'],
        [{ port: 2, spec: 'dir=in' }, 'BAD_IMPAIRMENT'],
        [{ port: 7, spec: 'drop=0.1' }, 'INVALID_PORT'],
        [{ port: [1, 7], spec: 'drop=0.1' }, 'INVALID_PORT'],
        [{ port: 2 }, 'INVALID_PARAMS'],
        [{ port: 2, clear: true, dir: 'up' }, 'INVALID_PARAMS'],
        [{ port: 2, clear: true, spec: 'drop=1' }, 'INVALID_PARAMS'],
      ] as const) {
        const r = await client.call('port.impair', params);
        assert.equal(r.ok, false, JSON.stringify(params));
        assert.equal(r.ok ? '' : r.code, code, JSON.stringify(params));
      }
      assert.deepEqual(await client.call('port.impairments'), before);
    });
  });

  test('a bad --impair is a usage error (exit 2) naming the problem', async () => {
    for (const [spec, why] of [
      ['1:drop=lots', /probability/],
      ['9:drop=0.1', /9 is not a --port/],
      ['drop=0.1', /TARGETS/],
    ] as const) {
      const r = await p4ts('switch', build, '--port', '1=127.0.0.1:0,peer=127.0.0.1:9', '--impair', spec);
      assert.equal(r.code, 2, spec);
      assert.match(r.stderr, why, spec);
    }
  });
});
