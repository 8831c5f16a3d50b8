#!/usr/bin/env node
// `netmigrate run`, `netmigrate compare` and `netmigrate grid`: live migrations of a KV shard through the emulated
// NetMigrate switch (thin: parse options, call cluster/orchestrator, print, exit).
// Exit codes: 0 the run completed and the verdict is clean, 1 the run completed with a bad
// verdict (or an unfinished migration), 2 usage, 3 the run could not complete, 130 Ctrl-C.

import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { runComparison } from '../cluster/compare.js';
import { PROFILE_NAMES } from '../cluster/controller/profiles.js';
import {
  CAPACITY_CHOICES,
  DEFAULT_CONFIG,
  defaultMaxGroupBits,
  type ExperimentConfig,
  MIN_DEFAULT_KEYS_PER_GROUP,
  PAPER_GROUP_BITS_FROM_RECORDS,
  PROTOCOL_CHOICES,
  type ProtocolChoice,
  validateConfig,
  WORKLOAD_CHOICES,
} from '../cluster/experiment-config.js';
import { faultOption, faultReportLines, faultsFrom, runControlCommand, soakCommand } from '../cluster/faults/cli.js';
import { COMPARE_RECORDS } from '../cluster/grid-axes.js';
import { type ExperimentOutcome, runExperiment } from '../cluster/orchestrator.js';
import { verdictLine } from '../cluster/report/summary-table.js';
import {
  applyQuick,
  type GridCliResult,
  gridOptions,
  gridSizes,
  gridSpecFromArgs,
  quickOption,
  repeatedCompareSpec,
  repeatOption,
  repeatProblems,
  runGridCli,
} from './commands/netmigrate-grid.js';

const EXIT_VERDICT = 1;
const EXIT_USAGE = 2;
const EXIT_FAILED = 3;
const EXIT_INTERRUPTED = 130;

