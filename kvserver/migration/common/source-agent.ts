// The source side every protocol shares: freeze the dictionary, INIT, migration threads that
// each move one group at a time (group-mover.ts: GROUP_START acked → scan into shared MIGRATE
// frames → those frames and pending forwards acked → GROUP_COMPLETE acked), rate control,
// late-write forwarding, answering priority pulls, TERMINATE, and then retiring the shard. A
// SourcePolicy object says what differs per protocol: how client requests are served
// meanwhile, and the end game.

import { maxMigratePairs, migratePairCount, notFoundValue } from '../../../wire/codec.js';
import type {
  ClientReply,
  Key,
  KeyValue,
  MgMessage,
  MigrationMessage,
  MultiReadRequest,
} from '../../../wire/message.js';
import { Op, Ports, Ver } from '../../../wire/ops.js';
import { migrationWork } from '../../capacity.js';
import { serveRequest } from '../../handler.js';
import type { IncomingRequest, MigrationContext, MigrationStrategy, RequestDecision } from '../strategy.js';
import type { ChannelOptions } from './channel.js';
import { frameBytes, ReliableChannel } from './channel.js';
import type { GroupMoverHost } from './group-mover.js';
import {
  autoThreads,
  bufferWindow,
  DEFAULT_MIGRATE_WINDOW,
  MigratePacker,
  migrateFrameBytes,
  runMigrationThread,
} from './group-mover.js';
import type { GroupPlan } from './group-plan.js';
import { autoGroupRun, groupOf, MAX_GROUP_BITS, planGroups } from './group-plan.js';
import type { ShardAddress } from './peer.js';
import { addressTo, isSideChannelPort, SIDE_CHANNEL_BASE } from './peer.js';
import { MigrationEvents, newCounters } from './progress.js';
import type { MigrationRate } from './rate.js';
import { RateControl } from './rate.js';
import { flagReply, writtenKeys } from './replies.js';
import { retiredShard } from './retired.js';
import { cancellingDecision } from './rollback.js';

export interface SourceAgentOptions {
  destination: ShardAddress;
  /**
   * Migration threads, each with at most one group in flight: 1..255, or 'auto' (the default:
   * 4 to 64, or to 16 when the clients are busy, sized from the group count and the keys,
   * group-mover.ts autoThreads).
   */
  threads?: number | 'auto';
  /**
   * Whether the shard's clients are busy (client-activity.ts), asked once as the migration
   * starts: 'auto' then takes at most AUTO_BUSY_MAX_THREADS threads.
   */
  clientsBusy?: () => boolean;
  maxGroupBits?: number;
  /**
   * Groups per GROUP_START/COMPLETE: 1..255, or 'auto' (the default: 2^(group bits − 12), at
   * most 16, group-plan.ts autoGroupRun). 1 for a switch program that reads only the group id
   * (the artifact's).
   */
  groupRun?: number | 'auto';
  rate?: MigrationRate;
  /**
   * MIGRATE frames unacknowledged at once, all threads together (default: what the socket's
   * receive buffer holds while the clients are idle, at most 256; 64 while they are busy).
   */
  window?: number;
  channel?: Partial<ChannelOptions>;
}

/** What differs per protocol on the source. */
export interface SourcePolicy {
  readonly protocol: string;
  /** UDP port of thread 0's group control and data: 0xBE80 (the switch parses it) or the side channel. */
  readonly controlPortBase: number;
  /** Serves a client request while the migration runs. */
  onRequest(req: IncomingRequest, agent: SourceAgent, ctx: MigrationContext): RequestDecision;
  /** After INIT is acknowledged, before the first group. */
  afterInit?(agent: SourceAgent, ctx: MigrationContext): void;
  /** After the last group completed, before TERMINATE. */
  beforeTerminate?(agent: SourceAgent, ctx: MigrationContext): Promise<void>;
  /** Reply flags for requests that reach the retired shard; undefined = drop them. */
  readonly retiredVer: number | undefined;
  /** The switch's filters steer requests: count the ones for groups not started (the false-positive figure). */
  readonly steeredByFilters?: boolean;
}

