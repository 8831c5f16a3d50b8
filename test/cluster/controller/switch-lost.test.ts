// A controller whose switch dies must not stay up silently: the real controller process,
// attached to a switch running the compiled NetMigrate program, exits with SWITCH_LOST_EXIT
// and names the switch's control plane when that switch closes.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SWITCH_LOST_EXIT } from '../../../cluster/controller/process.js';
import { ensureNetMigrateBuild } from '../../../cluster/netmigrate-build.js';
import { startSwitch } from '../../../runtime/switch.js';
import { guarded, ROOT } from '../../bin/helpers.js';

describe('a controller whose switch dies', { timeout: 180_000 }, () => {
  let dir: string;
  let build: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nm-switch-lost-'));
    build = join(dir, 'build');
    const b = await ensureNetMigrateBuild({ buildDir: build });
    assert.ok(b.ok, b.ok ? '' : b.message);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('exits naming the switch when its control connection closes', async () => {
    const peer = { address: '127.0.0.1', port: 9 };
    const sw = await startSwitch({ pipeline: build, ports: { 1: { peer }, 2: { peer } } });
    assert.ok(sw.ok, sw.ok ? '' : sw.message);
    const control = sw.value.control;
    assert.ok(control !== undefined);
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'dist', 'bin', 'controller.js'),
        '--control',
        `127.0.0.1:${control.port}`,
        '--host',
        'source=10.0.0.1,02:00:00:00:00:01,1',
        '--host',
        'destination=10.0.0.2,02:00:00:00:00:02,2',
        '--log-level',
        'silent',
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await guarded(
        'the controller ready line',
        new Promise<void>((resolve, reject) => {
          const check = () => {
            if (stdout.includes('"event":"ready"')) resolve();
          };
          child.stdout.on('data', check);
          child.once('exit', () => reject(new Error(`controller exited before ready: ${stderr}`)));
          check();
        }),
      );
      await sw.value.close();
      const code = await guarded('the controller to exit', exited);
      assert.equal(code, SWITCH_LOST_EXIT, stderr);
      assert.match(stderr, new RegExp(`lost the switch: its control plane at 127\\.0\\.0\\.1:${control.port}`));
    } finally {
      child.kill('SIGKILL');
      await sw.value.close();
    }
  });
});