function experimentOptions<T>(y: Argv<T>) {
  const d = DEFAULT_CONFIG;
  return y
    .option('workload', {
      choices: WORKLOAD_CHOICES,
      default: d.workload,
      describe:
        'YCSB a-f; m: multi-key reads and writes (up to 4 keys, walked by the switch); wN: N% writes, the rest reads (b = 5% writes)',
    })
    .option('records', { type: 'number', default: d.records, describe: 'keys loaded into the source shard' })
    .option('load', {
      choices: ['preload', 'switch'] as const,
      default: d.load,
      describe:
        'preload: the source stores the records itself and the audit runs in the destination; switch: a loader client writes every record through the switch and the audit reads every key back',
    })
    .option('duration', { type: 'number', default: d.durationS, describe: 'length of the measured run, seconds' })
    .option('migrate-at', {
      type: 'number',
      default: d.migrateAtS,
      describe: 'start the migration T seconds into the run',
    })
    .option('warmup', {
      type: 'number',
      default: d.warmupS,
      describe:
        'the clients run this long, unmeasured, before the measured run (fresh processes compile their hot code first)',
    })
    .option('clients', { type: 'number', default: d.clients, describe: 'client processes' })
    .option('capacity', {
      choices: CAPACITY_CHOICES,
      default: d.capacity,
      describe: "the source's service cap, % of its peak rate (models an overloaded source)",
    })
    .option('capacity-baseline', {
      type: 'number',
      describe: 'the peak requests/s the cap is taken of (default: measured)',
    })
    .option('rate', { type: 'number', describe: 'all clients together, ops/s, open loop (default: closed loop)' })
    .option('window', { type: 'number', default: d.window, describe: 'requests in flight per client' })
    .option('migration-rate', { type: 'number', describe: 'migration rate cap, key/value pairs per second' })
    .option('migration-threads', {
      type: 'string',
      default: String(d.migrationThreads),
      describe: "migration threads at the source: 1..255, or 'auto' (sized from the groups and keys)",
    })
    .option('migration-window', {
      type: 'string',
      default: 'auto',
      describe:
        "MIGRATE frames in flight at the source: 1..4096, or 'auto' (what the sockets' buffers hold, at most 256, while the clients are idle; 64 while they are busy)",
    })
    .option('max-group-bits', {
      type: 'number',
      describe: `at most 2^N key groups per migration (the paper: 17); default ${d.maxGroupBits} below ${PAPER_GROUP_BITS_FROM_RECORDS.toLocaleString('en-US')} records, from there as many as keep ${MIN_DEFAULT_KEYS_PER_GROUP} keys a group (at most 17); ${d.maxGroupBits} with --artifact-sizes, --profile artifact or --program (small filters)`,
    })
    .option('table-size-exp', {
      type: 'number',
      describe:
        "the servers' tables start with 2^N buckets (default: grown to the key count); 17 gives 2^17 groups to any key count",
    })
    .option('value-bytes', { type: 'number', default: d.valueBytes, describe: 'value size' })
    .option('framing', {
      choices: ['single', 'batched'],
      default: d.framing,
      describe: 'frames per datagram on every link: one, or as many as one event-loop turn sends',
    })
    .option('program', {
      type: 'string',
      describe:
        "the TNA program the switch runs (default p4/netmigrate.p4), e.g. a fetched copy of the artifact's kv_migration.p4; compiled into build/<name>",
    })
    .option('profile', {
      choices: ['auto', ...PROFILE_NAMES],
      default: d.profile,
      describe: "the controller's names for the program's tables, registers and digest; auto: the profile it fits",
    })
    .option('artifact-sizes', {
      type: 'boolean',
      default: false,
      describe: "compile the switch with the artifact's small filters (BF 2^15, CBF 16)",
    })
    .option('seed', { type: 'number', default: d.seed, describe: 'workload seed' })
    .option('out', {
      type: 'string',
      default: d.out,
      describe: 'results folder (CSV, JSON, SVG plots, report.html, logs/)',
    })
    .option('build', {
      type: 'string',
      describe: 'switch build folder (default build/netmigrate, compiled when stale)',
    })
    .option('finish-grace', {
      type: 'number',
      default: d.finishGraceS,
      describe: 'after the clients stop, seconds an unfinished migration may go without completing a group',
    })
    .option('audit', {
      type: 'boolean',
      default: true,
      describe:
        'check every key at the destination after the run: in its store after a preload, read back through the switch after --load switch (--no-audit skips it)',
    })
    .option('impair', {
      type: 'string',
      array: true,
      nargs: 1,
      requiresArg: true,
      describe:
        'network impairment in the switch: TARGETS:drop=P,dup=P,reorder=T,delay=T,jitter=T,rate=R,flap=UP/DOWN,dir=in|out|both,seed=N; TARGETS all (every host but the auditor), source, destination, servers, clients, client-N, loader, auditor or port numbers, joined by + (docs/faults.md)',
    })
    .option('impair-during-migration', {
      type: 'boolean',
      default: false,
      describe: 'set the --impair impairments when the migration starts and clear them when it ends',
    })
    .option('progress', { choices: ['auto', 'tty', 'lines', 'silent'] as const, default: d.progress })
    .option('log-level', { choices: ['silent', 'error', 'warn', 'info', 'debug'] as const, default: d.logLevel });
}

type Args = Record<string, unknown>;

