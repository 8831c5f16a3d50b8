// Test helper for the fault suite: one compiled NetMigrate build shared by a file's runs, and
// a tiny live migration (a few hundred keys, 8 slowly migrated groups, three seconds) with
// the given impairments, whose outcome the caller checks (verdict, audit, counters).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../../../cluster/experiment-config.js';
import { ensureNetMigrateBuild } from '../../../cluster/netmigrate-build.js';
import { type ExperimentOutcome, type RunOptions, runExperiment } from '../../../cluster/orchestrator.js';

export class FaultRuns {
  private constructor(
    readonly dir: string,
    private readonly build: string,
  ) {}

  static async create(prefix: string): Promise<FaultRuns> {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    const build = join(dir, 'build');
    const b = await ensureNetMigrateBuild({ buildDir: build });
    assert.ok(b.ok, b.ok ? '' : b.message);
    return new FaultRuns(dir, build);
  }

  async run(name: string, overrides: Partial<ExperimentConfig>, options: RunOptions = {}): Promise<ExperimentOutcome> {
    const config: ExperimentConfig = {
      ...DEFAULT_CONFIG,
      protocol: 'netmigrate',
      records: 300,
      durationS: 3,
      // No warm-up: these runs check behaviour, not throughput.
      warmupS: 0,
      migrateAtS: 0.5,
      clients: 1,
      maxGroupBits: 3,
      // Slow enough that the migration spans a good part of the run (and of the impairment).
      migrationRate: 600,
      out: join(this.dir, name),
      buildDir: this.build,
      finishGraceS: 60,
      progress: 'silent',
      ...overrides,
    };
    const r = await runExperiment(config, { handleSignals: false, ...options });
    assert.ok(r.ok, r.ok ? '' : `${r.code}: ${r.message}`);
    return r.value;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The run completed its migration, the checker found nothing, the destination lost nothing. */
export function assertCleanRun(o: ExperimentOutcome, records: number): void {
  const s = o.results.summary;
  const detail = [...o.impairmentLines, ...s.verdict.violationSamples, ...o.auditSamples].join('\n');
  assert.equal(s.migration?.finished, true, `migration: ${s.migration?.failed}\n${detail}`);
  assert.equal(s.verdict.violations, 0, detail);
  assert.ok(s.verdict.readsChecked > 0, 'reads were checked');
  assert.equal(s.verdict.audited, true);
  assert.equal((s.verdict.keysChecked ?? 0) >= records, true, `audited ${s.verdict.keysChecked}`);
  assert.equal(s.verdict.keysLost, 0, detail);
  assert.equal(s.verdict.keysWrong, 0, detail);
  assert.equal(s.verdict.ok, true, detail);
}
