// The NetMigrate control plane (docs/netmigrate.md §5 and §9 "After TERMINATE"): over the switch's
// JSON-RPC control connection it installs the hosts' routes and the walk's E2E mirror session,
// then turns each INIT digest into the migration-pair entry, the double-read mirror session
// and the destination's redirect route, and each TERMINATE into a plain shard redirect with
// the filters cleared (or, for a program without one, what its own controller does). Names come
// from the program's profile (profile.ts); it starts from whatever the switch holds, so it can restart.

import { type Logger, pino } from 'pino';
import type { ControlClient, ControlResult, DigestNotification } from '../../runtime/control/client.js';
import { err, ok, type Result } from '../../runtime/result.js';
import { formatIpv4, formatMac, type Ipv4, type Mac } from '../../wire/addresses.js';
import { type HostEntry, HostMap } from './host-map.js';
import {
  type ControllerErrorCode,
  type ControllerEvent,
  type PairDigest,
  type PairState,
  parsePairDigest,
  type ShardAddress,
  shardText,
  toNumber,
} from './pair-digest.js';
import {
  type ActionCall,
  callOf,
  type ProgramProfile,
  type ResolvedProfile,
  type ResolvedRegister,
  resolveProfile,
  selectProfile,
  surfaceFromSwitchInfo,
} from './profile.js';
import {
  DIGEST_OP_INIT,
  DIGEST_OP_TERMINATE,
  FIRST_DOUBLE_READ_SESSION,
  MAX_MIRROR_SESSION,
  PROFILES,
  WALK_SESSION,
} from './profiles.js';

export interface ControllerOptions {
  readonly control: ControlClient;
  readonly hosts: readonly HostEntry[];
  /** Where the walk's E2E session sends copies (default: the switch's first recirculation port). */
  readonly recirculationPort?: number;
  /** Subscribe to the pair digest (default true; tests may feed digests by hand). */
  readonly subscribe?: boolean;
  /** The program's profile, or its name; default `auto`: the profile whose names the running program has. */
  readonly profile?: ProgramProfile | string;
  /**
   * Hosts (by name) whose switch ports may send migration control: the servers. Default:
   * every host, logged as a warning, since any of them could then forge a TERMINATE.
   */
  readonly migrationPeers?: readonly string[];
  readonly logger?: Logger;
}

const pairKey = (s: ShardAddress) => `${s.ip}/${s.dbPort}`;
const hostRoute = (ip: Ipv4) => ({ value: ip, prefixLen: 32 });
/** Cells per register.write range (the control plane's bound). */
const WRITE_CHUNK = 65536;

