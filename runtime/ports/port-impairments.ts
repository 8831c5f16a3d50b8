// The impairments of a switch's ports: at most one per port and direction, set at start
// (`p4ts switch --impair`) or at run time (control plane `port.impair`), and a log of every
// impairment ever set with what it did, for `port.impairments` and the run's report.
// The switch's receive and send paths look up `inbound[port]` / `outbound[port]` per frame.

import {
  emptyCounters,
  Impairment,
  type ImpairmentClock,
  type ImpairmentConfig,
  type ImpairmentCounters,
  REAL_CLOCK,
} from './impairment.js';
import { formatImpairment, type ImpairDirection } from './impairment-spec.js';

export const DEFAULT_IMPAIR_SEED = 1;
/** Log entries kept (the oldest cleared ones go first). */
const MAX_LOG = 1024;

export interface ImpairmentRecord {
  readonly port: number;
  readonly direction: 'in' | 'out';
  readonly spec: string;
  readonly seed: number;
  /** Wall-clock ms (Date.now()) when it was set, and when it was replaced or cleared. */
  readonly setAtMs: number;
  clearedAtMs?: number;
  readonly counters: ImpairmentCounters;
}

/** A per-port, per-direction seed from one base seed, so ports do not share a random stream. */
export function derivedSeed(base: number, port: number, direction: 'in' | 'out'): number {
  let h = (base ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (port + 1), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (direction === 'in' ? 0x51 : 0xa7), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export class PortImpairments {
  /** By port number: the impairment frames arriving at the port pass (host → switch). */
  readonly inbound: (Impairment | undefined)[] = [];
  /** By port number: the impairment frames leaving the port pass (switch → host). */
  readonly outbound: (Impairment | undefined)[] = [];
  private readonly records: ImpairmentRecord[] = [];
  private readonly live = new Map<Impairment, ImpairmentRecord>();

  constructor(
    /** Where a frame goes once it has passed: into the pipeline (in) or onto the wire (out). */
    private readonly receive: (port: number, frame: Uint8Array) => void,
    private readonly send: (port: number, frame: Uint8Array) => void,
    private readonly clock: ImpairmentClock = REAL_CLOCK,
  ) {}

  /**
   * Sets (or with `config` undefined, clears) the impairment of `ports` in `direction`. A
   * replaced impairment delivers what it holds at once, so nothing is lost by changing it.
   */
  set(
    ports: readonly number[],
    direction: ImpairDirection,
    config: ImpairmentConfig | undefined,
    seed = DEFAULT_IMPAIR_SEED,
  ): void {
    const dirs: ('in' | 'out')[] = direction === 'both' ? ['in', 'out'] : [direction];
    for (const port of ports)
      for (const dir of dirs) {
        const table = dir === 'in' ? this.inbound : this.outbound;
        const old = table[port];
        if (old !== undefined) {
          table[port] = undefined;
          old.drain();
          const rec = this.live.get(old);
          if (rec !== undefined) rec.clearedAtMs = Date.now();
          this.live.delete(old);
        }
        if (config === undefined || Object.keys(config).length === 0) continue;
        const s = derivedSeed(seed, port, dir);
        const deliver = dir === 'in' ? (f: Uint8Array) => this.receive(port, f) : (f: Uint8Array) => this.send(port, f);
        const imp = new Impairment(config, s, deliver, this.clock);
        table[port] = imp;
        const rec: ImpairmentRecord = {
          port,
          direction: dir,
          spec: formatImpairment(config),
          seed,
          setAtMs: Date.now(),
          counters: imp.counters,
        };
        this.live.set(imp, rec);
        this.records.push(rec);
        if (this.records.length > MAX_LOG) {
          const i = this.records.findIndex((r) => r.clearedAtMs !== undefined);
          if (i >= 0) this.records.splice(i, 1);
        }
      }
  }

  /** Every impairment set so far (active ones have no clearedAtMs), counters as of now. */
  log(): ImpairmentRecord[] {
    return this.records.map((r) => ({ ...r, counters: { ...r.counters } }));
  }

  /** What every impairment set on `port` did, summed per direction (for the port statistics). */
  countersOf(port: number): { in?: ImpairmentCounters; out?: ImpairmentCounters } | undefined {
    const sums: { in?: ImpairmentCounters; out?: ImpairmentCounters } = {};
    for (const r of this.records) {
      if (r.port !== port) continue;
      const sum = sums[r.direction] ?? emptyCounters();
      sums[r.direction] = sum;
      for (const k of Object.keys(sum) as (keyof ImpairmentCounters)[]) sum[k] += r.counters[k];
    }
    return sums.in === undefined && sums.out === undefined ? undefined : sums;
  }

  /** Stops every timer (the switch is closing); held frames are discarded. */
  close(): void {
    for (const t of [this.inbound, this.outbound]) for (const i of t) i?.close();
  }
}
