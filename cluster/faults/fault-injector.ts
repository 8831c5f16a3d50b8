// Runs a run's process faults at their times and records what the system did (docs/faults.md
// "Process faults"): the controller killed and restarted (it resumes from the switch; missed
// digests are replayed from what the source reported); the switch killed (the migration in
// flight is rolled back, the switch restarts on the same ports, the controller with it, and
// the migration starts again); a client killed and restarted; the destination killed (rolled
// back with nothing returned, restarted empty, migrated again); the source killed (the run
// stops: it holds the only copy of what was not migrated); and cancel (rollback, optionally again).

import { controllerSpec, destinationSpec, switchSpec } from '../experiment-processes.js';
import { allHosts } from '../topology.js';
import { type FaultSpec, formatFault } from './fault-spec.js';
import { type LiveCluster, nextMigrationStart } from './live-cluster.js';
import { rollBack } from './rollback-driver.js';

export interface FaultRecord {
  fault: string;
  /** When it was injected, ms into the run phase. */
  atMs: number;
  /** What the system did, in order. */
  actions: string[];
  /** The error that ended the fault's handling, if any (the run then stops). */
  error?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DIGEST_OP_INIT = 0x10;
const DIGEST_OP_TERMINATE = 0x14;

export class FaultInjector {
  readonly records: FaultRecord[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<Promise<void>>();
  /** Faults run one at a time: a second one waits for the first to settle. */
  private chain: Promise<void> = Promise.resolve();
  private startedAtMs = Date.now();
  private failure: Error | undefined;

  constructor(
    private readonly l: LiveCluster,
    private readonly faults: readonly FaultSpec[],
  ) {}

  /** Schedules every fault relative to `startedAtMs` (the run phase's t = 0, wall clock). */
  schedule(startedAtMs: number): void {
    this.startedAtMs = startedAtMs;
    for (const f of this.faults) {
      const delay = Math.max(0, startedAtMs + f.atS * 1000 - Date.now());
      this.timers.push(setTimeout(() => this.enqueue(f), delay));
    }
  }

  /** Waits for faults under way (not for those not yet due); throws the first one that failed. */
  async settle(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    while (this.running.size > 0) await Promise.all([...this.running]);
    if (this.failure !== undefined) throw this.failure;
  }

  /** Seconds since the run phase began (0 before). */
  secondsIntoRun(): number {
    return Math.max(0, (Date.now() - this.startedAtMs) / 1000);
  }

  /** Every fault was handled so far (a failed one throws from settle()). */
  get failed(): Error | undefined {
    return this.failure;
  }

  /**
   * Injects `f` now, after any fault under way (migration control's cancel comes through
   * here too); resolves with its record.
   */
  injectNow(f: FaultSpec): Promise<FaultRecord | undefined> {
    return this.enqueue(f);
  }

  private enqueue(f: FaultSpec): Promise<FaultRecord | undefined> {
    const p = this.chain.then(() => this.inject(f));
    const settled = p.then(() => undefined);
    this.chain = settled;
    this.running.add(settled);
    void settled.finally(() => this.running.delete(settled));
    return p;
  }

  private async inject(f: FaultSpec): Promise<FaultRecord | undefined> {
    if (this.l.group.signal.aborted || this.failure !== undefined) return undefined;
    const record: FaultRecord = { fault: formatFault(f), atMs: Date.now() - this.startedAtMs, actions: [] };
    this.records.push(record);
    const did = (a: string) => {
      record.actions.push(a);
      this.l.log(`fault ${record.fault}: ${a}`);
    };
    try {
      switch (f.kind) {
        case 'controller':
          await this.controllerFault(f, did);
          break;
        case 'switch':
          await this.switchFault(f, did);
          break;
        case 'client':
          await this.clientFault(f, did);
          break;
        case 'destination':
          await this.destinationFault(f, did);
          break;
        case 'source':
          await this.sourceFault(did);
          break;
        case 'cancel':
          await this.cancelFault(f, did);
          break;
      }
    } catch (e) {
      record.error = e instanceof Error ? e.message : String(e);
      this.failure ??= new Error(`fault ${record.fault}: ${record.error}`);
    }
    return record;
  }

  private async kill(name: string, did: (a: string) => void): Promise<void> {
    const exit = await this.l.group.kill(name, 'SIGKILL');
    did(`killed ${name} (pid ${this.l.group.child(name)?.pid}, ${exit?.signal ?? `code ${exit?.code}`})`);
  }

  private async controllerFault(f: FaultSpec, did: (a: string) => void): Promise<void> {
    await this.kill('controller', did);
    await sleep(f.downS * 1000);
    await this.restartController(did);
  }

  /**
   * Starts the controller again: it reads back what the switch holds (pairs, sessions), and
   * the digests it missed while down are replayed from the source's events.
   */
  private async restartController(did: (a: string) => void): Promise<void> {
    const l = this.l;
    const mb = await l.start(controllerSpec(l.controlAddress, l.topology, l.config));
    l.controller = mb;
    l.adoptController(mb);
    const pairs = (mb.child.ready.pairs ?? []) as { source: { ip: number; dbPort: number }; phase: string }[];
    const t = l.topology;
    const pair = pairs.find((p) => p.source.ip === t.source.ip && p.source.dbPort === t.sourceDbPort);
    did(
      `controller restarted (pid ${mb.child.pid}); the switch held ${pair === undefined ? 'no pair' : `the pair, ${pair.phase}`}`,
    );
    await this.reconcile(pair?.phase, did);
  }

  /** Asks the controller what the switch holds and replays what it missed (a digest raised while it restarted). */
  async replayMissed(): Promise<void> {
    const state = await this.l.controller.ask({ cmd: 'state' }, 'state');
    const t = this.l.topology;
    const pairs = (state.pairs ?? []) as { source: { ip: number; dbPort: number }; phase: string }[];
    const pair = pairs.find((p) => p.source.ip === t.source.ip && p.source.dbPort === t.sourceDbPort);
    await this.reconcile(pair?.phase, (a) => this.l.log(`controller restarted earlier: ${a}`));
  }

  /** Replays what the controller missed, given the pair's phase on the switch. */
  async reconcile(phase: string | undefined, did: (a: string) => void): Promise<void> {
    const l = this.l;
    const m = l.migration;
    const t = l.topology;
    const shards = {
      source: { ip: t.source.ip, dbPort: t.sourceDbPort },
      destination: { ip: t.destination.ip, dbPort: t.destinationDbPort },
    };
    if (l.config.protocol !== 'netmigrate') {
      if (m.routeSwitched && phase !== 'redirected') {
        l.controller.send({ cmd: 'redirect', ...shards });
        did('replayed the route switch');
      }
      return;
    }
    const digest = (op: number) => ({ cmd: 'digest', op, ...shards, sizeExp: m.sizeExp, remainExp: m.remainExp });
    if ((m.state === 'running' || m.state === 'finished') && phase === undefined && m.sizeExp !== undefined) {
      l.controller.send(digest(DIGEST_OP_INIT));
      did('replayed INIT (missed while down)');
    }
    if (m.state === 'finished' && phase !== 'redirected') {
      l.controller.send(digest(DIGEST_OP_TERMINATE));
      did('replayed TERMINATE (missed while down)');
    }
  }

  private async switchFault(f: FaultSpec, did: (a: string) => void): Promise<void> {
    const l = this.l;
    const inFlight = l.migration.state === 'running';
    const finished = l.migration.state === 'finished';
    // The controller goes first: it would otherwise see its control connection close and
    // exit on its own (a death the run would count as a failure). It starts over with the switch.
    await this.kill('controller', did);
    await this.kill('switch', did);
    if (inFlight) {
      // The filters' state died with the switch: abort and roll back (docs/faults.md).
      const r = await rollBack(l, { destinationAlive: true, controller: undefined });
      did(rollbackText(r));
    }
    await sleep(f.downS * 1000);
    const sw = await l.start(restartedSwitchSpec(l));
    l.switch = sw;
    did(`switch restarted on the same ports (pid ${sw.child.pid})`);
    await this.restartController(did);
    if (finished) {
      // The migration ended before the crash: what the servers know is "the destination owns the shard".
      await this.redirectAfterRestart(did);
    }
    if (inFlight) await this.migrateAgain(f, did);
  }

  private async redirectAfterRestart(did: (a: string) => void): Promise<void> {
    const l = this.l;
    const t = l.topology;
    const done = l.controller.next(
      (m) => (m.event === 'controller' && m.kind === 'redirect') || m.event === 'error',
      30_000,
      'redirect event',
    );
    l.controller.send({
      cmd: 'redirect',
      source: { ip: t.source.ip, dbPort: t.sourceDbPort },
      destination: { ip: t.destination.ip, dbPort: t.destinationDbPort },
    });
    const e = await done;
    if (e.event === 'error') throw new Error(`redirect: ${String(e.message)}`);
    did('rebuilt the finished migration: the shard redirected to the destination');
  }

  private async migrateAgain(f: FaultSpec, did: (a: string) => void): Promise<void> {
    if (f.againS === undefined) {
      did('the source keeps the shard (again=never)');
      return;
    }
    await sleep(f.againS * 1000);
    // Wait for the source to say it started, so that the run's end waits for this migration.
    const started = nextMigrationStart(this.l.source, 30_000);
    if (!this.l.source.send({ cmd: 'migrate' })) {
      started.catch(() => {});
      throw new Error('the source is gone');
    }
    await started;
    did(`migration started again ${f.againS} s later`);
  }

  private async clientFault(f: FaultSpec, did: (a: string) => void): Promise<void> {
    const name = `client-${f.client}`;
    if (this.l.group.child(name)?.alive !== true) {
      did(`${name} had already finished: nothing to kill`);
      return;
    }
    await this.kill(name, did);
    await sleep(f.downS * 1000);
    const mb = await this.l.restartClient(f.client);
    did(`${name} restarted (pid ${mb.child.pid}); its history up to the kill is kept from its journal`);
  }

  private async destinationFault(f: FaultSpec, did: (a: string) => void): Promise<void> {
    const l = this.l;
    if (l.migration.state === 'finished')
      throw new Error('the destination was killed after the migration: it held the only copy of the shard');
    const inFlight = l.migration.state === 'running';
    await this.kill('kv-destination', did);
    if (inFlight) {
      const r = await rollBack(l, { destinationAlive: false, controller: l.controller });
      did(rollbackText(r));
    }
    await sleep(f.downS * 1000);
    const t = l.topology;
    const port = l.switchPorts[String(t.destination.port)] ?? '';
    l.destination = await l.start(destinationSpec(t, port, l.config));
    did(`kv-destination restarted empty (pid ${l.destination.child.pid})`);
    if (inFlight) await this.migrateAgain(f, did);
  }

  private async sourceFault(did: (a: string) => void): Promise<void> {
    // Not on purpose as far as the group is concerned: the run stops, naming the source.
    const c = this.l.group.child('kv-source');
    did('killed kv-source: it holds the only copy of the groups not migrated (no persistence), so the run stops');
    if (c !== undefined) process.kill(c.pid, 'SIGKILL');
  }

  private async cancelFault(f: FaultSpec, did: (a: string) => void): Promise<void> {
    const r = await rollBack(this.l, { destinationAlive: true, controller: this.l.controller });
    did(rollbackText(r));
    if (r.cancelled) await this.migrateAgain(f, did);
  }
}

export function rollbackText(r: {
  cancelled: boolean;
  previous: string;
  valuesReturned: number | undefined;
  deletesReturned: number | undefined;
  pairRemoved: boolean | undefined;
}): string {
  if (!r.cancelled) return `nothing to roll back (the migration was ${r.previous})`;
  const back =
    r.valuesReturned === undefined
      ? 'the destination is dead: nothing returned'
      : `${r.valuesReturned} values and ${r.deletesReturned} deletes returned to the source`;
  const pair = r.pairRemoved === undefined ? '' : r.pairRemoved ? ', pair removed' : ', no pair on the switch';
  return `rolled back (was ${r.previous}): ${back}${pair}`;
}

/** The switch's command line with the port addresses of its first start. */
export function restartedSwitchSpec(l: LiveCluster) {
  const spec = switchSpec(l.buildDir, l.topology, l.config);
  const ports = new Map(
    allHosts(l.topology).map((h) => [`${h.port}=127.0.0.1:0,`, `${h.port}=${l.switchPorts[String(h.port)]},`]),
  );
  const args = spec.args.map((a, i) => {
    for (const [from, to] of ports) if (a.startsWith(from)) return to + a.slice(from.length);
    return spec.args[i - 1] === '--control' ? l.controlAddress : a;
  });
  return { ...spec, args };
}
