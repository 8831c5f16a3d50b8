// The histories' clock (client/history.ts): one clock for every process of the machine, so the
// checker can order two clients' operations by time. A child process's reading, taken while
// the parent waits, falls between the parent's readings before and after.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { wallClockMs } from '../../client/history.js';
import { ROOT } from '../bin/helpers.js';

const run = promisify(execFile);
const HISTORY = join(ROOT, 'dist', 'client', 'history.js');

test('a child process reads the machine-wide clock between the parent’s readings', async () => {
  for (let i = 0; i < 3; i++) {
    const before = wallClockMs();
    const { stdout } = await run(process.execPath, [
      '--input-type=module',
      '-e',
      `import { wallClockMs } from ${JSON.stringify(`file://${HISTORY}`)}; console.log(wallClockMs());`,
    ]);
    const after = wallClockMs();
    const child = Number(stdout.trim());
    // Each process estimates its offset to the shared clock from back-to-back readings: a few
    // microseconds of slack, never the milliseconds a late-sampled wall clock can be off by.
    assert.ok(child >= before - 0.05 && child <= after + 0.05, `${before} ≤ ${child} ≤ ${after}`);
  }
});
