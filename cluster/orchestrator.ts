// One live migration experiment, end to end: compile the switch program if needed, start the
// switch, the NetMigrate controller, the destination and source KV servers as processes on
// loopback, load the data, run the clients, start the migration at the chosen time, follow it
// with a progress line, then audit the destination, stop everything and write the results
// folder. Any process dying, or Ctrl-C, stops the whole group (cluster/process-group.ts).

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type HistoryOp, wallClockMs } from '../client/history.js';
import type { ProcessStats } from '../client/process-stats.js';
import { expandGroupEvents } from '../kvserver/migration/common/event-relay.js';
import type { MigrationCounters } from '../kvserver/migration/common/progress.js';
import { err, ok, type Result } from '../runtime/result.js';
import { AuditHost } from './audit.js';
import { auditShard, type ShardAudit } from './audit-run.js';
import { ChildMailbox, type Message, WaitFailed } from './child-mailbox.js';
import { absorbClientReports } from './client-tick.js';
import type { ControllerEvent } from './controller/pair-digest.js';
import { CpuSampler } from './cpu-usage.js';
import {
  type ExperimentConfig,
  profileProblems,
  reportParameters,
  resolveOut,
  validateConfig,
} from './experiment-config.js';
import {
  clientRecordOf,
  type ExperimentOutcome,
  type LiveRun,
  type OrchestratorErrorCode,
  type RunOptions,
  readHistory,
} from './experiment-outcome.js';
import {
  clientSpec,
  controllerSpec,
  destinationSpec,
  loaderSpec,
  sourceSpec,
  switchSpec,
} from './experiment-processes.js';
import { allSlotResults, ClientSlot, journalled, restartedClientSpec } from './faults/client-slots.js';
import { FaultInjector } from './faults/fault-injector.js';
import { type LiveCluster, newLiveCluster, noteMigrationEvent } from './faults/live-cluster.js';
import { MigrationControlServer } from './faults/migration-control.js';
import { RunImpairments } from './impairments.js';
import type { BuildOutcome } from './netmigrate-build.js';
import { preloadClientRecord, preloadHistory } from './preload-audit.js';
import { type ChildSpec, ProcessGroup } from './process-group.js';
import type { ServerSample } from './process-noise.js';
import { ProgressDisplay } from './progress.js';
import { writeRunResults } from './report/results-folder.js';
import { formatRunSummary } from './report/summary-table.js';
import { summarizeRun } from './results.js';
import type { ClientRecord, CounterSample, MigrationEvent, RunRecord } from './run-record.js';
import { prepareSwitchProgram } from './switch-program.js';
import { planTopology, type Topology } from './topology.js';
import { readUdpKernelCounters, runUdpLosses } from './udp-drops.js';

export type { ExperimentOutcome, LiveRun, OrchestratorErrorCode, RunOptions } from './experiment-outcome.js';
export { prepareSwitchProgram } from './switch-program.js';

