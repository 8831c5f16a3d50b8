// `netmigrate grid --axis …` and `netmigrate compare --repeat N`: the options they add to the
// experiment's, the --quick preset (applied only to settings not given on the command line),
// and running them (cluster/grid.ts) with the exit code the CLI returns.

import type { Argv } from 'yargs';
import { type ExperimentConfig, PROTOCOL_CHOICES, type ProtocolChoice } from '../../cluster/experiment-config.js';
import { compareSpec, type GridSpec, gridSpec, runGrid } from '../../cluster/grid.js';
import { GRID_AXES, GRID_PRESET, type GridAxis, QUICK_PRESET } from '../../cluster/grid-axes.js';
import type { OrchestratorErrorCode } from '../../cluster/orchestrator.js';

export function repeatOption<T>(y: Argv<T>) {
  return y
    .option('repeat', {
      type: 'number',
      default: 1,
      describe: 'runs per protocol (and point), seeds --seed, --seed+1, …: tables give the median and the spread',
    })
    .option('same-seed', {
      type: 'boolean',
      default: false,
      describe: 'every repetition with --seed (the same workload: does the ranking hold run to run?)',
    });
}

export function gridOptions<T>(y: Argv<T>) {
  return repeatOption(y)
    .option('axis', {
      choices: GRID_AXES,
      demandOption: true,
      describe:
        'write-ratio: 0-30 % writes; capacity: source at 100/70/40 % of one measured baseline; records; filter-size: paper Table 2 (NetMigrate alone)',
    })
    .option('quick', {
      type: 'boolean',
      default: false,
      describe: 'small sizes (about two minutes for an axis on two cores) for settings not given explicitly',
    });
}

/** `compare --quick`: the grids' small sizes for one comparison. */
export function quickOption<T>(y: Argv<T>) {
  return y.option('quick', {
    type: 'boolean',
    default: false,
    describe: 'small sizes (about a minute on two cores) for settings not given explicitly',
  });
}

/** CLI option names for the preset's config fields. */
const OPTION_OF: Partial<Record<keyof ExperimentConfig, string>> = {
  records: 'records',
  durationS: 'duration',
  migrateAtS: 'migrate-at',
  warmupS: 'warmup',
  clients: 'clients',
  maxGroupBits: 'max-group-bits',
  audit: 'audit',
};

/** The options named on the command line (`--x`, `--x=v`, `--no-x`). */
export function explicitOptions(argv: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const a of argv) {
    const m = /^--(?:no-)?([^=]+)/.exec(a);
    if (m?.[1] !== undefined) names.add(m[1]);
  }
  return names;
}

/** The --quick preset over the configuration, except where the user set a value. */
export function applyQuick(config: ExperimentConfig, argv: readonly string[]): ExperimentConfig {
  return applyPreset(config, argv, QUICK_PRESET);
}

/** A grid's sizes: --quick's, or the grid's own defaults (GRID_PRESET), where the user set no value. */
export function gridSizes(config: ExperimentConfig, argv: readonly string[], quick: boolean): ExperimentConfig {
  return applyPreset(config, argv, quick ? QUICK_PRESET : GRID_PRESET);
}

function applyPreset(
  config: ExperimentConfig,
  argv: readonly string[],
  preset: Partial<ExperimentConfig>,
): ExperimentConfig {
  const explicit = explicitOptions(argv);
  const out: Record<string, unknown> = { ...config };
  for (const [field, value] of Object.entries(preset)) {
    const option = OPTION_OF[field as keyof ExperimentConfig];
    if (option === undefined || !explicit.has(option)) out[field] = value;
  }
  return out as unknown as ExperimentConfig;
}

export function repeatProblems(repeat: unknown): string[] {
  const n = Number(repeat);
  return Number.isInteger(n) && n >= 1 && n <= 100
    ? []
    : [`--repeat: expected an integer in 1..100, got ${String(repeat)}`];
}

export interface GridCliResult {
  code: 'OK' | 'VERDICT' | OrchestratorErrorCode;
  message?: string;
}

export async function runGridCli(
  config: ExperimentConfig,
  spec: GridSpec,
  write: (s: string) => void,
): Promise<GridCliResult> {
  const r = await runGrid(config, spec, {
    onRun: (s) =>
      write(
        `${s.point}, ${s.protocol}, repetition ${s.repetition + 1}: ${s.ok ? 'OK' : s.error !== undefined ? 'COULD NOT COMPLETE' : 'FAILED (verdict or unfinished migration)'} — ${s.out}\n`,
      ),
  });
  if (!r.ok) return { code: r.code, message: r.message };
  write(
    `\n${r.value.tableText}\n\nresults: ${r.value.out} (README.md: the table; grid.csv, grid.json, one SVG per metric)\n`,
  );
  return { code: r.value.report.samples.every((s) => s.ok) ? 'OK' : 'VERDICT' };
}

export function gridSpecFromArgs(
  config: ExperimentConfig,
  axis: GridAxis,
  repeat: number,
  quick: boolean,
  sameSeed = false,
): GridSpec {
  return { ...gridSpec(axis, config, repeat, quick), sameSeed };
}

export function repeatedCompareSpec(
  repeat: number,
  protocols: readonly ProtocolChoice[] = PROTOCOL_CHOICES,
  sameSeed = false,
): GridSpec {
  return { ...compareSpec(protocols, repeat), sameSeed };
}
