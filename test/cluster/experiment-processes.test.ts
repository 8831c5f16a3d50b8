// What the switch program's profile changes in the processes' command lines
// (cluster/experiment-processes.ts): the controller gets the profile, the servers answer the
// multi-key walk only on a program that walks, and a source in front of a switch that applies
// a repeated group transition twice waits longer before resending one.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_CONFIG } from '../../cluster/experiment-config.js';
import {
  clientSpec,
  controllerSpec,
  destinationSpec,
  loaderSpec,
  RESEND_AFTER_MS_WITHOUT_DEDUP,
  sourceSpec,
  switchSpec,
} from '../../cluster/experiment-processes.js';
import { planTopology } from '../../cluster/topology.js';

const after = (args: readonly string[], flag: string) => {
  const i = args.indexOf(flag);
  return i < 0 ? undefined : args[i + 1];
};

describe('process command lines per switch program', () => {
  test("p4/netmigrate.p4's profile: walk answered per key, the default resend timer", async () => {
    const t = await planTopology(1);
    const c = { ...DEFAULT_CONFIG, profile: 'p4ts' };
    const source = sourceSpec(t, '127.0.0.1:9', c).args;
    assert.ok(source.includes('--multi-key-walk'));
    assert.equal(source.includes('--resend-after-ms'), false);
    assert.equal(after(controllerSpec('127.0.0.1:9', t, c).args, '--profile'), 'p4ts');
  });

  test("the artifact's profile: no walk, a longer first resend wait, the controller told which profile", async () => {
    const t = await planTopology(1);
    const c = { ...DEFAULT_CONFIG, profile: 'artifact' };
    const source = sourceSpec(t, '127.0.0.1:9', c).args;
    assert.equal(source.includes('--multi-key-walk'), false);
    assert.equal(after(source, '--resend-after-ms'), String(RESEND_AFTER_MS_WITHOUT_DEDUP));
    assert.equal(after(controllerSpec('127.0.0.1:9', t, c).args, '--profile'), 'artifact');
  });
});

describe('framing on every link', () => {
  for (const framing of ['single', 'batched'] as const)
    test(`--framing ${framing}: every switch port and every host NIC use it`, async () => {
      const t = await planTopology(2);
      const c = { ...DEFAULT_CONFIG, framing };
      const ports = switchSpec('build', t, c).args.filter((_, i, a) => a[i - 1] === '--port');
      assert.equal(ports.length, 6); // source, destination, auditor, 2 clients, loader
      for (const p of ports) assert.ok(p.endsWith(`,${framing}`), p);
      const hosts = [
        sourceSpec(t, '127.0.0.1:9', c),
        destinationSpec(t, '127.0.0.1:9', c),
        loaderSpec(t, '127.0.0.1:9', c, 'h.json'),
        clientSpec(0, t, '127.0.0.1:9', c, 'h0.json'),
      ];
      for (const h of hosts) assert.equal(after(h.args, '--framing'), framing, h.name);
    });

  test("the default is 'batched'", () => {
    assert.equal(DEFAULT_CONFIG.framing, 'batched');
  });
});
