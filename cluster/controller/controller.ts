// The NetMigrate control plane (netmigrate.md §5 and §9 "After TERMINATE"): over the switch's
// JSON-RPC control connection it installs the hosts' routes and the walk's E2E mirror session,
// then turns each INIT digest into the migration-pair entry, the double-read mirror session
// and the destination's redirect route, and each TERMINATE into a plain shard redirect with
// the filters cleared. It starts from whatever the switch already holds, so it can restart.

import { type Logger, pino } from 'pino';
import type { ControlClient, ControlResult, DigestNotification } from '../../runtime/control/client.js';
import { err, ok, type Result } from '../../runtime/result.js';
import { formatIpv4, formatMac, type Ipv4, type Mac } from '../../wire/addresses.js';
import { type HostEntry, HostMap } from './host-map.js';
import {
  ACTIONS,
  DIGEST_OP_INIT,
  DIGEST_OP_TERMINATE,
  FILTER_REGISTERS,
  FIRST_DOUBLE_READ_SESSION,
  MAX_MIRROR_SESSION,
  PAIR_DIGEST,
  TABLES,
  WALK_SESSION,
} from './names.js';

/** A KV shard: server IPv4 and dbPort. */
export interface ShardAddress {
  readonly ip: Ipv4;
  readonly dbPort: number;
}

export interface PairDigest {
  readonly op: number;
  readonly source: ShardAddress;
  readonly destination: ShardAddress;
  readonly sizeExp: number;
  readonly remainExp: number;
}

/** What the switch does for one source shard: consult the filters, or always redirect. */
export interface PairState {
  source: ShardAddress;
  destination: ShardAddress;
  destinationMac: Mac;
  phase: 'migrating' | 'redirected';
  sizeExp: number;
  remainExp: number;
  /** The I2E double-read session while migrating. */
  session: number | undefined;
}

export type ControllerEvent =
  | { kind: 'ready'; hosts: number; resumed: number }
  | { kind: 'init'; source: string; destination: string; session: number; repeated: boolean }
  | { kind: 'terminate'; source: string; destination: string; filtersCleared: boolean }
  | { kind: 'redirect'; source: string; destination: string }
  | { kind: 'ignored'; reason: string }
  | { kind: 'error'; message: string };

export type ControllerErrorCode = 'WRONG_PROGRAM' | 'UNKNOWN_HOST' | 'SWITCH_REFUSED' | 'NO_SESSION_LEFT';

export interface ControllerOptions {
  readonly control: ControlClient;
  readonly hosts: readonly HostEntry[];
  /** Where the walk's E2E session sends copies (default: the switch's first recirculation port). */
  readonly recirculationPort?: number;
  /** Subscribe to the pair digest (default true; tests may feed digests by hand). */
  readonly subscribe?: boolean;
  readonly logger?: Logger;
}

export const shardText = (s: ShardAddress) => `${formatIpv4(s.ip)}:${s.dbPort}`;
const pairKey = (s: ShardAddress) => `${s.ip}/${s.dbPort}`;
const hostRoute = (ip: Ipv4) => ({ value: ip, prefixLen: 32 });

function toNumber(v: unknown): number {
  return typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN;
}

/** Reads a pair digest's fields (numbers or "0x…" strings); undefined when one is missing. */
export function parsePairDigest(fields: Readonly<Record<string, unknown>>): PairDigest | undefined {
  const f = (name: string) => toNumber(fields[name]);
  const d = {
    op: f('op'),
    source: { ip: f('src_addr'), dbPort: f('src_port') },
    destination: { ip: f('dst_addr'), dbPort: f('dst_port') },
    sizeExp: f('size_exp'),
    remainExp: f('remain_exp'),
  };
  const all = [d.op, d.source.ip, d.source.dbPort, d.destination.ip, d.destination.dbPort, d.sizeExp, d.remainExp];
  return all.every(Number.isInteger) ? d : undefined;
}