export class NetMigrateController {
  private readonly pairs = new Map<string, PairState>();
  private readonly listeners = new Set<(e: ControllerEvent) => void>();
  /** Digests and commands run one at a time, in arrival order. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly log: Logger;
  private readonly hosts: HostMap;

  private constructor(
    private readonly control: ControlClient,
    private readonly p: ResolvedProfile,
    hosts: readonly HostEntry[],
    logger: Logger | undefined,
  ) {
    this.hosts = new HostMap(hosts);
    this.log = (logger ?? pino({ level: 'silent' })).child({ component: 'controller', profile: p.profile.name });
  }

  /**
   * Connects the controller to a switch running a NetMigrate program: finds the program's
   * profile, picks up the pairs already installed, installs routes and the walk session,
   * clears the filters when no migration depends on them, and subscribes to the pair digest.
   */
  static async start(o: ControllerOptions): Promise<Result<NetMigrateController, ControllerErrorCode>> {
    const info = await o.control.call<{ ports: { recirculation: number[] } }>('switch.info');
    if (!info.ok) return err('SWITCH_REFUSED', `switch.info: ${info.message}`);
    const surface = surfaceFromSwitchInfo(info.value);
    const resolved =
      typeof o.profile === 'object' ? resolveProfile(o.profile, surface) : selectProfile(surface, PROFILES, o.profile);
    if (!resolved.ok) return err('WRONG_PROGRAM', `the switch does not run a NetMigrate program: ${resolved.message}`);
    const c = new NetMigrateController(o.control, resolved.value, o.hosts, o.logger);
    const p = c.p;
    const recirc = o.recirculationPort ?? info.value.ports.recirculation[0];
    if (recirc === undefined) return err('WRONG_PROGRAM', 'the switch has no recirculation port for the walk session');

    const resumed = await c.resume();
    if (!resumed.ok) return resumed;
    for (const [table, call] of [
      [p.hostRoute.table.name, p.hostRoute.defaultAction],
      [p.redirectRoute.table.name, p.redirectRoute.defaultAction],
      [p.migrationPair.table.name, p.migrationPair.defaultAction],
      [p.walkMirror.table.name, p.walkMirror.defaultAction],
    ] as const) {
      const r = await c.setDefault(table, call);
      if (!r.ok) return r;
    }
    for (const h of c.hosts.all()) {
      const r = await c.upsert(p.hostRoute.table.name, [hostRoute(h.ip)], p.hostRoute.action.name, {
        ...callOf(p.hostRoute.action, { port: h.port }),
      });
      if (!r.ok) return err('SWITCH_REFUSED', `route to ${h.name}: ${r.message}`);
    }
    const peers = await c.registerMigrationPeers(o.migrationPeers);
    if (!peers.ok) return peers;
    const walk = await c.ensureMirrorSession(WALK_SESSION, recirc, 'egress');
    if (!walk.ok) return walk;
    const walkCall = callOf(p.walkMirror.action, { session: WALK_SESSION });
    const w =
      p.walkMirror.match === undefined
        ? await c.control.tableSetDefault(p.walkMirror.table.name, p.walkMirror.action.name, walkCall)
        : await c.upsert(p.walkMirror.table.name, p.walkMirror.match, p.walkMirror.action.name, walkCall);
    if (!w.ok) return err('SWITCH_REFUSED', `${p.walkMirror.table.name}: ${w.message}`);
    if (c.filterDependent().length === 0) {
      const cleared = await c.clearFilters();
      if (!cleared.ok) return cleared;
    }
    if (o.subscribe ?? true) {
      const sub = await c.control.watchDigests((d) => c.onDigest(d), [p.pairDigest.name]);
      if (!sub.ok) return err('SWITCH_REFUSED', `digest.subscribe: ${sub.message}`);
    }
    c.log.info({ hosts: c.hosts.all().length, resumed: c.pairs.size }, 'controller ready');
    c.emit({ kind: 'ready', hosts: c.hosts.all().length, resumed: c.pairs.size });
    return ok(c);
  }

