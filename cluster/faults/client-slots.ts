// A workload client's place in a run, across restarts (docs/faults.md "Process faults"): the
// process that holds it now, its history file, its write journal, and the results of
// whichever process ends the run in it. A killed process's writes come back from its journal.

import { type HistoryOp, wallClockMs } from '../../client/history.js';
import type { ChildMailbox, Message } from '../child-mailbox.js';
import type { ExperimentConfig } from '../experiment-config.js';
import { clientSpec } from '../experiment-processes.js';
import type { ChildSpec } from '../process-group.js';
import type { Topology } from '../topology.js';
import { journalWrites } from './journal.js';

export class ClientSlot {
  mailbox: ChildMailbox | undefined;
  /** Restarts so far: the n-th process writes `<history>.r<n>` and its journal beside. */
  restarts = 0;
  private readonly killedJournals: string[] = [];
  private resolve!: (m: Message) => void;
  private reject!: (e: unknown) => void;
  /** The results of the process in this slot when the run phase ends. */
  readonly results: Promise<Message>;

  constructor(private readonly baseHistory: string) {
    this.results = new Promise<Message>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.results.catch(() => {});
  }

  /** The current process's history file. */
  get history(): string {
    return this.restarts === 0 ? this.baseHistory : `${this.baseHistory}.r${this.restarts}`;
  }

  get journal(): string {
    return `${this.history}.journal`;
  }

  /** Takes `mb` as the slot's process: its results are the slot's unless it is replaced first. */
  attach(mb: ChildMailbox, timeoutMs: number): void {
    this.mailbox = mb;
    mb.next((m) => m.event === 'results', timeoutMs, 'results').then(
      (m) => {
        if (this.mailbox === mb) this.resolve(m);
      },
      (e: unknown) => {
        if (this.mailbox === mb) this.reject(e);
      },
    );
  }

  /** The current process was killed: its journal is kept, the next one writes new files. */
  killed(): void {
    this.killedJournals.push(this.journal);
    this.restarts++;
    this.mailbox = undefined;
  }

  /** Every write the killed processes sent, each open-ended (it may or may not have happened). */
  killedWrites(): HistoryOp[] {
    return this.killedJournals.flatMap(journalWrites);
  }

  /** Files to remove at the end. */
  files(): string[] {
    const out: string[] = [];
    for (let r = 0; r <= this.restarts; r++) {
      const h = r === 0 ? this.baseHistory : `${this.baseHistory}.r${r}`;
      out.push(h, `${h}.journal`);
    }
    return out;
  }
}

/** Every slot's results (a slot whose process was replaced waits for the replacement). */
export function allSlotResults(slots: readonly ClientSlot[]): Promise<Message[]> {
  return Promise.all(slots.map((s) => s.results));
}

/** Adds the write journal a client fault needs (a killed client's writes come back from it). */
export function journalled(spec: ChildSpec, slot: ClientSlot, c: ExperimentConfig): ChildSpec {
  const journals = (c.faults ?? []).some((f) => f.kind === 'client');
  return journals ? { ...spec, args: [...spec.args, '--journal', slot.journal] } : spec;
}

/**
 * The command line of client i started again after a kill: the same host and port, a new
 * client id (clients + 1 + i + clients × (restart − 1): the loader is `clients`), so its
 * values' tags never repeat the killed one's, and the rest of the run as its duration.
 */
export function restartedClientSpec(
  i: number,
  t: Topology,
  switchPorts: Record<string, string>,
  c: ExperimentConfig,
  slot: ClientSlot,
  runEndsAtMs: number,
): { spec: ChildSpec; remainingS: number } {
  const remainingS = Math.max(0.5, (runEndsAtMs - wallClockMs()) / 1000);
  const id = c.clients + 1 + i + c.clients * (slot.restarts - 1);
  const port = switchPorts[String(t.clients[i]?.port ?? 0)] ?? '';
  const base = clientSpec(i, t, port, { ...c, durationS: remainingS }, slot.history);
  const args = base.args.map((a, k) => (base.args[k - 1] === '--client-id' ? String(id) : a));
  return { spec: journalled({ ...base, args }, slot, c), remainingS };
}