export class NetMigrateController {
  private readonly pairs = new Map<string, PairState>();
  private readonly listeners = new Set<(e: ControllerEvent) => void>();
  /** Digests and commands run one at a time, in arrival order. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly log: Logger;
  private readonly hosts: HostMap;

  private constructor(
    private readonly control: ControlClient,
    hosts: readonly HostEntry[],
    logger: Logger | undefined,
  ) {
    this.hosts = new HostMap(hosts);
    this.log = (logger ?? pino({ level: 'silent' })).child({ component: 'controller' });
  }

  /**
   * Connects the controller to a switch running the NetMigrate program: picks up the pairs
   * already installed, installs routes and the walk session, clears the filters when no
   * migration is in flight, and subscribes to the pair digest.
   */
  static async start(o: ControllerOptions): Promise<Result<NetMigrateController, ControllerErrorCode>> {
    const c = new NetMigrateController(o.control, o.hosts, o.logger);
    const info = await c.control.call<{ tables: { name: string }[]; ports: { recirculation: number[] } }>(
      'switch.info',
    );
    if (!info.ok) return err('SWITCH_REFUSED', `switch.info: ${info.message}`);
    const names = new Set(info.value.tables.map((t) => t.name));
    const missing = Object.values(TABLES).filter((t) => !names.has(t));
    if (missing.length > 0)
      return err('WRONG_PROGRAM', `the switch does not run NetMigrate: no table ${missing.join(', ')}`);
    const recirc = o.recirculationPort ?? info.value.ports.recirculation[0];
    if (recirc === undefined) return err('WRONG_PROGRAM', 'the switch has no recirculation port for the walk session');

    const resumed = await c.resume();
    if (!resumed.ok) return resumed;
    for (const h of c.hosts.all()) {
      const r = await c.upsert(TABLES.ipv4Route, [hostRoute(h.ip)], ACTIONS.setEgressPort, { port: h.port });
      if (!r.ok) return err('SWITCH_REFUSED', `route to ${h.name}: ${r.message}`);
    }
    const walk = await c.ensureMirrorSession(WALK_SESSION, recirc, 'egress');
    if (!walk.ok) return walk;
    const def = await c.control.tableSetDefault(TABLES.walkMirror, ACTIONS.startWalkCopy, { session: WALK_SESSION });
    if (!def.ok) return err('SWITCH_REFUSED', `walk_mirror default: ${def.message}`);
    if (c.migrating().length === 0) {
      const cleared = await c.clearFilters();
      if (!cleared.ok) return cleared;
    }
    if (o.subscribe ?? true) {
      const sub = await c.control.watchDigests((d) => c.onDigest(d), [PAIR_DIGEST]);
      if (!sub.ok) return err('SWITCH_REFUSED', `digest.subscribe: ${sub.message}`);
    }
    c.log.info({ hosts: c.hosts.all().length, resumed: c.pairs.size }, 'controller ready');
    c.emit({ kind: 'ready', hosts: c.hosts.all().length, resumed: c.pairs.size });
    return ok(c);
  }

