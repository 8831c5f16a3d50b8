// Test helper: one small live experiment through real processes (a few thousand keys, a few
// seconds, 16 slowly migrated groups so that many keys are in flight at once), in a temporary
// folder the caller removes.

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../../../cluster/experiment-config.js';
import { type ExperimentOutcome, runExperiment } from '../../../cluster/orchestrator.js';

export async function runSmallExperiment(
  prefix: string,
  overrides: Partial<ExperimentConfig>,
): Promise<{ dir: string; outcome: ExperimentOutcome }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const config: ExperimentConfig = {
    ...DEFAULT_CONFIG,
    protocol: 'netmigrate',
    clients: 1,
    // Few, slowly migrated groups: a good share of the keys is in flight at any moment.
    maxGroupBits: 4,
    migrationRate: 600,
    out: join(dir, 'run'),
    buildDir: join(dir, 'build'),
    finishGraceS: 60,
    progress: 'silent',
    ...overrides,
  };
  const r = await runExperiment(config, { handleSignals: false });
  // A missing compile phase (or any failure) must fail here with its message, never pass vacuously.
  assert.ok(r.ok, r.ok ? '' : `${r.code}: ${r.message}`);
  return { dir, outcome: r.value };
}
