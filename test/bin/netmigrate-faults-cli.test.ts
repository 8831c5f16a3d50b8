// The fault and migration-control commands of the shipped dist/bin/netmigrate.js as users type
// them: bad --fault values are usage errors (exit 2, before anything starts), migrate/status/
// cancel against an address where no cluster listens exit 3 naming it, and the help lists them.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NETMIGRATE, runCli } from './helpers.js';

describe('netmigrate --fault and migration control on the command line', () => {
  test('a malformed or impossible --fault is a usage error naming it', async () => {
    for (const [fault, says] of [
      ['reboot@2', /unknown kind reboot/],
      ['switch@soon', /expected KIND@SECONDS/],
      ['client@2,id=5', /there are only 2 clients/],
      ['cancel@40', /not within the 30 s run/],
    ] as const) {
      const r = await runCli(NETMIGRATE, ['run', '--fault', fault]);
      assert.equal(r.code, 2, `${fault}: ${r.stderr}`);
      assert.match(r.stderr, says);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  });

  test('migrate, status and cancel without a cluster exit 3 naming the address; --cluster is required', async () => {
    for (const cmd of ['migrate', 'status', 'cancel']) {
      const r = await runCli(NETMIGRATE, [cmd, '--cluster', '127.0.0.1:1']);
      assert.equal(r.code, 3, r.stderr);
      assert.match(r.stderr, /127\.0\.0\.1:1: connect ECONNREFUSED/);
    }
    const missing = await runCli(NETMIGRATE, ['status']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Missing required argument: cluster/);
  });

  test('the help lists cluster, migrate, status, cancel and soak', async () => {
    const r = await runCli(NETMIGRATE, ['--help']);
    assert.equal(r.code, 0);
    for (const c of ['cluster', 'migrate', 'status', 'cancel', 'soak'])
      assert.match(r.stdout, new RegExp(`netmigrate ${c} `));
  });

  test('netmigrate cluster refuses a control address beyond loopback before starting anything', async () => {
    const r = await runCli(NETMIGRATE, ['cluster', '--control', '0.0.0.0:7000']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--control 0\.0\.0\.0:7000: expected a loopback HOST:PORT/);
  });

  test('soak refuses a negative time', async () => {
    const r = await runCli(NETMIGRATE, ['soak', '--minutes', '-1']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--minutes must be >= 0/);
  });
});