class Stop extends Error {
  constructor(
    readonly code: OrchestratorErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Runs one experiment; every failure is a coded value with a message naming its cause. */
export async function runExperiment(
  config: ExperimentConfig,
  options: RunOptions = {},
): Promise<Result<ExperimentOutcome, OrchestratorErrorCode>> {
  const problems = validateConfig(config);
  if (problems.length > 0) return err('BAD_CONFIG', problems.join('\n'));
  const stream = options.stream ?? process.stderr;
  const out = resolveOut(config);
  const logDir = join(out, 'logs');
  try {
    mkdirSync(logDir, { recursive: true });
  } catch (e) {
    return err('IO_ERROR', `cannot create ${logDir}: ${(e as Error).message}`);
  }

  const prepared = await prepareSwitchProgram(config, stream);
  if (!prepared.ok) return prepared;
  const { build, profile } = prepared.value;
  const unfit = profileProblems(profile.profile, config);
  if (unfit.length > 0) return err('BAD_CONFIG', unfit.join('\n'));
  const runConfig: ExperimentConfig = { ...config, profile: profile.profile.name };

  let interrupted: ((signal: string) => void) | undefined;
  const interruption = new Promise<never>((_, reject) => {
    interrupted = (s) => reject(new Stop('INTERRUPTED', `stopped by ${s}: every process of the run was ended`));
  });
  interruption.catch(() => {});
  const handleSignals = options.handleSignals ?? true;
  // The group stops the children on a signal and then calls onSignal; a start or a wait in
  // progress may fail first ("exited before it was ready"), so remember the signal at once.
  let stoppedBy: string | undefined;
  const noteSignal = (s: NodeJS.Signals) => {
    stoppedBy ??= s;
  };
  if (handleSignals) for (const s of ['SIGINT', 'SIGTERM'] as const) process.on(s, noteSignal);
  const group = new ProcessGroup({ logDir, handleSignals, onSignal: (s) => interrupted?.(s) });
  const progress = new ProgressDisplay({ mode: config.progress, stream });
  const run = new ExperimentRun(
    runConfig,
    group,
    progress,
    logDir,
    interruption,
    options.onMigrationStarted,
    options.onControlListening,
  );
  try {
    const outcome = await run.execute(build);
    progress.stop();
    const written = await writeRunResults(out, outcome.results);
    if (!written.ok) return err('IO_ERROR', written.message);
    return ok({ ...outcome, profile: profile.profile, out });
  } catch (e) {
    progress.stop();
    await group.shutdown();
    if (stoppedBy !== undefined)
      return err('INTERRUPTED', `stopped by ${stoppedBy}: every process of the run was ended`);
    if (e instanceof Stop) return err(e.code, e.message);
    if (e instanceof WaitFailed) return err('PROCESS_FAILED', e.message);
    throw e;
  } finally {
    for (const s of ['SIGINT', 'SIGTERM'] as const) process.off(s, noteSignal);
    await run.closeAuditor();
    await group.shutdown();
  }
}

/** The state of one run while it executes. */
class ExperimentRun {
  private readonly samples = new Map<number, CounterSample[]>();
  private readonly serverSamples: ServerSample[] = [];
  private readonly migrationEvents: MigrationEvent[] = [];
  private readonly controllerEvents: ControllerEvent[] = [];
  private auditor: AuditHost | undefined;
  /** The source's groupsCompleted at its last report (the end-of-migration wait watches it). */
  private groupsCompleted = 0;
  private lastOps = 0;
  private lastOpsAt = 0;
  private ticking = false;
  private impairments: RunImpairments | undefined;
  /** The run's processes as faults and migration control see them (replaced on restarts). */
  live: LiveCluster | undefined;
  private readonly slots: ClientSlot[] = [];
  private faults: FaultInjector | undefined;
  private runEndsAtMs = 0;
  private controllerStarts = 0;

  constructor(
    private readonly c: ExperimentConfig,
    private readonly group: ProcessGroup,
    private readonly progress: ProgressDisplay,
    private readonly logDir: string,
    private readonly interruption: Promise<never>,
    private readonly onMigrationStarted?: (run: LiveRun) => void,
    private readonly onControlListening?: (address: string) => void,
  ) {}

  private controlServer: MigrationControlServer | undefined;

  async closeAuditor(): Promise<void> {
    await this.auditor?.close();
    this.auditor = undefined;
    await this.impairments?.close();
    await this.controlServer?.close();
    this.controlServer = undefined;
  }

  /** Opens migration control (netmigrate migrate|status|cancel) when the config asks for it. */
  private async openControl(): Promise<void> {
    if (this.c.controlSocket === undefined) return;
    const r = await MigrationControlServer.listen(
      this.c.controlSocket,
      () => this.live,
      () => this.faults,
    );
    if (!r.ok) throw new Stop('BAD_CONFIG', r.message);
    this.controlServer = r.value;
    this.progress.log(
      `migration control: ${r.value.address} (netmigrate migrate|status|cancel --cluster ${r.value.address})`,
    );
    this.onControlListening?.(r.value.address);
  }

  /** Waits for `p`, unless the group fails or the user interrupts first. */
  private guard<T>(p: Promise<T>): Promise<T> {
    const failed = this.group.failure.then((f) => {
      throw new Stop('PROCESS_FAILED', f.message);
    });
    failed.catch(() => {});
    return Promise.race([p, failed, this.interruption]);
  }

  private async start(spec: ChildSpec): Promise<ChildMailbox> {
    const r = await this.guard(this.group.start(spec));
    if (!r.ok) throw new Stop('PROCESS_FAILED', r.message);
    return new ChildMailbox(r.value, this.group);
  }

  async execute(build: BuildOutcome): Promise<Omit<ExperimentOutcome, 'out' | 'profile'>> {
    const c = this.c;
    const t = await planTopology(c.clients);
    this.progress.update({ phase: 'starting' });

    const impairments = RunImpairments.plan(c.impair ?? [], t, c.seed, c.impairDuringMigration === true, (l) =>
      this.progress.log(l),
    );
    if (typeof impairments === 'string') throw new Stop('BAD_CONFIG', impairments);
    this.impairments = impairments;
    const sw = await this.start(switchSpec(build.dir, t, c, impairments.switchArgs()));
    const ports = sw.child.ready.ports as Record<string, string>;
    const control = sw.child.ready.control as string;
    const unreachable = await impairments.connect(control);
    if (unreachable !== undefined) throw new Stop('PROCESS_FAILED', `impairments: ${unreachable}`);
    const portOf = (n: number) => {
      const p = ports[String(n)];
      if (p === undefined) throw new Stop('PROCESS_FAILED', `the switch reported no address for port ${n}`);
      return p;
    };
    // The controller and the two servers need only the switch: started together, their Node
    // start-ups overlap (about a second saved per run, most of a tiny grid point).
    const [controller, destination, source] = await Promise.all([
      this.start(controllerSpec(control, t, c)).then((mb) => {
        this.adoptController(mb);
        return mb;
      }),
      this.start(destinationSpec(t, portOf(t.destination.port), c)),
      this.start(sourceSpec(t, portOf(t.source.port), c)),
    ]);
    source.onMessage((m) => {
      if (m.event === 'migration' && m.type === 'started') {
        impairments.migration(true);
        this.onMigrationStarted?.({ topology: t, switchPorts: ports, control, framing: c.framing });
      }
      if (m.event === 'migration' && (m.type === 'finished' || m.type === 'failed')) impairments.migration(false);
      this.onSourceMessage(m, t);
    });
    const live = newLiveCluster({
      group: this.group,
      config: c,
      topology: t,
      buildDir: build.dir,
      switchPorts: ports,
      controlAddress: control,
      switch: sw,
      controller,
      source,
      destination,
      start: (spec) => this.start(spec),
      adoptController: (mb) => this.adoptController(mb),
      restartClient: (i) => this.restartClient(t, ports, i),
      log: (message) => this.progress.log(message),
    });
    this.live = live;
    this.faults = new FaultInjector(live, c.faults ?? []);
    await this.openControl();
    const [swHost, swPort] = portOf(t.auditor.port).split(':');
    this.auditor = await AuditHost.open({
      mac: t.auditor.mac,
      ip: t.auditor.ip,
      nicPort: t.auditor.nicPort,
      switchPort: { address: swHost ?? '127.0.0.1', port: Number(swPort) },
      valueBytes: c.valueBytes,
      framing: c.framing,
    });

    // Load: the source stores every record itself (docs/scale.md), or one loader client writes
    // every record through the switch, then exits.
    this.progress.update({ phase: 'load' });
    const loaderHistory = join(this.logDir, `client-${c.clients}.history.json`);
    let loaded: Message | undefined;
    let preloadedAtMs = 0;
    if (c.load === 'preload') {
      const r = await this.guard(source.ask({ cmd: 'preload', records: c.records }, 'preloaded', 30 * 60_000));
      preloadedAtMs = wallClockMs();
      this.progress.log(`preload: ${c.records} records stored at the source in ${(Number(r.ms) / 1000).toFixed(1)} s`);
    } else {
      const loader = await this.start(loaderSpec(t, portOf(t.loader.port), c, loaderHistory));
      loaded = await this.guard(loader.next((m) => m.event === 'results', 30 * 60_000, 'load results'));
      const loadPhase = loaded.load as { ops?: number; failures?: number } | undefined;
      if ((loadPhase?.failures ?? 0) > 0)
        this.progress.log(
          `load: ${loadPhase?.failures} of ${c.records} writes failed (they stay in the history as unacknowledged)`,
        );
    }

    // Run: the clients start their run phase as soon as they are up; t = 0 when the last one is,
    // plus the warm-up (ExperimentConfig.warmupS).
    this.progress.update({ phase: 'warm-up' });
    // Every process's CPU, to be cut at the windows (where a migration's cost falls).
    const cpu = new CpuSampler(() => this.group.children);
    cpu.start();
    for (let i = 0; i < c.clients; i++) {
      const slot = new ClientSlot(join(this.logDir, `client-${i}.history.json`));
      this.slots.push(slot);
      const mb = await this.start(
        journalled(clientSpec(i, t, portOf(t.clients[i]?.port ?? 0), c, slot.history), slot, c),
      );
      slot.attach(mb, (c.durationS + c.warmupS + 120) * 1000);
      live.clients.push(mb);
    }
    // The warm-up: the clients already run, but t = 0 (the measured run) starts after it.
    if (c.warmupS > 0) await this.guard(new Promise((r) => setTimeout(r, c.warmupS * 1000)));
    const udpBefore = readUdpKernelCounters();
    const startedAtMs = wallClockMs();
    this.runEndsAtMs = startedAtMs + c.durationS * 1000;
    this.lastOpsAt = startedAtMs;
    const faults = this.faults;
    faults.schedule(startedAtMs);
    const migrateTimer =
      c.manualMigration === true
        ? undefined
        : setTimeout(() => {
            this.live?.source.send({ cmd: 'migrate' });
          }, c.migrateAtS * 1000);
    const ticker = setInterval(() => void this.tick(live.clients, live.source), 1000);
    let clientResults: Message[];
    try {
      clientResults = await this.guard(allSlotResults(this.slots));
    } finally {
      clearTimeout(migrateTimer);
      clearInterval(ticker);
    }
    // A fault under way when the clients ended is seen through (its restarts, its rollback).
    await this.guard(faults.settle().catch((e: Error) => Promise.reject(new Stop('PROCESS_FAILED', e.message))));
    const endedAtMs = wallClockMs();
    const cpuSamples = cpu.stop();
    const udp = runUdpLosses(udpBefore, t, ports);

    // The migration may still be running (a slow one, or millions of keys): wait while it
    // completes groups; give up after a grace period without one.
    this.progress.update({ phase: 'finishing', opsPerSec: null, p50Ms: null, p99Ms: null });
    const groupTicker = setInterval(() => void this.tickGroups(), 1000);
    // A cancelled migration not started again leaves the shard at the source: nothing to wait for.
    const ended = await this.guard(
      live.migration.state === 'cancelled' || (c.manualMigration === true && live.migration.state === 'none')
        ? Promise.resolve(undefined)
        : this.migrationEnd(),
    ).finally(() => clearInterval(groupTicker));
    await this.tickGroups();
    const finished = ended?.type === 'finished';
    if (finished) await this.waitForRouting();
    const counters = await this.migrationCounters(live.source, live.destination);
    const atSource = live.migration.state === 'cancelled' || live.migration.state === 'none';

    const records = clientResults.map((m, i) => {
      const slot = this.slots[i] as ClientSlot;
      return this.clientRecord(m, [...slot.killedWrites(), ...readHistory(slot.history)]);
    });
    const clientOps = records.flatMap((r) => r.results.history);
    const loaderRecord =
      loaded === undefined
        ? preloadClientRecord(c.clients, preloadHistory(c.records, clientOps, preloadedAtMs))
        : this.clientRecord(loaded, readHistory(loaderHistory));
    const allOps = [...loaderRecord.results.history, ...clientOps];

    let audited: ShardAudit | undefined;
    if (c.audit && (finished || atSource) && this.auditor !== undefined) {
      this.progress.update({ phase: 'audit' });
      // The shard's owner: the destination, or the source when the migration was cancelled.
      const owner = atSource ? 'source' : 'destination';
      audited = await auditShard(this.auditor, (p) => this.guard(p), c, t, allOps, owner, live[owner]);
    }
    const audit = audited?.audit;
    const sourceProbe = audited?.sourceProbe;
    const auditUnanswered = audited?.unanswered ?? 0;
    const auditSamples = audited?.samples ?? [];
    const injected = await impairments.finalLog(t, startedAtMs);
    if (injected.records.length > 0)
      writeFileSync(join(this.logDir, '..', 'impairments.json'), `${JSON.stringify(injected.records, null, 2)}\n`);
    this.progress.update({ phase: 'stopping' });
    // Peak memory after the audit (the destination's largest moment), before anything stops.
    cpu.notePeaks();
    const peakRssMb = cpu.peakRssMb();
    if (Object.keys(peakRssMb).length > 0) peakRssMb.orchestrator = Math.round(process.resourceUsage().maxRSS / 1024);
    await this.closeAuditor();
    await this.group.shutdown();
    for (const h of [loaderHistory, ...this.slots.flatMap((s) => s.files())]) rmSync(h, { force: true });

    const record: RunRecord = {
      protocol: c.protocol === 'source' ? 'source-based' : c.protocol,
      parameters: reportParameters(c),
      startedAtMs,
      endedAtMs,
      clients: [...records, loaderRecord],
      migrationEvents: this.migrationEvents,
      migrationCounters: counters,
      ...(audit === undefined ? {} : { audit }),
      ...(cpuSamples.length === 0 ? {} : { cpuSamples }),
      ...(Object.keys(peakRssMb).length === 0 ? {} : { peakRssMb }),
      ...(udp === undefined ? {} : { udp }),
      ...(this.serverSamples.length === 0 ? {} : { serverSamples: this.serverSamples }),
    };
    const summarized = summarizeRun(record);
    // The loader is kept with the clients (its writes are in the checked histories) but it is
    // not a workload client.
    summarized.summary.clients.clients = c.clients;
    return {
      results: summarized,
      summaryText: formatRunSummary(summarized.summary),
      build,
      sourceProbe,
      controllerEvents: this.controllerEvents,
      faults: faults.records,
      shardAtSource: atSource && this.live?.migration.starts !== 0,
      auditUnanswered,
      auditSamples,
      impairmentLines: injected.lines,
      impairments: injected.records,
    };
  }

  /** Collects a (re)started controller's events. */
  private adoptController(mb: ChildMailbox): void {
    this.controllerStarts++;
    mb.onMessage((m) => {
      if (m.event === 'controller') this.controllerEvents.push(m as unknown as ControllerEvent);
    });
  }

  /** Client i again, as a new process with a new id (its tags stay unique), for the rest of the run. */
  private async restartClient(t: Topology, switchPorts: Record<string, string>, i: number): Promise<ChildMailbox> {
    const slot = this.slots[i];
    const live = this.live;
    if (slot === undefined || live === undefined) throw new Error(`no client ${i}`);
    slot.killed();
    const r = restartedClientSpec(i, t, switchPorts, this.c, slot, this.runEndsAtMs);
    const mb = await this.start(r.spec);
    slot.attach(mb, (r.remainingS + 120) * 1000);
    live.clients[i] = mb;
    return mb;
  }

  private onSourceMessage(m: Message, t: Topology): void {
    if (m.event !== 'migration') return;
    const atMs = wallClockMs();
    if (this.live !== undefined) noteMigrationEvent(this.live.migration, m);
    switch (m.type) {
      case 'started':
        this.migrationEvents.push({
          kind: 'started',
          atMs,
          protocol: String(m.protocol),
          groupCount: Number(m.groupCount),
          threads: Number(m.threads),
        });
        this.progress.update({ phase: 'migrating', groupsTotal: Number(m.groupCount) });
        return;
      case 'groups':
        for (const e of expandGroupEvents(m, atMs)) this.migrationEvents.push(e);
        return;
      case 'route-switch':
        this.migrationEvents.push({ kind: 'route-switch', atMs });
        this.live?.controller.send({
          cmd: 'redirect',
          source: { ip: t.source.ip, dbPort: t.sourceDbPort },
          destination: { ip: t.destination.ip, dbPort: t.destinationDbPort },
        });
        return;
      case 'finished':
        this.migrationEvents.push({ kind: 'finished', atMs, durationMs: Number(m.durationMs) });
        this.progress.update({ phase: 'after' });
        return;
      case 'failed':
        this.migrationEvents.push({ kind: 'failed', atMs, reason: String(m.reason) });
        this.progress.log(
          m.reason === 'cancelled' ? 'migration cancelled: rolling back' : `migration failed: ${String(m.reason)}`,
        );
        return;
    }
  }

  /**
   * After the migration the switch must send the shard to the destination: NetMigrate's
   * TERMINATE and the Source-based / Rocksteady route switch install that redirect. Fulva's
   * clients learn the new address from replies; the network does not change.
   */
  private async waitForRouting(): Promise<void> {
    const kind = { netmigrate: 'terminate', source: 'redirect', rocksteady: 'redirect', fulva: undefined }[
      this.c.protocol
    ];
    const live = this.live;
    if (kind === undefined || live === undefined) return;
    const controller = live.controller;
    // A restarted controller may have missed the digest: after 3 s, replay what it lacks.
    const done = () => this.controllerEvents.some((e) => e.kind === kind);
    const deadline = Date.now() + 10_000;
    let replayed = this.controllerStarts <= 1;
    while (!done() && Date.now() < deadline) {
      await this.guard(new Promise((r) => setTimeout(r, 20)));
      if (!replayed && Date.now() > deadline - 7_000) {
        replayed = true;
        await this.guard(this.faults?.replayMissed() ?? Promise.resolve());
      }
    }

    if (!done()) this.progress.log(`the controller reported no ${kind} within 10 s (see logs/${controller.name}.log)`);
  }

  private async migrationCounters(
    source: ChildMailbox,
    destination: ChildMailbox,
  ): Promise<Partial<MigrationCounters>[]> {
    const out: Partial<MigrationCounters>[] = [];
    for (const s of [source, destination]) {
      const r = await this.guard(s.ask({ cmd: 'report' }, 'report'));
      const m = r.migration as Partial<MigrationCounters> | undefined;
      if (m !== undefined) out.push(m);
    }
    return out;
  }

  private clientRecord(m: Message, history: HistoryOp[]): ClientRecord {
    return clientRecordOf(m, history, this.samples.get(Number(m.clientId)));
  }

  /** Once a second: counters from every client (samples, ops/s) and the source's group progress. */
  private async tick(clients: readonly ChildMailbox[], source: ChildMailbox): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const reports = await Promise.all(clients.map((cl) => cl.ask({ cmd: 'report' }, 'report', 2000)));
      const now = wallClockMs();
      const { ops, latency } = absorbClientReports(reports, this.samples, now);
      const rate = now > this.lastOpsAt ? ((ops - this.lastOps) * 1000) / (now - this.lastOpsAt) : null;
      this.lastOps = ops;
      this.lastOpsAt = now;
      this.progress.update({
        opsPerSec: rate,
        ...(latency === undefined ? {} : { p50Ms: latency.p50Ms, p99Ms: latency.p99Ms }),
      });
      await this.tickGroups(source);
      const destination = this.live?.destination;
      if (destination !== undefined)
        this.noteServerStats('kv-destination', await destination.ask({ cmd: 'report' }, 'report', 2000));
    } catch {
      // A client that just finished no longer answers; the next tick (or the end) takes over.
    } finally {
      this.ticking = false;
    }
  }