  /** Every event: INIT and TERMINATE handled, redirects installed, digests ignored, errors. */
  onEvent(listener: (e: ControllerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The pairs the switch holds, by source shard. */
  pairStates(): PairState[] {
    return [...this.pairs.values()].map((p) => ({ ...p }));
  }

  /** Handles one pair digest (INIT or TERMINATE), after every earlier one. */
  handleDigest(d: PairDigest): Promise<Result<ControllerEvent, ControllerErrorCode>> {
    return this.serialize(() => this.applyDigest(d));
  }

  /**
   * Sends the source shard's traffic to the destination shard with no filter lookups (the
   * baselines' route switch; the same state NetMigrate ends in after TERMINATE).
   */
  installShardRedirect(
    source: ShardAddress,
    destination: ShardAddress,
  ): Promise<Result<ControllerEvent, ControllerErrorCode>> {
    return this.serialize(async () => {
      const dst = this.hosts.get(destination.ip);
      if (dst === undefined) return this.refuse('UNKNOWN_HOST', `no host with address ${formatIpv4(destination.ip)}`);
      const route = await this.upsert(TABLES.redirectRoute, [hostRoute(dst.ip)], ACTIONS.redirectToDestination, {
        port: dst.port,
      });
      if (!route.ok) return this.refuse('SWITCH_REFUSED', `redirect route: ${route.message}`);
      const previous = this.pairs.get(pairKey(source));
      const r = await this.redirectPair(source, destination, dst.mac);
      if (!r.ok) return r;
      if (previous?.phase === 'migrating') await this.removeDoubleRead(previous);
      const e: ControllerEvent = { kind: 'redirect', source: shardText(source), destination: shardText(destination) };
      this.log.info(e, 'shard redirect installed');
      this.emit(e);
      return ok(e);
    });
  }

  /** Waits for queued work, stops listening, closes the control connection. */
  async close(): Promise<void> {
    await this.queue;
    this.listeners.clear();
    await this.control.close();
  }

  private onDigest(n: DigestNotification): void {
    const d = parsePairDigest(n.fields);
    if (d === undefined) {
      this.log.warn({ fields: n.fields }, 'pair digest with missing fields ignored');
      this.emit({ kind: 'ignored', reason: 'malformed pair digest' });
      return;
    }
    void this.handleDigest(d);
  }

  private async applyDigest(d: PairDigest): Promise<Result<ControllerEvent, ControllerErrorCode>> {
    if (d.op === DIGEST_OP_INIT) return this.onInit(d);
    if (d.op === DIGEST_OP_TERMINATE) return this.onTerminate(d);
    const e: ControllerEvent = { kind: 'ignored', reason: `pair digest with op 0x${d.op.toString(16)}` };
    this.log.warn(e, 'digest ignored');
    this.emit(e);
    return ok(e);
  }

  /**
   * INIT: routes and the double-read session first, the pair entry last, so that no request
   * is steered before the switch can deliver it. A repeated INIT updates the same entries.
   */
  private async onInit(d: PairDigest): Promise<Result<ControllerEvent, ControllerErrorCode>> {
    const dst = this.hosts.get(d.destination.ip);
    if (dst === undefined)
      return this.refuse('UNKNOWN_HOST', `INIT names unknown destination ${shardText(d.destination)}`);
    const existing = this.pairs.get(pairKey(d.source));
    const repeated = existing?.phase === 'migrating';
    const session = existing?.session ?? this.freeSession();
    if (session === undefined) return this.refuse('NO_SESSION_LEFT', 'every mirror session id is in use');

    const route = await this.upsert(TABLES.redirectRoute, [hostRoute(dst.ip)], ACTIONS.redirectToDestination, {
      port: dst.port,
    });
    if (!route.ok) return this.refuse('SWITCH_REFUSED', `redirect route: ${route.message}`);
    const mirror = await this.ensureMirrorSession(session, dst.port, 'ingress');
    if (!mirror.ok) return this.refuse(mirror.code, mirror.message);
    const match = [d.source.ip, d.source.dbPort];
    const fwd = await this.upsert(TABLES.mirrorFwd, match, ACTIONS.setDoubleRead, { session });
    if (!fwd.ok) return this.refuse('SWITCH_REFUSED', `mirror_fwd: ${fwd.message}`);
    const pair = await this.upsert(TABLES.migrationPair, match, ACTIONS.setMigrationPair, {
      dst_mac: formatMac(dst.mac),
      dst_addr: d.destination.ip,
      dst_port: d.destination.dbPort,
      size_exp: d.sizeExp,
      remain_exp: d.remainExp,
    });
    if (!pair.ok) return this.refuse('SWITCH_REFUSED', `migration_pair: ${pair.message}`);
    this.pairs.set(pairKey(d.source), {
      source: d.source,
      destination: d.destination,
      destinationMac: dst.mac,
      phase: 'migrating',
      sizeExp: d.sizeExp,
      remainExp: d.remainExp,
      session,
    });
    const e: ControllerEvent = {
      kind: 'init',
      source: shardText(d.source),
      destination: shardText(d.destination),
      session,
      repeated,
    };
    this.log.info({ ...e, sizeExp: d.sizeExp, remainExp: d.remainExp }, 'migration pair installed');
    this.emit(e);
    return ok(e);
  }

  /**
   * TERMINATE (§9): the pair entry becomes a plain shard redirect first (so no request falls
   * back to the retired source), then the double-read session goes, then the filters are
   * cleared — unless another migration still uses them, in which case its TERMINATE will.
   */
  private async onTerminate(d: PairDigest): Promise<Result<ControllerEvent, ControllerErrorCode>> {
    const p = this.pairs.get(pairKey(d.source));
    if (p === undefined || p.phase !== 'migrating') {
      const e: ControllerEvent = {
        kind: 'ignored',
        reason: `TERMINATE for ${shardText(d.source)} without a migration in flight`,
      };
      this.log.warn(e, 'digest ignored');
      this.emit(e);
      return ok(e);
    }
    const r = await this.redirectPair(p.source, p.destination, p.destinationMac);
    if (!r.ok) return r;
    await this.removeDoubleRead(p);
    let filtersCleared = false;
    if (this.migrating().length === 0) {
      const cleared = await this.clearFilters();
      if (!cleared.ok) return this.refuse(cleared.code, cleared.message);
      filtersCleared = true;
    }
    const e: ControllerEvent = {
      kind: 'terminate',
      source: shardText(p.source),
      destination: shardText(p.destination),
      filtersCleared,
    };
    this.log.info(e, 'migration terminated: shard redirected');
    this.emit(e);
    return ok(e);
  }

  private async redirectPair(
    source: ShardAddress,
    destination: ShardAddress,
    destinationMac: Mac,
  ): Promise<Result<true, ControllerErrorCode>> {
    const r = await this.upsert(TABLES.migrationPair, [source.ip, source.dbPort], ACTIONS.setShardRedirect, {
      dst_mac: formatMac(destinationMac),
      dst_addr: destination.ip,
      dst_port: destination.dbPort,
    });
    if (!r.ok) return this.refuse('SWITCH_REFUSED', `migration_pair redirect: ${r.message}`);
    const previous = this.pairs.get(pairKey(source));
    this.pairs.set(pairKey(source), {
      source,
      destination,
      destinationMac,
      phase: 'redirected',
      sizeExp: previous?.sizeExp ?? 0,
      remainExp: previous?.remainExp ?? 0,
      session: previous?.session,
    });
    return ok(true);
  }

  /** Drops the pair's mirror_fwd entry and its session; already gone counts as done. */
  private async removeDoubleRead(p: PairState): Promise<void> {
    const del = await this.control.tableDelete(TABLES.mirrorFwd, [p.source.ip, p.source.dbPort]);
    if (!del.ok && del.code !== 'NO_SUCH_ENTRY') this.log.error({ err: del.message }, 'mirror_fwd delete failed');
    if (p.session !== undefined) {
      const m = await this.control.mirrorDelete(p.session);
      if (!m.ok && m.code !== 'NO_SUCH_MIRROR_SESSION') this.log.error({ err: m.message }, 'mirror delete failed');
    }
    const now = this.pairs.get(pairKey(p.source));
    if (now !== undefined) now.session = undefined;
  }

  private async clearFilters(): Promise<Result<true, ControllerErrorCode>> {
    for (const r of FILTER_REGISTERS) {
      const res = await this.control.registerReset(r);
      if (!res.ok) return err('SWITCH_REFUSED', `register.reset ${r}: ${res.message}`);
    }
    this.log.info('filter registers cleared');
    return ok(true);
  }

  /** Rebuilds the pair states from the switch's migration_pair and mirror_fwd entries. */
  private async resume(): Promise<Result<true, ControllerErrorCode>> {
    type Dump = { entries: { match: Record<string, unknown>; action: string; params: Record<string, unknown> }[] };
    const pairs = await this.control.call<Dump>('table.dump', { table: TABLES.migrationPair });
    const fwd = await this.control.call<Dump>('table.dump', { table: TABLES.mirrorFwd });
    if (!pairs.ok || !fwd.ok)
      return err('SWITCH_REFUSED', `table.dump: ${pairs.ok ? '' : pairs.message} ${fwd.ok ? '' : fwd.message}`);
    const sourceOf = (m: Record<string, unknown>) => ({
      ip: toNumber(m['hdr.ipv4.dst_addr']),
      dbPort: toNumber(m['hdr.mg.db_port']),
    });
    const sessions = new Map<string, number>();
    for (const e of fwd.value.entries) sessions.set(pairKey(sourceOf(e.match)), toNumber(e.params.session));
    for (const e of pairs.value.entries) {
      const source = sourceOf(e.match);
      const migrating = e.action === ACTIONS.setMigrationPair;
      this.pairs.set(pairKey(source), {
        source,
        destination: { ip: toNumber(e.params.dst_addr), dbPort: toNumber(e.params.dst_port) },
        destinationMac: toNumber(e.params.dst_mac),
        phase: migrating ? 'migrating' : 'redirected',
        sizeExp: migrating ? toNumber(e.params.size_exp) : 0,
        remainExp: migrating ? toNumber(e.params.remain_exp) : 0,
        session: sessions.get(pairKey(source)),
      });
    }
    if (this.pairs.size > 0)
      this.log.info({ pairs: this.pairStates().map((p) => `${shardText(p.source)} ${p.phase}`) }, 'resumed');
    return ok(true);
  }

  private migrating(): PairState[] {
    return [...this.pairs.values()].filter((p) => p.phase === 'migrating');
  }

  private freeSession(): number | undefined {
    const used = new Set([...this.pairs.values()].map((p) => p.session));
    for (let s = FIRST_DOUBLE_READ_SESSION; s <= MAX_MIRROR_SESSION; s++) if (!used.has(s)) return s;
    return undefined;
  }

  /** A session with this port and direction exists afterwards (replaced when it differed). */
  private async ensureMirrorSession(
    session: number,
    egressPort: number,
    direction: 'ingress' | 'egress',
  ): Promise<Result<true, ControllerErrorCode>> {
    const list = await this.control.call<{ sessions: { id: number; direction: string; egressPort: number }[] }>(
      'mirror.list',
    );
    if (!list.ok) return err('SWITCH_REFUSED', `mirror.list: ${list.message}`);
    const s = list.value.sessions.find((x) => x.id === session);
    if (s !== undefined && s.egressPort === egressPort && s.direction === direction) return ok(true);
    if (s !== undefined) await this.control.mirrorDelete(session);
    const r = await this.control.mirrorAdd(session, egressPort, direction);
    return r.ok ? ok(true) : err('SWITCH_REFUSED', `mirror.add ${session}: ${r.message}`);
  }

  /** Adds an entry, or changes the action of the entry with the same match. */
  private async upsert(table: string, match: unknown, action: string, params: unknown): Promise<ControlResult> {
    const added = await this.control.tableAdd(table, match, action, params);
    if (added.ok || added.code !== 'DUPLICATE_ENTRY') return added;
    return this.control.call('table.modify', { table, match, action, params });
  }

  private refuse(code: ControllerErrorCode, message: string): Result<never, ControllerErrorCode> {
    this.log.error({ code }, message);
    this.emit({ kind: 'error', message });
    return err(code, message);
  }

  private emit(e: ControllerEvent): void {
    for (const l of this.listeners) l(e);
  }

  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