/**
 * 'cancelling': a rollback is under way (docs/faults.md "Migration control"): requests for
 * groups whose scan began are dropped until the destination's state is imported; then
 * 'cancelled', which serves everything like 'idle' and allows a new migration.
 */
export type SourceState = 'idle' | 'migrating' | 'terminating' | 'retired' | 'failed' | 'cancelling' | 'cancelled';

class MigrationFailed extends Error {}

export class SourceAgent implements MigrationStrategy {
  readonly name: string;
  readonly counters = newCounters();
  readonly events = new MigrationEvents();
  state: SourceState = 'idle';
  plan: GroupPlan | undefined;
  /** Groups whose scan began (writes to them after this point must reach the destination). */
  private started: Uint8Array = new Uint8Array(0);
  private readonly forwards = new Map<number, Set<Promise<void>>>();
  private readonly pullsInProgress = new Set<string>();
  /** Writes the destination proxied here (idle-groups.ts), by `ip:seq`: 'pending' or the reply to repeat. */
  private readonly proxiedWrites = new Map<string, ClientReply | 'pending'>();
  private readonly pullTasks = new Set<Promise<void>>();
  private channel: ReliableChannel | undefined;
  private readonly rate: RateControl;
  private ctx: MigrationContext | undefined;
  private notFound: Uint8Array = new Uint8Array(0);
  private startedAt = 0;
  private done: Promise<void> = Promise.resolve();

  constructor(
    readonly policy: SourcePolicy,
    readonly options: SourceAgentOptions,
  ) {
    this.name = `${policy.protocol}-source`;
    this.rate = new RateControl(options.rate);
  }

  get destination(): ShardAddress {
    return this.options.destination;
  }

