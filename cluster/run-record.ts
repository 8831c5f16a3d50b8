// The raw record of one experiment run, as the orchestrator gathers it from its processes:
// each client's results and counter samples, the migration's events and counters, and the
// post-run audit of the destination. Plain JSON-able data (times are wall-clock ms), so a
// child process can send its part over IPC; cluster/results.ts turns it into the results.

import type { ClientCounters, ClientResults } from '../client/driver.js';
import { wallClockMs } from '../client/history.js';
import type { ProcessStats } from '../client/process-stats.js';
import type { MigrationCounters, MigrationEvents } from '../kvserver/migration/common/progress.js';
import type { CpuSample } from './cpu-usage.js';
import type { ServerSample } from './process-noise.js';
import type { UdpKernelCounters } from './udp-drops.js';

/** A client's cumulative counters at one moment (wall-clock ms). */
export interface CounterSample {
  atMs: number;
  /** The client's counters, and (from a client process) its GC pauses and NIC batching (client/process-stats.ts). */
  counters: Partial<ClientCounters & ProcessStats>;
}

export interface ClientRecord {
  clientId: number;
  results: ClientResults;
  /** Periodic cumulative counter snapshots; without them per-interval counters are unknown. */
  samples?: CounterSample[];
}

/** A migration event with its wall-clock time, as the orchestrator saw it happen. */
export type MigrationEvent =
  | { kind: 'started'; atMs: number; protocol: string; groupCount: number; threads: number }
  | { kind: 'group-started'; atMs: number; group: number; thread: number }
  | { kind: 'group-completed'; atMs: number; group: number; thread: number }
  | { kind: 'route-switch'; atMs: number }
  | { kind: 'finished'; atMs: number; durationMs: number }
  | { kind: 'failed'; atMs: number; reason: string };

/** What the orchestrator found after the run by reading every key back. */
export interface DestinationAudit {
  keysChecked: number;
  /** Keys whose last acknowledged write is missing at the destination. */
  keysLost: number;
  /** Keys present at the destination with a value other than the last acknowledged write. */
  keysWrong: number;
  /** Keys the destination never answered (after every retry): not verified, so the audit fails. */
  keysUnanswered?: number;
  /** The source still answered requests for the migrated shard after the migration. */
  sourceStillServing: boolean;
}

export type ParameterValue = string | number | boolean | null;

export interface RunRecord {
  /** 'netmigrate' | 'source-based' | 'rocksteady' | 'fulva' | 'none'. */
  protocol: string;
  /** A display name, e.g. "NetMigrate-medium" (defaults to the protocol's display name). */
  label?: string;
  /** The run's parameters as the report should show them. */
  parameters: Record<string, ParameterValue>;
  /** Wall-clock ms when the run phase (measurement) began and ended. */
  startedAtMs: number;
  endedAtMs: number;
  /** Sample interval for the timeline (default 1000 ms). */
  intervalMs?: number;
  clients: ClientRecord[];
  migrationEvents: MigrationEvent[];
  /** One per migration agent (source, destination): each counts what it sent; they are summed. */
  migrationCounters: Partial<MigrationCounters>[];
  audit?: DestinationAudit;
  /** Every process's cumulative CPU, sampled during the run (cluster/cpu-usage.ts); absent without /proc. */
  cpuSamples?: CpuSample[];
  /** Each process's peak resident memory in MB (VmHWM; the orchestrator's own maxRSS); absent without /proc. */
  peakRssMb?: Record<string, number>;
  /**
   * UDP losses over the measured run (cluster/udp-drops.ts): the kernel's counters for the
   * whole machine, and each of the run's sockets' drops by name; absent without /proc.
   */
  udp?: { kernel?: UdpKernelCounters; socketDrops?: Record<string, number> };
  /** The servers' GC and NIC figures, sampled once a second while the clients ran (cluster/process-noise.ts). */
  serverSamples?: ServerSample[];
}

/** Display names of the protocols, as the paper writes them. */
export const PROTOCOL_NAMES: Record<string, string> = {
  netmigrate: 'NetMigrate',
  'source-based': 'Source-based',
  source: 'Source-based',
  rocksteady: 'Rocksteady',
  fulva: 'Fulva',
  none: 'No migration',
};

export function runLabel(record: Pick<RunRecord, 'protocol' | 'label'>): string {
  return record.label ?? PROTOCOL_NAMES[record.protocol] ?? record.protocol;
}

/**
 * Forwards an agent's typed events as timestamped MigrationEvent records (for an in-process
 * agent, or inside a kvserver process that relays them to the orchestrator over IPC).
 */
export function forwardMigrationEvents(
  events: MigrationEvents,
  sink: (e: MigrationEvent) => void,
  clock: () => number = wallClockMs,
): void {
  events.on('started', (e) =>
    sink({ kind: 'started', atMs: clock(), protocol: e.protocol, groupCount: e.groupCount, threads: e.threads }),
  );
  events.on('group-started', (e) => sink({ kind: 'group-started', atMs: clock(), group: e.group, thread: e.thread }));
  events.on('group-completed', (e) =>
    sink({ kind: 'group-completed', atMs: clock(), group: e.group, thread: e.thread }),
  );
  events.on('route-switch', () => sink({ kind: 'route-switch', atMs: clock() }));
  events.on('finished', (e) => sink({ kind: 'finished', atMs: clock(), durationMs: e.durationMs }));
  events.on('failed', (e) => sink({ kind: 'failed', atMs: clock(), reason: e.reason }));
}

/**
 * Snapshots a live counters object (KvClient.counters) every `intervalMs`; the client process
 * sends each sample to the orchestrator, which keeps them in ClientRecord.samples.
 */
export class CounterSampler {
  readonly samples: CounterSample[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly counters: () => Partial<ClientCounters>,
    intervalMs: number,
    private readonly onSample?: (s: CounterSample) => void,
    private readonly clock: () => number = wallClockMs,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  sample(): CounterSample {
    const s: CounterSample = { atMs: this.clock(), counters: { ...this.counters() } };
    this.samples.push(s);
    this.onSample?.(s);
    return s;
  }

  /** Takes a last sample and stops. */
  stop(): CounterSample {
    clearInterval(this.timer);
    return this.sample();
  }
}
