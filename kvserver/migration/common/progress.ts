// What a migration reports to the orchestrator: counters (groups, pairs, bytes of migration
// traffic and of each kind of overhead) and events (started, group started/completed, route
// switch for the baselines whose end is a control-plane action, finished, failed).

import { EventEmitter } from 'node:events';

export interface MigrationCounters {
  groupCount: number;
  groupsStarted: number;
  groupsCompleted: number;
  /** Pairs sent by the scan (first copies). */
  pairsMigrated: number;
  /** Frame bytes of all migration traffic, retransmissions included. */
  migrationBytes: number;
  /** Writes (or deletes) applied at the source after their group's scan began and forwarded. */
  lateWrites: number;
  /** Frame bytes of those forwards: NetMigrate's server-side overhead (§9 "late writes"). */
  lateWriteBytes: number;
  /** Source-based: dirty pairs re-sent, and their bytes. */
  dirtyResent: number;
  dirtyBytes: number;
  /** Priority pulls: keys asked, pull requests sent, and bytes of requests, replies and data. */
  pulledKeys: number;
  pullRequests: number;
  pullBytes: number;
  /** Source: pulls answered with data (a MIGRATE message to the destination before the reply). */
  pullDataMessages: number;
  retransmits: number;
  failures: number;
  /** Client requests a retired source dropped or bounced (it no longer owns the shard). */
  retiredRequests: number;
  /**
   * Source-based: requests dropped during the final pause, and the pause's length. Every
   * protocol: writes dropped while its TERMINATE is in flight (the client's resend goes to the
   * destination).
   */
  pausedRequests: number;
  pauseMs: number;
  /**
   * The switch's filter answers, judged by the servers (docs/netmigrate.md §9 "report the measured
   * false-positive rate"). Destination: requests for groups it has not seen start that reached
   * it anyway (a BF or CBF false positive), and double-read copies of completed groups (a CBF
   * false positive, harmless); reads of completed groups that were not double-read. Source:
   * requests for groups not started that reached it without the double-read flag.
   */
  filterFpIdle: number;
  filterFpCompleted: number;
  filterTnIdle: number;
  filterTnCompleted: number;
  /** Destination: requests of not-started groups it proxied to the source (the false-positive fix). */
  proxiedToSource: number;
  /** Migration control messages refused as implausible or from a host that is not the peer. */
  rejectedControl: number;
  /** Destination: MIGRATE duplicates that arrived after TERMINATE (acknowledged, not applied). */
  lateDuplicates: number;
  /**
   * Source: where the migration threads' time went, summed over threads (ms): waiting for
   * GROUP_START acks, scanning, waiting for the group's MIGRATE (and forward) acks, waiting
   * for GROUP_COMPLETE acks, and waiting for the rate limiter (docs/scale.md "Where a group's
   * time goes").
   */
  startWaitMs: number;
  scanMs: number;
  migrateWaitMs: number;
  completeWaitMs: number;
  rateWaitMs: number;
  /** Source: the window of MIGRATE frames it kept in flight (group-mover.ts bufferWindow). */
  migrateWindow: number;
}

export function newCounters(): MigrationCounters {
  return {
    groupCount: 0,
    groupsStarted: 0,
    groupsCompleted: 0,
    pairsMigrated: 0,
    migrationBytes: 0,
    lateWrites: 0,
    lateWriteBytes: 0,
    dirtyResent: 0,
    dirtyBytes: 0,
    pulledKeys: 0,
    pullRequests: 0,
    pullBytes: 0,
    pullDataMessages: 0,
    retransmits: 0,
    failures: 0,
    retiredRequests: 0,
    pausedRequests: 0,
    pauseMs: 0,
    filterFpIdle: 0,
    filterFpCompleted: 0,
    filterTnIdle: 0,
    filterTnCompleted: 0,
    proxiedToSource: 0,
    rejectedControl: 0,
    lateDuplicates: 0,
    startWaitMs: 0,
    scanMs: 0,
    migrateWaitMs: 0,
    completeWaitMs: 0,
    rateWaitMs: 0,
    migrateWindow: 0,
  };
}

export interface MigrationStartedEvent {
  protocol: string;
  sizeExp: number;
  remainExp: number;
  groupCount: number;
  threads: number;
}

/** The shard's traffic must now reach the destination: the orchestrator installs the redirect. */
export interface RouteSwitchEvent {
  protocol: string;
  sourceIp: number;
  sourceDbPort: number;
  destinationMac: number;
  destinationIp: number;
  destinationDbPort: number;
}

export interface MigrationFinishedEvent {
  protocol: string;
  durationMs: number;
  counters: MigrationCounters;
}

export interface MigrationEventMap {
  started: [MigrationStartedEvent];
  'group-started': [{ group: number; thread: number }];
  'group-completed': [{ group: number; thread: number }];
  'route-switch': [RouteSwitchEvent];
  finished: [MigrationFinishedEvent];
  failed: [{ protocol: string; reason: string }];
}

/** Typed events of one agent (Node's EventEmitter underneath). */
export class MigrationEvents {
  private readonly emitter = new EventEmitter();

  on<K extends keyof MigrationEventMap>(event: K, listener: (...args: MigrationEventMap[K]) => void): this {
    this.emitter.on(event, listener as (...a: unknown[]) => void);
    return this;
  }

  once<K extends keyof MigrationEventMap>(event: K): Promise<MigrationEventMap[K]> {
    return new Promise((resolve) => this.emitter.once(event, (...a: unknown[]) => resolve(a as MigrationEventMap[K])));
  }

  emit<K extends keyof MigrationEventMap>(event: K, ...args: MigrationEventMap[K]): void {
    this.emitter.emit(event, ...args);
  }
}