  start(ctx: MigrationContext): void {
    this.ctx = ctx;
    this.notFound = notFoundValue(ctx.valueBytes);
    ctx.shard.role = 'source';
    this.channel = new ReliableChannel(
      (msg, port) => ctx.send(addressTo(ctx, this.destination, port), msg),
      ctx.valueBytes,
      this.options.channel,
    );
    // Hooks flow only after start() returns, so the run begins on a later turn.
    this.done = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.run(ctx));
  }

  onRequest(req: IncomingRequest, ctx: MigrationContext): RequestDecision {
    if (isSideChannelPort(req.frame.dstPort)) {
      if (req.msg.op === Op.MULTI_READ) return this.servePull(req, ctx);
      return this.serveProxied(req, ctx);
    }
    if (this.policy.steeredByFilters === true && this.state === 'migrating') this.judgeFilters(req);
    switch (this.state) {
      case 'idle':
      case 'failed':
      case 'cancelled':
        return 'serve';
      case 'cancelling':
        return cancellingDecision(this, req);
      case 'retired':
        return this.retired().onRequest(req, ctx);
      case 'terminating':
        // TERMINATE is on its way. A write served here now would be forwarded after the last
        // wait for forwards, reach the destination after TERMINATE (a late duplicate there,
        // acknowledged but not applied) and be acknowledged to the client: lost. Dropped
        // instead, it is resent, and the resend reaches the destination once the route switched.
        if (writtenKeys(req.msg).length > 0) {
          this.counters.pausedRequests++;
          return 'handled';
        }
        return this.policy.onRequest(req, this, ctx);
      default:
        return this.policy.onRequest(req, this, ctx);
    }
  }

  onControl(msg: MigrationMessage): boolean {
    return this.channel?.onReply(msg) ?? false;
  }

  onReply(msg: ClientReply): boolean {
    return this.channel?.onReply(msg) ?? false;
  }

  async finish(): Promise<MigrationStrategy | undefined> {
    await this.done;
    return this.state === 'retired' ? this.retired() : undefined;
  }

  private retiredStrategy: MigrationStrategy | undefined;
  private retired(): MigrationStrategy {
    this.retiredStrategy ??= retiredShard(this.policy.protocol, this.policy.retiredVer, this.counters);
    return this.retiredStrategy;
  }

  abort(reason: string, ctx: MigrationContext): void {
    if (this.state === 'retired' || this.state === 'failed') return;
    this.fail(reason, ctx);
  }

  /**
   * Starts a rollback: the migration stops where it is (every outstanding control packet is
   * abandoned; false once TERMINATE was sent), and until `completeCancel` the groups whose scan began are served by nobody
   * here (their newest state is at the destination). False when there is nothing to cancel.
   */
  beginCancel(): boolean {
    // Once TERMINATE is on its way the destination may have taken over (and forgotten its
    // guards, the deletes among them): too late to roll back, as with Valkey's last step.
    if (this.state !== 'migrating' && this.state !== 'failed') return false;
    this.state = 'cancelling';
    this.channel?.close();
    this.events.emit('failed', { protocol: this.policy.protocol, reason: 'cancelled' });
    return true;
  }

  /** Ends a rollback once the destination's state is applied here: this shard owns every key again. */
  completeCancel(): void {
    if (this.state !== 'cancelling') return;
    this.state = 'cancelled';
    this.ctx?.shard.store.unfreeze();
  }

  /** True when `key`'s group has begun its scan (so a write to it must be forwarded or marked dirty). */
  groupStarted(key: Key): boolean {
    return this.plan !== undefined && this.started[groupOf(this.plan, key)] === 1;
  }

  /**
   * Applies a write or delete here, forwards the keys' new state to the destination through
   * the reliable channel, and answers the client only once the destination acknowledged it,
   * so no reader there can miss an acknowledged write. The group's COMPLETE waits for it.
   */
  forwardAndReply(req: IncomingRequest, ctx: MigrationContext, overhead: 'late' | 'dirty'): RequestDecision {
    const reply = serveRequest(req.msg, ctx.shard, this.notFound);
    const keys = writtenKeys(req.msg);
    const sends = keys.map((k) => this.forwardKey(k, overhead));
    void Promise.all(sends).then((oks) => {
      if (oks.every(Boolean)) ctx.reply(req, reply);
    });
    return 'handled';
  }

  /** Sends `key`'s current state (value or deletion) to the destination; resolves true when acknowledged. */
  forwardKey(key: Key, overhead: 'late' | 'dirty'): Promise<boolean> {
    const ctx = this.ctx as MigrationContext;
    const channel = this.channel as ReliableChannel;
    const plan = this.plan as GroupPlan;
    const g = groupOf(plan, key);
    const value = ctx.shard.store.get(key);
    const msg: MgMessage =
      value === undefined
        ? { op: Op.DELETE, seq: channel.nextSeq(), dbPort: this.destination.dbPort, bitmap: 1, key }
        : { op: Op.MIGRATE, seq: channel.nextSeq(), dbPort: this.destination.dbPort, pairs: [{ key, value }] };
    const port = value === undefined ? SIDE_CHANNEL_BASE : this.controlPort(g);
    const bytes = frameBytes(msg, ctx.valueBytes);
    // Charged to a capped source's budget, not paced: the write it follows is waiting on it.
    ctx.capacity.chargeMigration(migrationWork(value === undefined ? 0 : 1));
    if (overhead === 'late') {
      this.counters.lateWrites++;
      this.counters.lateWriteBytes += bytes;
    } else {
      this.counters.dirtyResent++;
      this.counters.dirtyBytes += bytes;
    }
    const p = channel.request(msg, port).then((r) => {
      if (!r.ok) this.fail(`forward of key ${key} unanswered`, ctx);
      return r.ok;
    });
    let set = this.forwards.get(g);
    if (set === undefined) {
      set = new Set();
      this.forwards.set(g, set);
    }
    const tracked = p.then(() => undefined);
    set.add(tracked);
    void tracked.then(() => set.delete(tracked));
    return p;
  }

  /** Tells the orchestrator to send the shard's traffic to the destination from now on. */
  emitRouteSwitch(ctx: MigrationContext): void {
    this.events.emit('route-switch', {
      protocol: this.policy.protocol,
      sourceIp: ctx.ip,
      sourceDbPort: ctx.shard.dbPort,
      destinationMac: this.destination.mac,
      destinationIp: this.destination.ip,
      destinationDbPort: this.destination.dbPort,
    });
  }

  private controlPort(group: number): number {
    const plan = this.plan as GroupPlan;
    const t = plan.threads.findIndex((r) => group >= r.first && group < r.end);
    return this.policy.controlPortBase + (Math.max(0, t) % Ports.PER_ROLE);
  }

  private async run(ctx: MigrationContext): Promise<void> {
    if (this.state !== 'idle') return;
    this.state = 'migrating';
    this.startedAt = performance.now();
    const store = ctx.shard.store;
    const sizeExp = store.freeze();
    const maxGroupBits = this.options.maxGroupBits ?? MAX_GROUP_BITS;
    const asked = this.options.threads ?? 'auto';
    const groupBits = Math.min(sizeExp, maxGroupBits);
    const groupCount = 2 ** groupBits;
    const askedRun = this.options.groupRun ?? 'auto';
    const clientsBusy = this.options.clientsBusy?.() === true;
    // As many frames in flight as the receive buffers hold while the clients are idle (64
    // frames are about one and a half batched datagrams); busy clients keep 64, since every
    // frame in flight queues ahead of their requests (docs/scale.md "The window and the
    // socket buffers").
    const window =
      this.options.window ??
      (clientsBusy
        ? DEFAULT_MIGRATE_WINDOW
        : bufferWindow(ctx.receiveBufferBytes?.() ?? 0, migrateFrameBytes(ctx.valueBytes)));
    this.counters.migrateWindow = window;
    // Runs filled with keys only while the clients are idle: every group of a run in flight
    // is double-read by the switch, and with busy clients runs of 4-14 groups left them a
    // tenth to a quarter of their rate instead of about half (docs/scale.md "Against the
    // switch's capacity"), so busy clients keep the group-bits rule.
    const run =
      askedRun === 'auto'
        ? autoGroupRun(groupBits, clientsBusy ? undefined : store.count / groupCount, maxMigratePairs(ctx.valueBytes))
        : askedRun;
    // Threads are sized by runs: a run costs what a group did. And for the default window of
    // 64 frames, whatever the window: sized for 256 they were 64 at 200,000 keys instead of 21,
    // and their START replies waited behind the larger window, four to six times as long in
    // all, and the migration was no faster (docs/scale.md "The window and the socket buffers").
    const threads =
      asked === 'auto'
        ? autoThreads(
            Math.ceil(groupCount / run),
            store.count,
            maxMigratePairs(ctx.valueBytes),
            DEFAULT_MIGRATE_WINDOW,
            clientsBusy,
          )
        : asked;
    const plan = planGroups(sizeExp, threads, maxGroupBits, run);
    this.plan = plan;
    this.started = new Uint8Array(plan.groupCount);
    this.counters.groupCount = plan.groupCount;
    try {
      await this.must(this.pairMessage(Op.INIT, ctx), this.policy.controlPortBase);
      this.events.emit('started', {
        protocol: this.policy.protocol,
        sizeExp,
        remainExp: plan.remainExp,
        groupCount: plan.groupCount,
        threads: plan.threads.length,
      });
      this.policy.afterInit?.(this, ctx);
      const mover = this.moverHost(ctx, window);
      const packer = new MigratePacker(mover);
      await Promise.all(plan.threads.map((_, t) => runMigrationThread(mover, packer, t)));
      await this.policy.beforeTerminate?.(this, ctx);
      if (this.state !== 'migrating') return;
      this.state = 'terminating';
      for (const set of this.forwards.values()) await Promise.all([...set]);
      await Promise.all([...this.pullTasks]);
      await this.must(this.pairMessage(Op.TERMINATE, ctx), this.policy.controlPortBase);
    } catch (e) {
      if (!(e instanceof MigrationFailed)) throw e;
      return;
    }
    if (this.state !== 'terminating') return;
    // The destination owns every key now; this copy would only answer with stale data.
    this.state = 'retired';
    store.clear();
    store.unfreeze();
    this.syncCounters();
    this.events.emit('finished', {
      protocol: this.policy.protocol,
      durationMs: performance.now() - this.startedAt,
      counters: { ...this.counters },
    });
  }

  private moverHost(ctx: MigrationContext, window: number): GroupMoverHost {
    const plan = this.plan as GroupPlan;
    return {
      plan,
      channel: this.channel as ReliableChannel,
      rate: this.rate,
      counters: this.counters,
      events: this.events,
      store: ctx.shard.store,
      dbPort: this.destination.dbPort,
      valueBytes: ctx.valueBytes,
      maxPairs: maxMigratePairs(ctx.valueBytes),
      window,
      portOf: (t) => this.policy.controlPortBase + (t % Ports.PER_ROLE),
      must: (msg, port) => this.must(msg, port),
      markStarted: (g) => {
        this.started[g] = 1;
      },
      pendingForwards: (g) => {
        const pending = this.forwards.get(g);
        return pending === undefined || pending.size === 0 ? undefined : Promise.all([...pending]);
      },
    };
  }

  /** A request for a group not started reached the source without the double-read flag: the filters were right. */
  private judgeFilters(req: IncomingRequest): void {
    const msg = req.msg;
    const key = msg.op === Op.READ || msg.op === Op.WRITE || msg.op === Op.DELETE ? msg.key : msg.keys[0];
    const ver = msg.op === Op.READ ? msg.ver : msg.op === Op.MULTI_READ ? (msg.vers[0] ?? 0) : 0;
    if (key !== undefined && !this.groupStarted(key) && (ver & Ver.DOUBLE_READ) === 0) this.counters.filterTnIdle++;
  }

  /**
   * A single-key read, write or delete the destination sent for a group it has not seen start
   * (idle-groups.ts). Served here as a client request would be (a write to a group whose scan
   * began is forwarded back as a late write first); the reply names the destination's shard so
   * its agent gets it. A retransmitted write is answered again without being applied twice.
   */
  private serveProxied(req: IncomingRequest, ctx: MigrationContext): RequestDecision {
    const msg = req.msg;
    if (msg.op !== Op.READ && msg.op !== Op.WRITE && msg.op !== Op.DELETE) return 'handled';
    if (this.state !== 'migrating' && this.state !== 'terminating') return 'handled';
    const dbPort = this.destination.dbPort;
    if (msg.op === Op.READ) {
      ctx.reply(req, { ...serveRequest(msg, ctx.shard, this.notFound), dbPort });
      return 'handled';
    }
    const id = `${req.frame.srcIp}:${msg.seq}`;
    const seen = this.proxiedWrites.get(id);
    if (seen !== undefined) {
      if (seen !== 'pending') ctx.reply(req, seen);
      return 'handled';
    }
    const reply = { ...serveRequest(msg, ctx.shard, this.notFound), dbPort };
    if (!this.groupStarted(msg.key)) {
      this.proxiedWrites.set(id, reply);
      ctx.reply(req, reply);
      return 'handled';
    }
    this.proxiedWrites.set(id, 'pending');
    void this.forwardKey(msg.key, 'late').then((ok) => {
      if (!ok) {
        this.proxiedWrites.delete(id);
        return;
      }
      this.proxiedWrites.set(id, reply);
      ctx.reply(req, reply);
    });
    return 'handled';
  }

  private servePull(req: IncomingRequest, ctx: MigrationContext): RequestDecision {
    const msg = req.msg as MultiReadRequest;
    const id = `${req.frame.srcIp}:${msg.seq}`;
    // A retransmitted pull while the first is being answered: the first answer serves both.
    if (
      this.pullsInProgress.has(id) ||
      this.state === 'retired' ||
      this.state === 'cancelling' ||
      this.channel === undefined
    )
      return 'handled';
    this.pullsInProgress.add(id);
    const channel = this.channel;
    const pairs: KeyValue[] = [];
    const vers: number[] = [];
    const values: Uint8Array[] = [];
    for (let i = 0; i < 4; i++) {
      const present = (msg.bitmap >>> i) & 1;
      const key = msg.keys[i] ?? 0;
      const value = present ? ctx.shard.store.get(key) : undefined;
      if (present) this.counters.pulledKeys++;
      if (value !== undefined) pairs.push({ key, value });
      vers.push(value === undefined ? 0 : Ver.FOUND);
      values.push(value ?? this.notFound);
    }
    this.counters.pullRequests++;
    const data: MgMessage | undefined =
      pairs.length === 0
        ? undefined
        : { op: Op.MIGRATE, seq: channel.nextSeq(), dbPort: this.destination.dbPort, pairs };
    const reply: ClientReply = {
      op: Op.MULTI_READ_REPLY,
      seq: msg.seq,
      dbPort: this.destination.dbPort,
      bitmap: msg.bitmap,
      vers,
      values,
    };
    // The pull itself took a request's place in a capped source's queue; the data message it
    // sends is migration work like any other, charged but not paced (the reader is waiting).
    if (data !== undefined) {
      this.counters.pullDataMessages++;
      ctx.capacity.chargeMigration(migrationWork(pairs.length));
    }
    const task = (async () => {
      if (data !== undefined) {
        this.counters.pullBytes += frameBytes(data, ctx.valueBytes);
        const r = await channel.request(data, req.frame.dstPort);
        if (!r.ok) return;
      }
      this.counters.pullBytes += frameBytes(reply, ctx.valueBytes);
      ctx.reply(req, reply);
    })().finally(() => {
      this.pullsInProgress.delete(id);
      this.pullTasks.delete(task);
    });
    this.pullTasks.add(task);
    return 'handled';
  }

  private pairMessage(op: typeof Op.INIT | typeof Op.TERMINATE, ctx: MigrationContext): MgMessage {
    const plan = this.plan as GroupPlan;
    return {
      op,
      seq: (this.channel as ReliableChannel).nextSeq(),
      dbPort: this.destination.dbPort,
      srcAddr: ctx.ip,
      srcPort: ctx.shard.dbPort,
      dstAddr: this.destination.ip,
      dstPort: this.destination.dbPort,
      sizeExp: plan.sizeExp,
      remainExp: plan.remainExp,
    };
  }

  private async must(msg: MgMessage, port: number): Promise<MgMessage> {
    // A capped source pays for its migration from the clients' budget, at its share
    // (kvserver/capacity.ts; an uncapped one never waits here).
    const wait =
      this.ctx?.capacity.chargeMigration(migrationWork(msg.op === Op.MIGRATE ? migratePairCount(msg) : 0)) ?? 0;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const r = await (this.channel as ReliableChannel).request(msg, port);
    this.syncCounters();
    if (r.ok) return r.reply;
    this.fail(`op 0x${msg.op.toString(16)} seq ${msg.seq} ${r.reason}`, this.ctx as MigrationContext);
    throw new MigrationFailed();
  }

  private syncCounters(): void {
    const c = this.channel?.counters;
    if (c === undefined) return;
    this.counters.migrationBytes = c.bytes;
    this.counters.retransmits = c.retransmits;
    this.counters.failures = c.failures;
  }

  private fail(reason: string, ctx: MigrationContext): void {
    if (this.state !== 'migrating' && this.state !== 'terminating' && this.state !== 'idle') return;
    this.state = 'failed';
    this.channel?.close();
    ctx.shard.store.unfreeze();
    this.events.emit('failed', { protocol: this.policy.protocol, reason });
  }

  /** A reply carrying only flags, for policies that answer without serving. */
  flagReply(req: IncomingRequest, ctx: MigrationContext, ver: number): ClientReply {
    return flagReply(req.msg, ctx.shard.dbPort, ver, this.notFound);
  }
}
