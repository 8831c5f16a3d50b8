// Network impairments in a `netmigrate run` (docs/faults.md): the --impair specs with their
// targets named by host (source, destination, clients, client-0, loader, auditor, all) or by
// switch port, turned into `p4ts switch --impair` arguments for the whole run or into
// control-plane `port.impair` calls between the migration's start and end.

import { ControlClient } from '../runtime/control/client.js';
import { formatImpairment, type ImpairSpec, parseImpairSpec } from '../runtime/ports/impairment-spec.js';
import type { ImpairmentRecord } from '../runtime/ports/port-impairments.js';
import type { CabledHost, Topology } from './topology.js';

/**
 * `all` is every host of the experiment but the auditor: the auditor is the run's instrument
 * (it reads every key back after the migration), not part of the system under test. Name it
 * to impair it too.
 */
const GROUPS = ['all', 'source', 'destination', 'servers', 'clients', 'loader', 'auditor'] as const;

/** Checks every spec and target name that does not need the topology; messages for usage errors. */
export function impairProblems(specs: readonly string[]): string[] {
  const problems: string[] = [];
  for (const text of specs) {
    const r = parseImpairSpec(text);
    if (!r.ok) {
      problems.push(`--impair ${r.message}`);
      continue;
    }
    for (const t of r.value.targets)
      if (!(GROUPS as readonly string[]).includes(t) && !/^client-\d+$/.test(t) && !/^\d+$/.test(t))
        problems.push(
          `--impair ${text}: target ${t} is not a host (${GROUPS.join(', ')}, client-N) or a switch port number`,
        );
  }
  return problems;
}

function hostsOf(target: string, t: Topology): readonly CabledHost[] | undefined {
  switch (target) {
    case 'all':
      return [t.source, t.destination, ...t.clients, t.loader];
    case 'source':
      return [t.source];
    case 'destination':
      return [t.destination];
    case 'servers':
      return [t.source, t.destination];
    case 'clients':
      return t.clients;
    case 'loader':
      return [t.loader];
    case 'auditor':
      return [t.auditor];
  }
  const all = [t.source, t.destination, t.auditor, ...t.clients, t.loader];
  const named = all.find((h) => h.name === target || String(h.port) === target);
  return named === undefined ? undefined : [named];
}

/** One spec with its targets resolved to switch ports. */
export interface ResolvedImpairment {
  readonly text: string;
  readonly spec: ImpairSpec;
  readonly ports: number[];
  /** The spec's seed, or the run's. */
  readonly seed: number;
}

export function resolveImpairments(
  specs: readonly string[],
  t: Topology,
  defaultSeed: number,
): { ok: true; value: ResolvedImpairment[] } | { ok: false; message: string } {
  const out: ResolvedImpairment[] = [];
  for (const text of specs) {
    const r = parseImpairSpec(text);
    if (!r.ok) return { ok: false, message: `--impair ${r.message}` };
    const ports = new Set<number>();
    for (const target of r.value.targets) {
      const hosts = hostsOf(target, t);
      if (hosts === undefined) return { ok: false, message: `--impair ${text}: no host or port ${target} in this run` };
      for (const h of hosts) ports.add(h.port);
    }
    out.push({ text, spec: r.value, ports: [...ports].sort((a, b) => a - b), seed: r.value.seed ?? defaultSeed });
  }
  return { ok: true, value: out };
}

/** `p4ts switch` arguments setting the impairments from the start. */
export function switchImpairArgs(list: readonly ResolvedImpairment[]): string[] {
  return list.flatMap((r) => ['--impair', `${r.ports.join('+')}:${optionsText(r)}`]);
}

function optionsText(r: ResolvedImpairment): string {
  const parts = [formatImpairment(r.spec.config)];
  if (r.spec.direction !== 'both') parts.push(`dir=${r.spec.direction}`);
  parts.push(`seed=${r.seed}`);
  return parts.join(',');
}

/** Sets (or clears) the impairments through the switch's control plane. */
export async function applyImpairments(
  control: ControlClient,
  list: readonly ResolvedImpairment[],
  on: boolean,
): Promise<string | undefined> {
  for (const r of list) {
    const params = on ? { port: r.ports, spec: optionsText(r) } : { port: r.ports, clear: true, dir: r.spec.direction };
    const res = await control.call('port.impair', params);
    if (!res.ok) return `port.impair ${JSON.stringify(params)}: ${res.message}`;
  }
  return undefined;
}