  /** The source's end-of-migration event, waiting as long as groups keep completing within the grace period. */
  private async migrationEnd(): Promise<Message | undefined> {
    for (;;) {
      const before = this.groupsCompleted;
      const source = this.live?.source;
      if (source === undefined) return undefined;
      const ended = await source
        .next(
          // A cancelled migration's failure is not its end: it is started again (docs/faults.md).
          (m) =>
            m.event === 'migration' && (m.type === 'finished' || (m.type === 'failed' && m.reason !== 'cancelled')),
          this.c.finishGraceS * 1000,
          'end of migration',
        )
        .catch((e: unknown) => {
          if (e instanceof WaitFailed && e.reason === 'TIMEOUT') return undefined;
          throw e;
        });
      if (ended !== undefined || this.groupsCompleted === before) return ended;
    }
  }

  /** Keeps a server report's GC and NIC figures while the clients run (cluster/process-noise.ts). */
  private noteServerStats(server: string, report: Message): void {
    const stats = report.stats as ProcessStats | undefined;
    if (stats !== undefined && this.runEndsAtMs > 0) this.serverSamples.push({ atMs: wallClockMs(), server, stats });
  }

  /** Groups migrated so far, from the source's counters. */
  private async tickGroups(source: ChildMailbox | undefined = this.live?.source): Promise<void> {
    if (source === undefined) return;
    try {
      const s = await source.ask({ cmd: 'report' }, 'report', 2000);
      this.noteServerStats('kv-source', s);
      const m = s.migration as Partial<MigrationCounters> | undefined;
      if (m !== undefined) {
        this.groupsCompleted = m.groupsCompleted ?? 0;
        this.progress.update({ groupsCompleted: this.groupsCompleted, groupsTotal: m.groupCount ?? 0 });
      }
    } catch {
      // The source is busy or gone; the summary reports the final figures.
    }
  }
}
