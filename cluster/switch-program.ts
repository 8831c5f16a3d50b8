// The switch program of a run (docs/running-experiments.md): compiled when its build is stale,
// and the controller profile that fits it.

import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { err, ok, type Result } from '../runtime/result.js';
import { type ResolvedProfile, selectProfile, surfaceFromP4Info } from './controller/profile.js';
import { PROFILES } from './controller/profiles.js';
import type { ExperimentConfig } from './experiment-config.js';
import type { OrchestratorErrorCode } from './experiment-outcome.js';
import { type BuildOutcome, ensureProgramBuild } from './netmigrate-build.js';

/**
 * The switch program of a run: compiled when its build is stale, and the controller profile it
 * fits (or `--profile`), so that a program the controller cannot drive stops the run before
 * any process starts.
 */
export async function prepareSwitchProgram(
  config: ExperimentConfig,
  stream: NodeJS.WritableStream = process.stderr,
): Promise<Result<{ build: BuildOutcome; profile: ResolvedProfile }, OrchestratorErrorCode>> {
  const build = await ensureProgramBuild({
    ...(config.program === undefined ? {} : { program: config.program }),
    ...(config.buildDir === undefined ? {} : { buildDir: config.buildDir }),
    defines: {
      ...(config.artifactSizes ? { NETMIGRATE_ARTIFACT_SIZES: '1' } : {}),
      ...(config.filterBits === undefined
        ? {}
        : { NM_BF_INDEX_BITS: String(config.filterBits.bf), NM_CBF_INDEX_BITS: String(config.filterBits.cbf) }),
    },
  });
  if (!build.ok) return build;
  if (build.value.compiled)
    stream.write(
      `compiled ${relative(process.cwd(), build.value.program)} → ${build.value.dir} (${build.value.ms} ms)\n`,
    );
  const profile = selectProfile(
    surfaceFromP4Info(JSON.parse(readFileSync(join(build.value.dir, 'p4info.json'), 'utf8'))),
    PROFILES,
    config.profile,
  );
  if (!profile.ok) return err('BAD_CONFIG', profile.message);
  return ok({ build: build.value, profile: profile.value });
}
