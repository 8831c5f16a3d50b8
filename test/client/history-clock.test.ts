// The histories' clock (client/history.ts): one clock for every process of the machine, so the
// checker can order two clients' operations by time. A child process's reading, taken while
// the parent waits, falls between the parent's readings before and after: exactly when the
// child inherits the parent's anchor, within microseconds when it estimates its own.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { CLOCK_ANCHOR_ENV, wallClockMs } from '../../client/history.js';
import { ROOT } from '../bin/helpers.js';

const run = promisify(execFile);
const HISTORY = join(ROOT, 'dist', 'client', 'history.js');

async function childReading(env: NodeJS.ProcessEnv): Promise<number> {
  const { stdout } = await run(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { wallClockMs } from ${JSON.stringify(`file://${HISTORY}`)}; console.log(wallClockMs());`,
    ],
    { env },
  );
  return Number(stdout.trim());
}

test('a child process that inherits the anchor reads the very same clock as its parent', async () => {
  assert.ok(Number.isFinite(Number(process.env[CLOCK_ANCHOR_ENV])), 'the first reader publishes its anchor');
  for (let i = 0; i < 3; i++) {
    const before = wallClockMs();
    const child = await childReading(process.env);
    const after = wallClockMs();
    // One counter, one constant: only the rounding of a double separates the readings.
    assert.ok(child >= before - 1e-3 && child <= after + 1e-3, `${before} ≤ ${child} ≤ ${after}`);
  }
});

test('a process started alone estimates its anchor to within microseconds of the wall clock', async () => {
  const env = { ...process.env };
  delete env[CLOCK_ANCHOR_ENV];
  for (let i = 0; i < 3; i++) {
    const before = wallClockMs();
    const child = await childReading(env);
    const after = wallClockMs();
    // Each estimate brackets Date.now()'s millisecond step: a few microseconds of slack, never
    // the milliseconds a late-sampled wall clock can be off by.
    assert.ok(child >= before - 0.05 && child <= after + 0.05, `${before} ≤ ${child} ≤ ${after}`);
  }
});
