// `netmigrate grid` and `netmigrate compare --repeat`: the same experiment at several points of
// one axis, every protocol per point, each repetition with its own seed; every run keeps its own
// results folder, and the grid writes one summary table (markdown, CSV, JSON) and one plot per
// metric over them (cluster/report/grid-report.ts).

import { join } from 'node:path';
import { err, ok, type Result } from '../runtime/result.js';
import { type ExperimentConfig, type ProtocolChoice, profileProblems, resolveOut } from './experiment-config.js';
import { axisPoints, type GridAxis, type GridPoint, protocolsFor } from './grid-axes.js';
import { METRIC_KEYS, type Metrics, runMetrics } from './grid-metrics.js';
import { REPO_ROOT } from './netmigrate-build.js';
import {
  type ExperimentOutcome,
  type OrchestratorErrorCode,
  prepareSwitchProgram,
  type RunOptions,
  runExperiment,
} from './orchestrator.js';
import { type GridReport, writeGridReport } from './report/grid-report.js';

/** One run of a grid. */
export interface GridSample {
  /** The point's label and folder name. */
  point: string;
  slug: string;
  protocol: ProtocolChoice;
  /** 0-based repetition; its seed is the base seed plus it (or the base seed, with sameSeed). */
  repetition: number;
  seed: number;
  /** The run's results folder. */
  out: string;
  /** Verdict OK and the migration finished. */
  ok: boolean;
  /** Why the run could not complete (its processes failed); its metrics are then all null. */
  error?: string;
  /** The migration's group count (servers take min(size_exp, max group bits)). */
  groupCount: number | null;
  metrics: Metrics;
}

export interface GridSpec {
  /** What the table calls the swept setting (`compare` for a repeated comparison). */
  axis: GridAxis | 'compare';
  points: readonly GridPoint[];
  protocols: readonly ProtocolChoice[];
  repeat: number;
  /** Every repetition with the base seed (the same workload; only the machine's noise differs). */
  sameSeed?: boolean;
  /**
   * The protocols run at the point of this index, when not every one (default: all of
   * `protocols`): a smoke test runs every point once, the protocols in turn.
   */
  protocolsAt?: (pointIndex: number) => readonly ProtocolChoice[];
}

export interface GridOutcome {
  report: GridReport;
  /** The grid's folder (the table, the plots, one folder per point and protocol). */
  out: string;
  tableText: string;
}

export interface GridRunOptions extends RunOptions {
  /** After every run; `outcome` is undefined for a run that could not complete. */
  onRun?: (sample: GridSample, outcome: ExperimentOutcome | undefined) => void;
}

/** The grid of an axis for a base configuration (already sized: --quick applied by the caller). */
export function gridSpec(axis: GridAxis, base: ExperimentConfig, repeat: number, quick: boolean): GridSpec {
  return { axis, points: axisPoints(axis, base, quick), protocols: protocolsFor(axis), repeat };
}

/** `compare --repeat N`: one point, the four protocols. */
export function compareSpec(protocols: readonly ProtocolChoice[], repeat: number): GridSpec {
  return { axis: 'compare', points: [{ label: 'as configured', slug: 'runs', apply: (c) => c }], protocols, repeat };
}

function noMetrics(): Metrics {
  return Object.fromEntries(METRIC_KEYS.map((k) => [k, null])) as Metrics;
}

/** Where a filter-size point's switch is compiled: its own folder, so that sizes never rebuild each other. */
function buildDirFor(base: ExperimentConfig, point: GridPoint): string | undefined {
  if (point.filter === undefined) return base.buildDir;
  return `${base.buildDir ?? join(REPO_ROOT, 'build', 'netmigrate')}-${point.slug}`;
}

export function configAt(
  base: ExperimentConfig,
  point: GridPoint,
  protocol: ProtocolChoice,
  repetition: number,
  root: string,
  sameSeed = false,
): ExperimentConfig {
  const buildDir = buildDirFor(base, point);
  return {
    ...point.apply(base),
    protocol,
    seed: sameSeed ? base.seed : base.seed + repetition,
    out: join(root, point.slug, protocol, `rep${repetition + 1}`),
    ...(buildDir === undefined ? {} : { buildDir }),
  };
}

/** Threads of a grid whose base says 'auto': the grids compare filter sizes and protocols at a fixed number of groups in flight. */
export const GRID_THREADS = 4;