/**
 * One run's impairments: the switch arguments (whole run), the control connection that sets
 * and clears them around the migration (--impair-during-migration), and the final log.
 */
export class RunImpairments {
  private control: ControlClient | undefined;
  /** Changes in order: the clear at the migration's end waits for the set at its start. */
  private chain: Promise<void> = Promise.resolve();

  private constructor(
    readonly list: readonly ResolvedImpairment[],
    private readonly duringMigration: boolean,
    private readonly log: (line: string) => void,
  ) {}

  /** Resolves the specs against the topology; a message when one names no host of the run. */
  static plan(
    specs: readonly string[],
    t: Topology,
    seed: number,
    duringMigration: boolean,
    log: (line: string) => void,
  ): RunImpairments | string {
    const r = resolveImpairments(specs, t, seed);
    return r.ok ? new RunImpairments(r.value, duringMigration, log) : r.message;
  }

  /** What `p4ts switch` gets: the impairments when they last the whole run, else nothing. */
  switchArgs(): string[] {
    return this.duringMigration ? [] : switchImpairArgs(this.list);
  }

  /** Connects to the switch's control plane (when there is anything to set or to read back). */
  async connect(address: string): Promise<string | undefined> {
    if (this.list.length === 0) return undefined;
    const [host, port] = address.split(':');
    const c = await ControlClient.connect({ host: host ?? '127.0.0.1', port: Number(port) });
    if (!c.ok) return c.message;
    this.control = c.value;
    return undefined;
  }

  /** The migration started (on) or ended (off): with --impair-during-migration, set or clear. */
  migration(on: boolean): void {
    const control = this.control;
    if (!this.duringMigration || control === undefined) return;
    this.chain = this.chain.then(async () => {
      const why = await applyImpairments(control, this.list, on);
      if (why !== undefined) this.log(`impairments: ${why}`);
    });
  }

  /** The switch's log of every impairment with its counters, and the report's lines on it. */
  async finalLog(t: Topology, t0Ms: number): Promise<{ records: ImpairmentRecord[]; lines: string[] }> {
    if (this.control === undefined) return { records: [], lines: [] };
    await this.chain;
    const r = await this.control.call<{ log: ImpairmentRecord[] }>('port.impairments');
    if (!r.ok) return { records: [], lines: [`impairments: the switch did not list them: ${r.message}`] };
    return { records: r.value.log, lines: formatImpairmentLog(r.value.log, t, t0Ms) };
  }

  async close(): Promise<void> {
    await this.control?.close();
    this.control = undefined;
  }
}

/** Report lines: one per port and direction, when it was set relative to `t0Ms`, and what it did. */
export function formatImpairmentLog(log: readonly ImpairmentRecord[], t: Topology, t0Ms: number): string[] {
  if (log.length === 0) return [];
  const hosts = [t.source, t.destination, t.auditor, ...t.clients, t.loader];
  const name = (port: number) => hosts.find((h) => h.port === port)?.name ?? `port ${port}`;
  const at = (ms: number) => (ms < t0Ms ? 'before the run phase' : `${((ms - t0Ms) / 1000).toFixed(2)} s`);
  const n = (x: number) => x.toLocaleString('en-US');
  return [
    'impairments injected (times from the start of the run phase; in = host to switch, out = switch to host):',
    ...log.map((r) => {
      const c = r.counters;
      const lost = c.dropped + c.flapDropped + c.queueDropped;
      const until = r.clearedAtMs === undefined ? 'the end' : at(r.clearedAtMs);
      return `  ${name(r.port)} (port ${r.port}) ${r.direction} ${r.spec} seed ${r.seed}, from ${at(r.setAtMs)} to ${until}: ${n(c.seen)} frames, ${n(lost)} lost (${n(c.dropped)} dropped, ${n(c.flapDropped)} link down, ${n(c.queueDropped)} queue full), ${n(c.duplicated)} duplicated, ${n(c.delayed)} delayed`;
    }),
  ];
}