  /** The profile the controller programs the switch with. */
  get profile(): ProgramProfile {
    return this.p.profile;
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
   * baselines' route switch; the same state NetMigrate ends in after TERMINATE). Only for a
   * program with a shard-redirect action.
   */
  installShardRedirect(
    source: ShardAddress,
    destination: ShardAddress,
  ): Promise<Result<ControllerEvent, ControllerErrorCode>> {
    return this.serialize(async () => {
      if (this.p.migrationPair.redirect === undefined)
        return this.refuse(
          'UNSUPPORTED_BY_PROGRAM',
          `${this.p.profile.title} has no shard-redirect action (profile ${this.p.profile.name})`,
        );
      const dst = this.hosts.get(destination.ip);
      if (dst === undefined) return this.refuse('UNKNOWN_HOST', `no host with address ${formatIpv4(destination.ip)}`);
      const route = await this.installRedirectRoute(dst);
      if (!route.ok) return route;
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

  /**
   * Cancels the source shard's migration (docs/faults.md "Migration control"): its pair entry
   * and double read go, so every request for it reaches the source again, and the filters
   * are cleared when nothing else depends on them. A shard with no pair is already back.
   */
  cancelMigration(source: ShardAddress): Promise<Result<ControllerEvent, ControllerErrorCode>> {
    return this.serialize(async () => {
      const p = this.pairs.get(pairKey(source));
      if (p !== undefined) {
        const del = await this.control.tableDelete(this.p.migrationPair.table.name, [source.ip, source.dbPort]);
        if (!del.ok && del.code !== 'NO_SUCH_ENTRY')
          return this.refuse('SWITCH_REFUSED', `${this.p.migrationPair.table.name} delete: ${del.message}`);
        if (p.phase === 'migrating') await this.removeDoubleRead(p);
        this.pairs.delete(pairKey(source));
      }
      let filtersCleared = false;
      if (this.filterDependent().length === 0) {
        const cleared = await this.clearFilters();
        if (!cleared.ok) return this.refuse(cleared.code, cleared.message);
        filtersCleared = true;
      }
      const e: ControllerEvent = {
        kind: 'cancel',
        source: shardText(source),
        removed: p !== undefined,
        filtersCleared,
      };
      this.log.info(e, 'migration cancelled: the source serves the shard');
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
    const d = parsePairDigest(n.fields, this.p.pairDigest.fields);
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

  /** The double-read table's match for a source shard: (IPv4, dbPort), or the IPv4 alone. */
  private doubleReadMatch(source: ShardAddress): number[] {
    return this.p.doubleRead.key === 'shard' ? [source.ip, source.dbPort] : [source.ip];
  }

  /** Migrating pairs that share `source`'s double-read entry (all of its IPv4 when keyed on the address). */
  private sharingDoubleRead(source: ShardAddress): PairState[] {
    return this.migrating().filter(
      (p) => pairKey(p.source) !== pairKey(source) && this.p.doubleRead.key === 'address' && p.source.ip === source.ip,
    );
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
    const sharing = this.sharingDoubleRead(d.source);
    const other = sharing.find((p) => p.destination.ip !== d.destination.ip);
    if (other !== undefined)
      return this.refuse(
        'UNSUPPORTED_BY_PROGRAM',
        `INIT ${shardText(d.source)} → ${shardText(d.destination)}: ${this.p.profile.title} double-reads per source address, which already migrates to ${shardText(other.destination)}`,
      );
    const session = existing?.session ?? sharing[0]?.session ?? this.freeSession();
    if (session === undefined) return this.refuse('NO_SESSION_LEFT', 'every mirror session id is in use');

    const route = await this.installRedirectRoute(dst);
    if (!route.ok) return route;
    const mirror = await this.ensureMirrorSession(session, dst.port, 'ingress');
    if (!mirror.ok) return this.refuse(mirror.code, mirror.message);
    const dr = this.p.doubleRead;
    const fwd = await this.upsert(dr.table.name, this.doubleReadMatch(d.source), dr.action.name, {
      ...callOf(dr.action, { session }),
    });
    if (!fwd.ok) return this.refuse('SWITCH_REFUSED', `${dr.table.name}: ${fwd.message}`);
    const mp = this.p.migrationPair;
    const pair = await this.upsert(mp.table.name, [d.source.ip, d.source.dbPort], mp.migrate.name, {
      ...callOf(mp.migrate, {
        dstMac: formatMac(dst.mac),
        dstAddr: d.destination.ip,
        dstPort: d.destination.dbPort,
        sizeExp: d.sizeExp,
        remainExp: d.remainExp,
      }),
    });
    if (!pair.ok) return this.refuse('SWITCH_REFUSED', `${mp.table.name}: ${pair.message}`);
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
   * A program with no shard redirect keeps the pair entry and gets saturated filters instead.
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
    let filtersCleared = false;
    let unbalanced: { cells: number; of: number } | undefined;
    if (this.p.profile.afterTerminate === 'saturate-filters') {
      // With no other migration in flight every counter should be back at 0: count those that
      // are not (what doubled transitions did), before the saturation hides it.
      if (this.migrating().length === 1) unbalanced = await this.countNonZero(this.p.filters.counting);
      // Every group of the shard is migrated: bits first (groups not in flight go to the
      // destination), then counters (so do the rest), then the double read can go.
      const saturated = await this.saturateFilters();
      if (!saturated.ok) return this.refuse(saturated.code, saturated.message);
      p.phase = 'finished';
      await this.removeDoubleRead(p);
    } else {
      const r = await this.redirectPair(p.source, p.destination, p.destinationMac);
      if (!r.ok) return r;
      await this.removeDoubleRead(p);
      if (this.filterDependent().length === 0) {
        const cleared = await this.clearFilters();
        if (!cleared.ok) return this.refuse(cleared.code, cleared.message);
        filtersCleared = true;
      }
    }
    const e: ControllerEvent = {
      kind: 'terminate',
      source: shardText(p.source),
      destination: shardText(p.destination),
      filtersCleared,
      filtersSaturated: this.p.profile.afterTerminate === 'saturate-filters',
      ...(unbalanced === undefined ? {} : { unbalancedCounters: unbalanced }),
    };
    this.log.info(
      e,
      filtersCleared || this.p.profile.afterTerminate === 'shard-redirect'
        ? 'migration terminated: shard redirected'
        : 'migration terminated: filters saturated (the pair sends every group to the destination), double read removed',
    );
    this.emit(e);
    return ok(e);
  }

  private async installRedirectRoute(dst: HostEntry): Promise<Result<true, ControllerErrorCode>> {
    const rr = this.p.redirectRoute;
    const r = await this.upsert(rr.table.name, [hostRoute(dst.ip)], rr.action.name, {
      ...callOf(rr.action, { port: dst.port }),
    });
    return r.ok ? ok(true) : this.refuse('SWITCH_REFUSED', `${rr.table.name}: ${r.message}`);
  }

  private async redirectPair(
    source: ShardAddress,
    destination: ShardAddress,
    destinationMac: Mac,
  ): Promise<Result<true, ControllerErrorCode>> {
    const mp = this.p.migrationPair;
    if (mp.redirect === undefined) return this.refuse('UNSUPPORTED_BY_PROGRAM', 'no shard-redirect action');
    const r = await this.upsert(mp.table.name, [source.ip, source.dbPort], mp.redirect.name, {
      ...callOf(mp.redirect, {
        dstMac: formatMac(destinationMac),
        dstAddr: destination.ip,
        dstPort: destination.dbPort,
      }),
    });
    if (!r.ok) return this.refuse('SWITCH_REFUSED', `${mp.table.name} redirect: ${r.message}`);
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

  /** Drops the pair's double-read entry and its session (unless another pair shares them); already gone counts as done. */
  private async removeDoubleRead(p: PairState): Promise<void> {
    const now = this.pairs.get(pairKey(p.source));
    const shared = this.sharingDoubleRead(p.source).length > 0;
    if (!shared) {
      const del = await this.control.tableDelete(this.p.doubleRead.table.name, this.doubleReadMatch(p.source));
      if (!del.ok && del.code !== 'NO_SUCH_ENTRY')
        this.log.error({ err: del.message }, 'double-read entry delete failed');
      if (p.session !== undefined) {
        const m = await this.control.mirrorDelete(p.session);
        if (!m.ok && m.code !== 'NO_SUCH_MIRROR_SESSION') this.log.error({ err: m.message }, 'mirror delete failed');
      }
    }
    if (now !== undefined) now.session = undefined;
  }

  private async clearFilters(): Promise<Result<true, ControllerErrorCode>> {
    const f = this.p.filters;
    for (const r of [...f.bloom, ...f.counting, ...f.other]) {
      const res = await this.control.registerReset(r.name);
      if (!res.ok) return err('SWITCH_REFUSED', `register.reset ${r.name}: ${res.message}`);
    }
    this.log.info('filter registers cleared');
    return ok(true);
  }

  /** Cells of these registers that are not 0 (undefined when the switch refuses a read). */
  private async countNonZero(regs: readonly ResolvedRegister[]): Promise<{ cells: number; of: number } | undefined> {
    let cells = 0;
    let of = 0;
    for (const r of regs)
      for (let from = 0; from < r.size; from += WRITE_CHUNK) {
        const range = [from, Math.min(from + WRITE_CHUNK, r.size) - 1];
        const res = await this.control.call<{ values: unknown[] }>('register.read', { register: r.name, range });
        if (!res.ok) return undefined;
        of += res.value.values.length;
        const nonZero = res.value.values.flatMap((v, i) => (toNumber(v) === 0 ? [] : [[from + i, v]]));
        cells += nonZero.length;
        if (nonZero.length > 0) this.log.info({ register: r.name, cells: nonZero.slice(0, 32) }, 'counters not at 0');
      }
    return { cells, of };
  }

  /** Every bloom-filter bit 1, every counter 0: every group reads as migrated and not in flight. */
  private async saturateFilters(): Promise<Result<true, ControllerErrorCode>> {
    for (const r of this.p.filters.bloom)
      for (let from = 0; from < r.size; from += WRITE_CHUNK) {
        const range = [from, Math.min(from + WRITE_CHUNK, r.size) - 1];
        const res = await this.control.call('register.write', { register: r.name, range, value: 1 });
        if (!res.ok) return err('SWITCH_REFUSED', `register.write ${r.name}: ${res.message}`);
      }
    for (const r of this.p.filters.counting) {
      const res = await this.control.registerReset(r.name);
      if (!res.ok) return err('SWITCH_REFUSED', `register.reset ${r.name}: ${res.message}`);
    }
    this.log.info('filter registers saturated');
    return ok(true);
  }

  /** Rebuilds the pair states from the switch's migration-pair and double-read entries. */
  private async resume(): Promise<Result<true, ControllerErrorCode>> {
    type Dump = { entries: { match: Record<string, unknown>; action: string; params: Record<string, unknown> }[] };
    const mp = this.p.migrationPair;
    const dr = this.p.doubleRead;
    const pairs = await this.control.call<Dump>('table.dump', { table: mp.table.name });
    const fwd = await this.control.call<Dump>('table.dump', { table: dr.table.name });
    if (!pairs.ok || !fwd.ok)
      return err('SWITCH_REFUSED', `table.dump: ${pairs.ok ? '' : pairs.message} ${fwd.ok ? '' : fwd.message}`);
    const field = (m: Record<string, unknown>, keys: readonly string[], i: number) => toNumber(m[keys[i] ?? '']);
    // Double-read sessions by the entry's match: "ip/port" (shard key) or "ip" (address key).
    const sessions = new Map<string, number>();
    for (const e of fwd.value.entries) {
      const ip = field(e.match, dr.table.keys, 0);
      const key = dr.key === 'shard' ? pairKey({ ip, dbPort: field(e.match, dr.table.keys, 1) }) : String(ip);
      sessions.set(key, toNumber(e.params[dr.action.params.session]));
    }
    const sessionOf = (s: ShardAddress) => sessions.get(dr.key === 'shard' ? pairKey(s) : String(s.ip));
    for (const e of pairs.value.entries) {
      const source = { ip: field(e.match, mp.table.keys, 0), dbPort: field(e.match, mp.table.keys, 1) };
      const migrate = e.action === mp.migrate.name;
      const action = migrate ? mp.migrate : mp.redirect;
      if (action === undefined) continue;
      const param = (role: string) => toNumber(e.params[(action.params as Record<string, string>)[role] ?? '']);
      const session = sessionOf(source);
      this.pairs.set(pairKey(source), {
        source,
        destination: { ip: param('dstAddr'), dbPort: param('dstPort') },
        destinationMac: param('dstMac'),
        phase: !migrate
          ? 'redirected'
          : session === undefined && this.p.profile.afterTerminate === 'saturate-filters'
            ? 'finished'
            : 'migrating',
        sizeExp: migrate ? param('sizeExp') : 0,
        remainExp: migrate ? param('remainExp') : 0,
        session,
      });
    }
    if (this.pairs.size > 0)
      this.log.info({ pairs: this.pairStates().map((p) => `${shardText(p.source)} ${p.phase}`) }, 'resumed');
    return ok(true);
  }

  private migrating(): PairState[] {
    return [...this.pairs.values()].filter((p) => p.phase === 'migrating');
  }

  /** Pairs the filter registers steer: migrating ones, and finished ones on a program without a redirect action. */
  private filterDependent(): PairState[] {
    return [...this.pairs.values()].filter((p) => p.phase !== 'redirected');
  }

  private freeSession(): number | undefined {
    const used = new Set([...this.pairs.values()].map((p) => p.session));
    for (let s = FIRST_DOUBLE_READ_SESSION; s <= MAX_MIRROR_SESSION; s++) if (!used.has(s)) return s;
    return undefined;
  }

  private async setDefault(table: string, call: ActionCall | undefined): Promise<Result<true, ControllerErrorCode>> {
    if (call === undefined) return ok(true);
    const r = await this.control.tableSetDefault(table, call.action, call.params ?? {});
    return r.ok ? ok(true) : err('SWITCH_REFUSED', `${table} default ${call.action}: ${r.message}`);
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
  /** Trusts the ports of the named hosts (all hosts when none are named) to send migration control. */
  private async registerMigrationPeers(
    names: readonly string[] | undefined,
  ): Promise<Result<void, ControllerErrorCode>> {
    const table = this.p.migrationPeers;
    if (table === undefined) return ok(undefined);
    const hosts = this.hosts.all();
    const unknown = (names ?? []).filter((n) => !hosts.some((h) => h.name === n));
    if (unknown.length > 0) return this.refuse('UNKNOWN_HOST', `migration peer(s) ${unknown.join(', ')}: no such host`);
    if (names === undefined) this.log.warn('no migration peers named: every host may send migration control');
    const peers = names === undefined ? hosts : hosts.filter((h) => names.includes(h.name));
    for (const h of peers) {
      const r = await this.upsert(table.table.name, [h.port], table.action, {});
      if (!r.ok) return this.refuse('SWITCH_REFUSED', `migration peer ${h.name}: ${r.message}`);
    }
    return ok(undefined);
  }

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