export async function runGrid(
  asked: ExperimentConfig,
  spec: GridSpec,
  options: GridRunOptions = {},
): Promise<Result<GridOutcome, OrchestratorErrorCode>> {
  const base: ExperimentConfig =
    asked.migrationThreads === 'auto' ? { ...asked, migrationThreads: GRID_THREADS } : asked;
  const root = resolveOut(base);
  const stream = options.stream ?? process.stderr;
  // Every point's switch is compiled, and every protocol checked against it, before the first run.
  for (const point of spec.points) {
    const config = configAt(base, point, spec.protocols[0] ?? 'netmigrate', 0, root);
    const prepared = await prepareSwitchProgram(config, stream);
    if (!prepared.ok) return err(prepared.code, `${point.label}: ${prepared.message}`);
    const unfit = spec.protocols.flatMap((protocol) =>
      profileProblems(prepared.value.profile.profile, { ...config, protocol }),
    );
    if (unfit.length > 0) return err('BAD_CONFIG', unfit.join('\n'));
  }
  // The capacity axis caps every protocol at a share of one baseline: the uncapped source's
  // rate before the migration, measured by the first run (the 100 % point) unless given.
  let baseline = base.capacityBaseline;
  const samples: GridSample[] = [];
  const at = (i: number) => spec.protocolsAt?.(i) ?? spec.protocols;
  const total = spec.repeat * spec.points.reduce((n, _, i) => n + at(i).length, 0);
  // Repetitions outermost: a slow spell of the shared machine spreads over every point.
  for (let repetition = 0; repetition < spec.repeat; repetition++)
    for (const [pointIndex, point] of spec.points.entries())
      for (const protocol of at(pointIndex)) {
        const config = configAt(base, point, protocol, repetition, root, spec.sameSeed === true);
        if (spec.axis === 'capacity' && baseline === undefined && config.capacity !== 100)
          return err('BAD_CONFIG', 'the capacity axis needs its 100 % point first (or --capacity-baseline)');
        const run: ExperimentConfig = baseline === undefined ? config : { ...config, capacityBaseline: baseline };
        stream.write(
          `\n== ${samples.length + 1}/${total}: ${point.label}, ${protocol}, repetition ${repetition + 1} (seed ${run.seed}) ==\n`,
        );
        const r = await runExperiment(run, options);
        if (!r.ok) {
          const where = `${point.label}, ${protocol}, repetition ${repetition + 1}`;
          // A run whose processes failed (a child died on a busy shared machine) is a failed
          // sample; the grid goes on. A bad setting or Ctrl-C ends the grid.
          if (r.code !== 'PROCESS_FAILED') return err(r.code, `${where}: ${r.message}`);
          stream.write(`${where}: the run failed: ${r.message}\n`);
          const failed: GridSample = {
            point: point.label,
            slug: point.slug,
            protocol,
            repetition,
            seed: run.seed,
            out: run.out,
            ok: false,
            error: r.message,
            groupCount: null,
            metrics: noMetrics(),
          };
          samples.push(failed);
          options.onRun?.(failed, undefined);
          continue;
        }
        const s = r.value.results.summary;
        if (spec.axis === 'capacity' && baseline === undefined) {
          baseline = s.windows.before?.opsPerSec;
          if (baseline === undefined || !(baseline > 0))
            return err(
              'BAD_CONFIG',
              'the capacity baseline is the rate before the migration: --migrate-at must be > 0',
            );
          baseline = Math.round(baseline);
          stream.write(`capacity baseline: ${baseline} requests/s (the uncapped source before the migration)\n`);
        }
        const sample: GridSample = {
          point: point.label,
          slug: point.slug,
          protocol,
          repetition,
          seed: run.seed,
          out: run.out,
          ok: s.verdict.ok && s.migration?.finished === true,
          groupCount: s.migration?.groupCount ?? null,
          metrics: runMetrics(r.value.results),
        };
        samples.push(sample);
        options.onRun?.(sample, r.value);
      }
  const report: GridReport = {
    axis: spec.axis,
    points: spec.points.map((p) => ({
      label: p.label,
      slug: p.slug,
      ...(p.filter === undefined ? {} : { filter: p.filter }),
    })),
    protocols: [...spec.protocols],
    repeat: spec.repeat,
    baseSeed: base.seed,
    ...(spec.sameSeed === true ? { sameSeed: true } : {}),
    migrationThreads: base.migrationThreads === 'auto' ? GRID_THREADS : base.migrationThreads,
    ...(baseline === undefined ? {} : { capacityBaselineOpsPerSec: baseline }),
    samples,
  };
  const written = await writeGridReport(root, report);
  if (!written.ok) return err('IO_ERROR', written.message);
  return ok({ report, out: root, tableText: written.value.tableText });
}