function configFrom(a: Args, protocol: ProtocolChoice): ExperimentConfig {
  const d = DEFAULT_CONFIG;
  const num = (k: string) => (a[k] === undefined ? undefined : Number(a[k]));
  return {
    ...DEFAULT_CONFIG,
    protocol,
    workload: String(a.workload),
    records: Number(a.records),
    load: a.load === 'switch' ? 'switch' : 'preload',
    durationS: Number(a.duration),
    migrateAtS: Number(a['migrate-at']),
    warmupS: Number(a.warmup),
    clients: Number(a.clients),
    capacity: Number(a.capacity),
    window: Number(a.window),
    migrationThreads: a['migration-threads'] === 'auto' ? 'auto' : Number(a['migration-threads']),
    ...(a['migration-window'] === undefined || a['migration-window'] === 'auto'
      ? {}
      : { migrationWindow: Number(a['migration-window']) }),
    maxGroupBits:
      a['max-group-bits'] === undefined
        ? defaultMaxGroupBits({
            artifactSizes: a['artifact-sizes'] === true,
            profile: String(a.profile ?? d.profile),
            programGiven: a.program !== undefined,
            records: Number(a.records),
          })
        : Number(a['max-group-bits']),
    valueBytes: Number(a['value-bytes']),
    framing: a.framing === 'single' ? 'single' : 'batched',
    artifactSizes: a['artifact-sizes'] === true,
    profile: String(a.profile ?? d.profile),
    ...(a.program === undefined ? {} : { program: String(a.program) }),
    seed: Number(a.seed),
    out: String(a.out),
    finishGraceS: Number(a['finish-grace']),
    audit: a.audit !== false,
    progress: a.progress as ExperimentConfig['progress'],
    logLevel: a['log-level'] as ExperimentConfig['logLevel'],
    ...(num('capacity-baseline') === undefined ? {} : { capacityBaseline: num('capacity-baseline') as number }),
    ...(num('rate') === undefined ? {} : { rate: num('rate') as number }),
    ...(num('migration-rate') === undefined ? {} : { migrationRate: num('migration-rate') as number }),
    ...(num('table-size-exp') === undefined ? {} : { tableSizeExp: num('table-size-exp') as number }),
    ...(a.build === undefined ? {} : { buildDir: String(a.build) }),
    ...(a.impair === undefined ? {} : { impair: (a.impair as unknown[]).map(String) }),
    impairDuringMigration: a['impair-during-migration'] === true,
    ...faultConfig(a),
  };
}

function faultConfig(a: Args): Pick<ExperimentConfig, 'faults'> {
  const f = faultsFrom(a.fault);
  if ('problem' in f) throw new UsageError(f.problem);
  return f.faults.length === 0 ? {} : { faults: f.faults };
}

