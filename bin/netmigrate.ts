#!/usr/bin/env node
// `netmigrate run` and `netmigrate compare`: live migrations of a KV shard through the emulated
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
  type ExperimentConfig,
  PROTOCOL_CHOICES,
  type ProtocolChoice,
  validateConfig,
  WORKLOAD_CHOICES,
} from '../cluster/experiment-config.js';
import { type ExperimentOutcome, runExperiment } from '../cluster/orchestrator.js';
import { verdictLine } from '../cluster/report/summary-table.js';

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
    .option('duration', { type: 'number', default: d.durationS, describe: 'length of the measured run, seconds' })
    .option('migrate-at', {
      type: 'number',
      default: d.migrateAtS,
      describe: 'start the migration T seconds into the run',
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
      type: 'number',
      default: d.migrationThreads,
      describe: 'migration threads at the source',
    })
    .option('max-group-bits', {
      type: 'number',
      default: d.maxGroupBits,
      describe: 'at most 2^N key groups per migration (the paper: 17)',
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
      describe: 'seconds to wait for an unfinished migration after the clients stop',
    })
    .option('audit', {
      type: 'boolean',
      default: true,
      describe: 'read every key back from the destination after the run (--no-audit skips it)',
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
    durationS: Number(a.duration),
    migrateAtS: Number(a['migrate-at']),
    clients: Number(a.clients),
    capacity: Number(a.capacity),
    window: Number(a.window),
    migrationThreads: Number(a['migration-threads']),
    maxGroupBits: Number(a['max-group-bits']),
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
    ...(a.build === undefined ? {} : { buildDir: String(a.build) }),
  };
}

function report(o: ExperimentOutcome): void {
  const p = o.sourceProbe;
  const lines = [
    '',
    o.summaryText,
    '',
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
    `results: ${o.out} (report.html, summary.json, intervals.csv, plots; logs/ has every process's log)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function exitCodeOf(o: ExperimentOutcome): number {
  const s = o.results.summary;
  return s.verdict.ok && s.migration?.finished === true ? 0 : EXIT_VERDICT;
}

class UsageError extends Error {}

/** Option values yargs accepts but the run cannot use (e.g. --migrate-at beyond --duration). */
function checkValues(a: Args): true {
  const problems = validateConfig(configFrom(a, (a.protocol as ProtocolChoice | undefined) ?? 'netmigrate'));
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return true;
}

async function main(argv: string[]): Promise<number> {
  let code = 0;
  try {
    await yargs(argv)
      .scriptName('netmigrate')
      .usage('$0 <command> [options]\n\nLive KV shard migrations through the emulated NetMigrate switch.')
      .command(
        'run',
        'run one live migration and report it',
        (y) =>
          experimentOptions(y)
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
        (y) => experimentOptions(y).check((a) => PROTOCOL_CHOICES.every((protocol) => checkValues({ ...a, protocol }))),
        async (a) => {
          const r = await runComparison(configFrom(a as Args, 'netmigrate'), PROTOCOL_CHOICES, {
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
      .demandCommand(1, 'Name a command: run or compare.')
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
