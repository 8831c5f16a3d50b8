// The switch program a run uses (cluster/netmigrate-build.ts): compiled from p4/netmigrate.p4
// when missing, reused while its inputs are unchanged, recompiled when the defines change.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ensureNetMigrateBuild, isBuildFresh } from '../../cluster/netmigrate-build.js';

describe('the NetMigrate switch build', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'nm-build-'));
  const build = join(dir, 'netmigrate');
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a missing build is compiled: pipeline.js and p4info.json of the TNA program netmigrate', async () => {
    const r = await ensureNetMigrateBuild({ buildDir: build });
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.equal(r.value.compiled, true);
    assert.ok(existsSync(join(build, 'pipeline.js')));
    const info = JSON.parse(readFileSync(join(build, 'p4info.json'), 'utf8')) as { program: string; arch: string };
    assert.deepEqual([info.program, info.arch], ['netmigrate', 'tna']);
  });

  test('a build whose inputs did not change is reused', async () => {
    assert.equal(isBuildFresh(build), true);
    const r = await ensureNetMigrateBuild({ buildDir: build });
    assert.ok(r.ok);
    assert.equal(r.value.compiled, false);
  });

  test("other defines (the artifact's filter sizes) make the build stale and recompile it", async () => {
    const defines = { NETMIGRATE_ARTIFACT_SIZES: '1' };
    assert.equal(isBuildFresh(build, defines), false);
    const r = await ensureNetMigrateBuild({ buildDir: build, defines });
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.equal(r.value.compiled, true);
    const info = JSON.parse(readFileSync(join(build, 'p4info.json'), 'utf8')) as {
      registers: { name: string; size: number }[];
    };
    assert.equal(info.registers.find((x) => x.name === 'NmIngress.filter_1.bloom_filter')?.size, 2 ** 15);
  });
});
