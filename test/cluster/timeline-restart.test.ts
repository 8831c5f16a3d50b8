import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MigrationEvent } from '../../cluster/run-record.js';
import { migrationWindow } from '../../cluster/timeline.js';

const started = (atMs: number): MigrationEvent => ({
  kind: 'started',
  atMs,
  protocol: 'netmigrate',
  groupCount: 16,
  threads: 4,
});

describe('the migration window across a cancel and a new start (docs/faults.md)', () => {
  it('a migration started again after a cancel is the run migration: its finish counts, the cancel does not', () => {
    const w = migrationWindow([
      started(1000),
      { kind: 'failed', atMs: 2000, reason: 'cancelled' },
      started(3000),
      { kind: 'finished', atMs: 5000, durationMs: 2000 },
    ]);
    assert.deepEqual(w, { startMs: 1000, endMs: 5000, finished: true, failed: undefined, groupCount: 16 });
  });

  it('a cancel not followed by a new start leaves the migration failed with the reason', () => {
    const w = migrationWindow([started(1000), { kind: 'failed', atMs: 2000, reason: 'cancelled' }]);
    assert.deepEqual(w, { startMs: 1000, endMs: 2000, finished: false, failed: 'cancelled', groupCount: 16 });
  });
});
