// The controller on a program with no shard-redirect action (the artifact's kv_migration.p4 is
// one): TERMINATE keeps the migration-pair entry and saturates the filters instead (every
// bloom-filter bit 1, every counter 0), so the program's own decision sends the whole shard to
// the destination; a restarted controller resumes that shard as finished and leaves the filters
// alone. Run on p4/netmigrate.p4 (with the artifact's filter sizes) with its profile stripped
// of the redirect action.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  DIGEST_OP_INIT,
  DIGEST_OP_TERMINATE,
  type HostEntry,
  NetMigrateController,
  P4TS_PROFILE,
  type ProgramProfile,
} from '../../../cluster/controller/index.js';
import { ensureNetMigrateBuild } from '../../../cluster/netmigrate-build.js';
import { ControlClient } from '../../../runtime/control/client.js';
import { type RunningSwitch, startSwitch } from '../../../runtime/switch.js';
import { parseIpv4, parseMac } from '../../../wire/addresses.js';

const ip = (s: string) => parseIpv4(s) as number;
const SOURCE: HostEntry = { name: 'source', ip: ip('10.0.0.1'), mac: parseMac('02:00:00:00:00:01') as number, port: 1 };
const DEST: HostEntry = {
  name: 'destination',
  ip: ip('10.0.0.2'),
  mac: parseMac('02:00:00:00:00:02') as number,
  port: 2,
};

/** Our program driven as if it had no redirect action. */
const NO_REDIRECT: ProgramProfile = (() => {
  const { redirect: _dropped, ...pair } = P4TS_PROFILE.migrationPair;
  return { ...P4TS_PROFILE, name: 'no-redirect', migrationPair: pair, afterTerminate: 'saturate-filters' };
})();

const digest = (op: number) => ({
  op,
  source: { ip: SOURCE.ip, dbPort: 6380 },
  destination: { ip: DEST.ip, dbPort: 7380 },
  sizeExp: 10,
  remainExp: 2,
});

describe('controller on a program without a shard redirect', () => {
  let dir: string;
  let sw: RunningSwitch;
  let cp: ControlClient;
  const connect = async () => {
    const c = await ControlClient.connect({ port: sw.control?.port ?? 0 });
    assert.ok(c.ok);
    return c.value;
  };
  const cells = async (register: string, index: number) => {
    const r = await cp.call<{ values: number[] }>('register.read', { register, index });
    assert.ok(r.ok, r.ok ? '' : r.message);
    return r.value.values[0];
  };
  const dump = async (table: string) => {
    const r = await cp.call<{ entries: { action: string }[] }>('table.dump', { table });
    assert.ok(r.ok, r.ok ? '' : r.message);
    return r.value.entries;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nm-saturate-'));
    // With the artifact's filter sizes (BF 2^15 bits, CBF 16 counters), like its program.
    const built = await ensureNetMigrateBuild({
      buildDir: join(dir, 'netmigrate'),
      defines: { NETMIGRATE_ARTIFACT_SIZES: '1' },
    });
    assert.ok(built.ok, built.ok ? '' : built.message);
    const s = await startSwitch({ pipeline: built.value.dir, ports: { 1: {}, 2: {} } });
    assert.ok(s.ok, s.ok ? '' : s.message);
    sw = s.value;
    cp = await connect();
  });
  after(async () => {
    await cp?.close();
    await sw?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('TERMINATE keeps the pair, sets every bloom bit, zeroes every counter and removes the double read', async () => {
    const started = await NetMigrateController.start({
      control: await connect(),
      hosts: [SOURCE, DEST],
      profile: NO_REDIRECT,
      subscribe: false,
    });
    assert.ok(started.ok, started.ok ? '' : started.message);
    const c = started.value;
    assert.ok((await c.handleDigest(digest(DIGEST_OP_INIT))).ok);
    // A group whose START was applied twice: its counter cell stays above 0.
    assert.ok((await cp.call('register.write', { register: 'filter_2.counting_filter', index: 5, value: 1 })).ok);
    const t = await c.handleDigest(digest(DIGEST_OP_TERMINATE));
    assert.ok(t.ok, t.ok ? '' : t.message);
    assert.deepEqual(t.value, {
      kind: 'terminate',
      source: '10.0.0.1:6380',
      destination: '10.0.0.2:7380',
      filtersCleared: false,
      filtersSaturated: true,
      unbalancedCounters: { cells: 1, of: 4 * 16 },
    });
    assert.deepEqual(
      (await dump('NmIngress.migration_pair')).map((e) => e.action),
      ['NmIngress.set_migration_pair'],
    );
    assert.deepEqual(await dump('NmIngress.mirror_fwd'), []);
    for (const i of [1, 2, 3, 4]) {
      assert.equal(await cells(`filter_${i}.bloom_filter`, 0), 1);
      assert.equal(await cells(`filter_${i}.bloom_filter`, 2 ** 15 - 1), 1);
    }
    assert.equal(await cells('filter_2.counting_filter', 5), 0);
    assert.deepEqual(
      c.pairStates().map((p) => [p.phase, p.session]),
      [['finished', undefined]],
    );
    await c.close();
  });

  test('a restarted controller resumes the shard as finished and keeps the saturated filters', async () => {
    const r = await NetMigrateController.start({
      control: await connect(),
      hosts: [SOURCE, DEST],
      profile: NO_REDIRECT,
      subscribe: false,
    });
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.deepEqual(
      r.value.pairStates().map((p) => p.phase),
      ['finished'],
    );
    assert.equal(await cells('filter_3.bloom_filter', 77), 1);
    const again = await r.value.handleDigest(digest(DIGEST_OP_TERMINATE));
    assert.ok(again.ok);
    assert.equal(again.value.kind, 'ignored');
    // The baselines' route switch needs a redirect action this program lacks.
    const redirect = await r.value.installShardRedirect({ ip: SOURCE.ip, dbPort: 6380 }, { ip: DEST.ip, dbPort: 7380 });
    assert.ok(!redirect.ok);
    assert.equal(redirect.code, 'UNSUPPORTED_BY_PROGRAM');
    await r.value.close();
  });
});
