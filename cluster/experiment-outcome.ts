// What a run hands back: the outcome of `runExperiment`, its options and error codes, the
// live run's addresses for the onMigrationStarted hook; and the reading of a client process's
// results (its last message and its history file) into the run record (docs/results-format.md).

import { readFileSync } from 'node:fs';
import type { ClientResults } from '../client/driver.js';
import { type HistoryOp, NO_RESPONSE } from '../client/history.js';
import type { ImpairmentRecord } from '../runtime/ports/port-impairments.js';
import type { SourceProbe } from './audit.js';
import type { Message } from './child-mailbox.js';
import type { ControllerEvent } from './controller/pair-digest.js';
import type { ProgramProfile } from './controller/profile.js';
import type { ExperimentConfig } from './experiment-config.js';
import type { FaultRecord } from './faults/fault-injector.js';
import type { BuildErrorCode, BuildOutcome } from './netmigrate-build.js';
import type { RunResults } from './results.js';
import type { ClientRecord, CounterSample } from './run-record.js';
import type { Topology } from './topology.js';

export type OrchestratorErrorCode = 'BAD_CONFIG' | BuildErrorCode | 'PROCESS_FAILED' | 'INTERRUPTED' | 'IO_ERROR';

export interface ExperimentOutcome {
  results: RunResults;
  /** The results folder. */
  out: string;
  summaryText: string;
  build: BuildOutcome;
  /** The controller's profile of the switch program (its caveats: guarantees that do not hold with it). */
  profile: ProgramProfile;
  /** Who answered requests addressed to the source shard after the migration. */
  sourceProbe: SourceProbe | undefined;
  controllerEvents: ControllerEvent[];
  /** Each injected fault and what the system did (docs/faults.md). */
  faults: FaultRecord[];
  /** The migration was cancelled and not started again: the source owns the shard (the audit read it). */
  shardAtSource: boolean;
  /** Keys the audit could not read (no answer): not counted as lost, reported apart. */
  auditUnanswered: number;
  auditSamples: string[];
  /** The report's lines on the impairments injected (empty without --impair). */
  impairmentLines: string[];
  /** The switch's log of every impairment set in the run, with its counters at the end. */
  impairments: ImpairmentRecord[];
}

export interface RunOptions {
  /** Where the progress line and messages go (default stderr). */
  stream?: NodeJS.WriteStream;
  /** Stop the run on SIGINT/SIGTERM (default true; the CLI wants it, tests may not). */
  handleSignals?: boolean;
  /** Called with the migration control address once it listens (config.controlSocket). */
  onControlListening?: (address: string) => void;
  /**
   * Called once when the migration starts, with where everything is: a fault-injection test
   * uses it to act on the live run (send a forged frame, read the switch's counters).
   */
  onMigrationStarted?: (run: LiveRun) => void;
}

/** A running experiment's addresses, for onMigrationStarted. */
export interface LiveRun {
  readonly topology: Topology;
  /** Switch port number → its socket's HOST:PORT. */
  readonly switchPorts: Readonly<Record<string, string>>;
  /** The switch's control plane, HOST:PORT. */
  readonly control: string;
  /** How the hosts' NICs and the switch's ports frame datagrams (a frame sent into a port must use it). */
  readonly framing: ExperimentConfig['framing'];
}

/** A client's results from its last message and its history. */
export function readHistory(path: string): HistoryOp[] {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as (Omit<HistoryOp, 'response'> & { response: number | null })[];
  return raw.map((op) => ({ ...op, response: op.response ?? NO_RESPONSE }) as HistoryOp);
}

/** The run record's entry for one client: its results, its history and its counter samples. */
export function clientRecordOf(m: Message, history: HistoryOp[], samples: CounterSample[] | undefined): ClientRecord {
  const id = Number(m.clientId);
  const results: ClientResults = {
    clientId: id,
    load: m.load as ClientResults['load'],
    run: m.run as ClientResults['run'],
    counters: m.counters as ClientResults['counters'],
    traffic: m.traffic as ClientResults['traffic'],
    history,
  };
  return { clientId: id, results, ...(samples === undefined ? {} : { samples }) };
}
