// The fault injector's pure parts: what a restarted controller is told it missed (from the
// source's events and what the switch holds), and the switch's command line on restart.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChildMailbox, Message } from '../../../cluster/child-mailbox.js';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../../../cluster/experiment-config.js';
import { FaultInjector, restartedSwitchSpec } from '../../../cluster/faults/fault-injector.js';
import { type LiveCluster, type MigrationView, newLiveCluster } from '../../../cluster/faults/live-cluster.js';
import { ProcessGroup } from '../../../cluster/process-group.js';
import { allHosts, planTopology, type Topology } from '../../../cluster/topology.js';

/** A controller stand-in that records the commands it is sent. */
function recorder(): { mailbox: ChildMailbox; sent: Message[] } {
  const sent: Message[] = [];
  const mailbox = { name: 'controller', send: (m: Message) => sent.push(m) > 0 } as unknown as ChildMailbox;
  return { mailbox, sent };
}

async function cluster(
  view: Partial<MigrationView>,
  config: Partial<ExperimentConfig> = {},
): Promise<{ l: LiveCluster; sent: Message[]; t: Topology }> {
  const t = await planTopology(1);
  const { mailbox, sent } = recorder();
  const none = undefined as unknown as ChildMailbox;
  const l = newLiveCluster({
    group: new ProcessGroup({ handleSignals: false }),
    config: { ...DEFAULT_CONFIG, ...config },
    topology: t,
    buildDir: '/build',
    switchPorts: Object.fromEntries(allHosts(t).map((h, i) => [String(h.port), `127.0.0.1:${40000 + i}`])),
    controlAddress: '127.0.0.1:39999',
    switch: none,
    controller: mailbox,
    source: none,
    destination: none,
    start: () => Promise.reject(new Error('not in this test')),
    adoptController: () => {},
    restartClient: () => Promise.reject(new Error('not in this test')),
    log: () => {},
  });
  Object.assign(l.migration, view);
  return { l, sent, t };
}

const replay = async (
  view: Partial<MigrationView>,
  phase: string | undefined,
  config: Partial<ExperimentConfig> = {},
) => {
  const { l, sent } = await cluster(view, config);
  const did: string[] = [];
  await new FaultInjector(l, []).reconcile(phase, (a) => did.push(a));
  return { sent, did };
};

describe('a restarted controller is told what it missed', () => {
  const split = { sizeExp: 11, remainExp: 7 };

  test('INIT when a migration runs and the switch has no pair', async () => {
    const { sent, did } = await replay({ state: 'running', ...split }, undefined);
    assert.deepEqual(
      sent.map((m) => [m.cmd, m.op, m.sizeExp, m.remainExp]),
      [['digest', 0x10, 11, 7]],
    );
    assert.match(did[0] ?? '', /replayed INIT/);
  });

  test('nothing when the pair is installed and the migration still runs', async () => {
    const { sent } = await replay({ state: 'running', ...split }, 'migrating');
    assert.deepEqual(sent, []);
  });

  test('TERMINATE when the migration finished and the pair still migrates; INIT first when there is no pair', async () => {
    const a = await replay({ state: 'finished', ...split }, 'migrating');
    assert.deepEqual(
      a.sent.map((m) => m.op),
      [0x14],
    );
    const b = await replay({ state: 'finished', ...split }, undefined);
    assert.deepEqual(
      b.sent.map((m) => m.op),
      [0x10, 0x14],
    );
  });

  test('nothing when the switch already redirects, or when the migration was cancelled', async () => {
    assert.deepEqual((await replay({ state: 'finished', ...split }, 'redirected')).sent, []);
    assert.deepEqual((await replay({ state: 'cancelled', ...split }, undefined)).sent, []);
  });

  test("a baseline's route switch is sent again when the switch does not redirect yet", async () => {
    const a = await replay({ state: 'running', routeSwitched: true }, undefined, { protocol: 'rocksteady' });
    assert.deepEqual(
      a.sent.map((m) => m.cmd),
      ['redirect'],
    );
    const b = await replay({ state: 'running', routeSwitched: true }, 'redirected', { protocol: 'rocksteady' });
    assert.deepEqual(b.sent, []);
  });
});

describe('the switch restarted after a kill', () => {
  test('binds every port and the control plane to the addresses of its first start', async () => {
    const { l, t } = await cluster({});
    const args = restartedSwitchSpec(l).args;
    for (const h of allHosts(t)) {
      const spec = args.find((a) => a.startsWith(`${h.port}=`));
      assert.equal(spec, `${h.port}=${l.switchPorts[String(h.port)]},peer=127.0.0.1:${h.nicPort},${l.config.framing}`);
    }
    assert.equal(args[args.indexOf('--control') + 1], '127.0.0.1:39999');
    assert.ok(!args.some((a) => a.includes('127.0.0.1:0')), 'no ephemeral port left');
  });
});
