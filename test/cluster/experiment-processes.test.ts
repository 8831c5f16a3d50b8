// What the switch program's profile changes in the processes' command lines
// (cluster/experiment-processes.ts): the controller gets the profile, the servers answer the
// multi-key walk only on a program that walks, and a source in front of a switch that applies
// a repeated group transition twice waits longer before resending one.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_CONFIG } from '../../cluster/experiment-config.js';
import { controllerSpec, RESEND_AFTER_MS_WITHOUT_DEDUP, sourceSpec } from '../../cluster/experiment-processes.js';
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
