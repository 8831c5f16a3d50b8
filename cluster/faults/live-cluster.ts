// What the fault injector and migration control need from a running experiment: its
// processes (replaced when one restarts), how to start one, and what the servers said about
// the migration so far. The orchestrator's run implements it (cluster/orchestrator.ts).

import type { ChildMailbox, Message } from '../child-mailbox.js';
import type { ExperimentConfig } from '../experiment-config.js';
import type { ChildSpec, ProcessGroup } from '../process-group.js';
import type { Topology } from '../topology.js';

/** The migration as the source reported it (its events), for replays and rollbacks. */
export interface MigrationView {
  /** Migrations started (a rollback and a new start make 2). */
  starts: number;
  /** The running migration's table split, from its 'started' event. */
  sizeExp: number | undefined;
  remainExp: number | undefined;
  /** The current migration finished (the source retired) / failed / was cancelled. */
  state: 'none' | 'running' | 'finished' | 'failed' | 'cancelled';
  /** A baseline's route switch was requested by the current migration. */
  routeSwitched: boolean;
}

export interface LiveCluster {
  readonly group: ProcessGroup;
  readonly config: ExperimentConfig;
  readonly topology: Topology;
  readonly buildDir: string;
  /** The switch's UDP port addresses by port number, and its control address, from its first start. */
  readonly switchPorts: Record<string, string>;
  readonly controlAddress: string;
  switch: ChildMailbox;
  controller: ChildMailbox;
  source: ChildMailbox;
  destination: ChildMailbox;
  clients: ChildMailbox[];
  readonly migration: MigrationView;
  /** Starts a process of the run (fails the run when it cannot). */
  start(spec: ChildSpec): Promise<ChildMailbox>;
  /** Hooks a (re)started controller's events into the run. */
  adoptController(mb: ChildMailbox): void;
  /** Starts client i again (after a kill), with its history continued. */
  restartClient(i: number): Promise<ChildMailbox>;
  log(message: string): void;
}

/** A live cluster from its first processes, with no migration yet and no clients. */
export function newLiveCluster(fields: Omit<LiveCluster, 'migration' | 'clients'>): LiveCluster {
  return {
    ...fields,
    clients: [],
    migration: { starts: 0, sizeExp: undefined, remainExp: undefined, state: 'none', routeSwitched: false },
  };
}

/** Follows the source's migration events (a cancel is noted by the rollback, not here). */
export function noteMigrationEvent(view: MigrationView, m: Message): void {
  if (m.event !== 'migration') return;
  if (m.type === 'started') {
    view.starts++;
    view.state = 'running';
    view.sizeExp = Number(m.sizeExp);
    view.remainExp = Number(m.remainExp);
    view.routeSwitched = false;
  } else if (m.type === 'finished') view.state = 'finished';
  else if (m.type === 'failed' && m.reason !== 'cancelled') view.state = 'failed';
  else if (m.type === 'route-switch') view.routeSwitched = true;
}

/**
 * The source's next 'started' event, from now on (the mailbox also keeps earlier unclaimed
 * messages, such as the first migration's start, which must not count).
 */
export function nextMigrationStart(source: ChildMailbox, timeoutMs: number): Promise<Message> {
  return new Promise((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      reject(new Error(`${source.name}: no migration start within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    source.onMessage((m) => {
      if (done || m.event !== 'migration' || m.type !== 'started') return;
      done = true;
      clearTimeout(timer);
      resolve(m);
    });
  });
}