function report(o: ExperimentOutcome): void {
  const p = o.sourceProbe;
  const lines = [
    '',
    o.summaryText,
    '',
    ...o.impairmentLines,
    ...(p === undefined
      ? []
      : [
          `requests to the source shard after the migration: ${p.fromDestination}/${p.probed} answered by the destination, ${p.fromSource} by the source, ${p.bounced} bounced by the retired source, ${p.unanswered} unanswered`,
        ]),
    ...(o.auditUnanswered > 0 ? [`audit: ${o.auditUnanswered} keys got no answer from the destination`] : []),
    ...o.controllerEvents.flatMap((e) =>
      e.kind === 'terminate' && e.unbalancedCounters !== undefined
        ? [
            `counting-filter cells not back at 0 when the migration ended: ${e.unbalancedCounters.cells} of ${e.unbalancedCounters.of} (a non-zero cell is a doubled or lost group transition; the saturated filters send the shard to the destination anyway)`,
          ]
        : [],
    ),
    ...(o.profile.caveats.length === 0
      ? []
      : [
          `switch program: ${o.profile.title} (profile ${o.profile.name}); protocol guarantees that do not hold with it:`,
          ...o.profile.caveats.map((c) => `  - ${c}`),
        ]),
    ...o.auditSamples.map((s) => `  ${s}`),
    // The checker's first violations, so a failed run says what went wrong without its folder.
    ...(o.results.summary.verdict.violations === 0
      ? []
      : ['violations (first 10):', ...o.results.summary.verdict.violationSamples.slice(0, 10).map((v) => `  ${v}`)]),
    ...faultReportLines(o.faults),
    `results: ${o.out} (report.html, summary.json, intervals.csv, plots; logs/ has every process's log)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function exitCodeOf(o: ExperimentOutcome): number {
  const s = o.results.summary;
  // A cancelled migration not started again is a success when nothing was lost (docs/faults.md).
  return s.verdict.ok && (s.migration?.finished === true || o.shardAtSource) ? 0 : EXIT_VERDICT;
}

class UsageError extends Error {}

function exitCodeOfGrid(r: GridCliResult): number {
  if (r.message !== undefined) process.stderr.write(`netmigrate: ${r.message}\n`);
  if (r.code === 'OK') return 0;
  if (r.code === 'VERDICT') return EXIT_VERDICT;
  return r.code === 'BAD_CONFIG' ? EXIT_USAGE : r.code === 'INTERRUPTED' ? EXIT_INTERRUPTED : EXIT_FAILED;
}

/** Option values yargs accepts but the run cannot use (e.g. --migrate-at beyond --duration). */
function checkValues(a: Args): true {
  const problems = validateConfig(configFrom(a, (a.protocol as ProtocolChoice | undefined) ?? 'netmigrate'));
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return true;
}

async function main(argv: string[]): Promise<number> {
  let code = 0;
  try {
    const parser = yargs(argv)
      .scriptName('netmigrate')
      .usage('$0 <command> [options]\n\nLive KV shard migrations through the emulated NetMigrate switch.')
      .command(
        'run',
        'run one live migration and report it',
        (y) =>
          faultOption(experimentOptions(y))
            .option('protocol', {
              choices: PROTOCOL_CHOICES,
              default: DEFAULT_CONFIG.protocol,
              describe: 'netmigrate (switch-steered), source (source-based), rocksteady, fulva',
            })
            .check(checkValues),
        async (a) => {
          const r = await runExperiment(configFrom(a as Args, a.protocol as ProtocolChoice));
          if (!r.ok) {
            process.stderr.write(`netmigrate: ${r.message}\n`);
            code = r.code === 'BAD_CONFIG' ? EXIT_USAGE : r.code === 'INTERRUPTED' ? EXIT_INTERRUPTED : EXIT_FAILED;
            return;
          }
          report(r.value);
          code = exitCodeOf(r.value);
        },
      )
      .command(
        'compare',
        'run the four protocols with the same settings and compare them',
        // Every protocol must fit the switch program (a program without a shard redirect cannot run the baselines).
        (y) =>
          quickOption(repeatOption(experimentOptions(y)))
            // A longer migration than `run`'s default: at 200,000 keys the migration lasts 2-3 s and
            // its first, slowest second weighs a third of the window; docs/reproducing-the-paper.md,
            // "Session 11".
            .option('records', {
              type: 'number',
              default: COMPARE_RECORDS,
              describe: 'keys loaded into the source shard (compare: longer migrations than run)',
            })
            .check((a) => {
              const problems = repeatProblems(a.repeat);
              if (problems.length > 0) throw new UsageError(problems.join('\n'));
              return PROTOCOL_CHOICES.every((protocol) => checkValues({ ...a, protocol }));
            }),
        async (a) => {
          const base = configFrom(a as Args, 'netmigrate');
          const config = a.quick === true ? applyQuick(base, argv) : base;
          if (Number(a.repeat) > 1) {
            code = exitCodeOfGrid(
              await runGridCli(
                config,
                repeatedCompareSpec(Number(a.repeat), PROTOCOL_CHOICES, a['same-seed'] === true),
                (s) => process.stdout.write(s),
              ),
            );
            return;
          }
          const r = await runComparison(config, PROTOCOL_CHOICES, {
            onRun: (o) => report(o),
          });
          if (!r.ok) {
            process.stderr.write(`netmigrate: ${r.message}\n`);
            code = r.code === 'BAD_CONFIG' ? EXIT_USAGE : r.code === 'INTERRUPTED' ? EXIT_INTERRUPTED : EXIT_FAILED;
            return;
          }
          process.stdout.write(`\n${r.value.comparisonText}\n\n`);
          for (const run of r.value.runs)
            process.stdout.write(`${run.results.summary.label}: ${verdictLine(run.results.summary.verdict)}\n`);
          process.stdout.write(`comparison: ${r.value.out}\n`);
          code = r.value.runs.every((o) => exitCodeOf(o) === 0) ? 0 : EXIT_VERDICT;
        },
      )
      .command(
        'grid',
        'sweep one axis of the paper (write ratio, capacity, records, filter sizes), every protocol per point',
        (y) =>
          gridOptions(experimentOptions(y)).check((a) => {
            const problems = repeatProblems(a.repeat);
            if (problems.length > 0) throw new UsageError(problems.join('\n'));
            return PROTOCOL_CHOICES.every((protocol) => checkValues({ ...a, protocol }));
          }),
        async (a) => {
          const quick = a.quick === true;
          const base = configFrom(a as Args, 'netmigrate');
          const config = gridSizes(base, argv, quick);
          const spec = gridSpecFromArgs(config, a.axis, Number(a.repeat), quick, a['same-seed'] === true);
          code = exitCodeOfGrid(await runGridCli(config, spec, (s) => process.stdout.write(s)));
        },
      )
      .command(
        'cluster',
        'start a cluster (load, clients for --duration s) whose migration is started and cancelled by migrate/cancel',
        (y) =>
          faultOption(experimentOptions(y))
            .option('protocol', { choices: PROTOCOL_CHOICES, default: DEFAULT_CONFIG.protocol })
            .option('control', {
              type: 'string',
              default: '127.0.0.1:0',
              describe: 'migration control address (loopback HOST:PORT; port 0 picks one, printed)',
            })
            .check(checkValues),
        async (a) => {
          const config = { ...configFrom(a as Args, a.protocol as ProtocolChoice), manualMigration: true };
          const r = await runExperiment({ ...config, controlSocket: String(a.control) });
          if (!r.ok) {
            process.stderr.write(`netmigrate: ${r.message}\n`);
            code = r.code === 'BAD_CONFIG' ? EXIT_USAGE : r.code === 'INTERRUPTED' ? EXIT_INTERRUPTED : EXIT_FAILED;
            return;
          }
          report(r.value);
          code = r.value.results.summary.verdict.ok ? 0 : EXIT_VERDICT;
        },
      );
    parser.command(
      'soak',
      'small runs with random process faults until --minutes pass or a run breaks a promise (prints its seed)',
      (y) =>
        y
          .option('minutes', { type: 'number', default: 10, describe: 'how long to keep starting runs' })
          .option('seed', { type: 'number', default: Date.now() % 2 ** 31, describe: "the first run's seed" })
          .option('out', { type: 'string', default: 'results/soak', describe: 'results folder of every run' })
          .option('build', { type: 'string', describe: 'switch build folder (default build/netmigrate)' }),
      async (a) => {
        code = await soakCommand(Number(a.minutes), Number(a.seed), String(a.out), a.build as string | undefined);
      },
    );
    for (const [name, what] of [
      ['migrate', 'start the migration of a running cluster'],
      ['status', "show a running cluster's migration"],
      ['cancel', 'cancel the migration of a running cluster and roll it back (no key lost)'],
    ] as const)
      parser.command(
        name,
        what,
        (y) => y.option('cluster', { type: 'string', demandOption: true, describe: 'its migration control address' }),
        async (a) => {
          code = await runControlCommand(name, String(a.cluster));
        },
      );
    await parser
      .demandCommand(1, 'Name a command: run, compare, grid, cluster, migrate, status, cancel or soak.')
      .strict()
      .help()
      .alias('h', 'help')
      .wrap(Math.min(110, process.stdout.columns ?? 110))
      .fail((message, error, y) => {
        if (error !== undefined && error !== null && !(error instanceof UsageError)) throw error;
        y.showHelp((s: string) => process.stderr.write(`${s}\n`));
        throw new UsageError(message);
      })
      .parseAsync();
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`\nnetmigrate: ${e.message}\n`);
    return EXIT_USAGE;
  }
  return code;
}

main(hideBin(process.argv)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`netmigrate: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(70);
  },
);
