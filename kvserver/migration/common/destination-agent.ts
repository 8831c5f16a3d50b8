// The destination side every protocol shares: acknowledge INIT, GROUP_START/COMPLETE, MIGRATE
// and TERMINATE (duplicates too, idempotently), apply migrated data through the guard, serve
// writes (guarding their keys), serve reads it can answer and otherwise answer "retry" and
// start a priority pull, and finish every pull before acknowledging TERMINATE. A
// DestinationPolicy says what differs per protocol.

import { readU32 } from '../../../wire/addresses.js';
import { notFoundValue } from '../../../wire/codec.js';
import type { DecodedFrame } from '../../../wire/frame.js';
import { groupOfKey } from '../../../wire/key-hash.js';
import type {
  ClientReply,
  ClientRequest,
  GroupMessage,
  Key,
  MigrateMessage,
  MigrationMessage,
  MultiReadRequest,
  PairMessage,
} from '../../../wire/message.js';
import { KEY_BYTES, MULTI_SLOTS, Op, Ver } from '../../../wire/ops.js';
import type { IncomingRequest, MigrationContext, MigrationStrategy, RequestDecision } from '../strategy.js';
import type { ChannelOptions } from './channel.js';
import { ReliableChannel } from './channel.js';
import { GuardedStore } from './destination-store.js';
import { MAX_GROUP_BITS } from './group-plan.js';
import type { IdleGroupHost } from './idle-groups.js';
import { answerWithIdleGroups, requestSlots } from './idle-groups.js';
import type { ShardAddress } from './peer.js';
import { isSideChannelPort, SIDE_CHANNEL_BASE } from './peer.js';
import { MigrationEvents, newCounters } from './progress.js';
import type { PullOptions } from './puller.js';
import { PriorityPuller } from './puller.js';
import { flagReply, writtenKeys } from './replies.js';
import { exportState, type RollbackState } from './rollback.js';

/** The largest table the destination sizes at INIT (2^24 buckets, 64 MiB); a bigger one grows as keys arrive. */
const MAX_RESERVED_SIZE_EXP = 24;

export interface DestinationAgentOptions {
  pull?: Partial<PullOptions>;
  channel?: Partial<ChannelOptions>;
}

export interface DestinationPolicy {
  readonly protocol: string;
  /** Reply flag meaning "ask again later" (NetMigrate 0x08, Rocksteady 0x80); 0x02 is always set too. */
  readonly retryVer: number;
  /**
   * On a double-read miss: pull the key (NetMigrate) or only defer to the source's twin reply
   * (Fulva, whose source answers every double read it did not migrate yet).
   */
  readonly pullOnDoubleReadMiss: boolean;
  /** Extra flags and bytes to append to a reply (Fulva's piggybacked metadata). */
  decorate?(agent: DestinationAgent, req: IncomingRequest): Decoration | undefined;
  /** A COMPLETE that completed groups (a run of `msg.groupCount`, or one): its first arrival. */
  onGroupComplete?(agent: DestinationAgent, msg: GroupMessage): void;
  /** A double read this shard could not answer was left to the source (Fulva samples these). */
  onDeferredRead?(agent: DestinationAgent, key: Key): void;
  /** Keys whose pull completed (their values, if any, are applied). */
  onPulled?(agent: DestinationAgent, keys: Key[]): void;
  /**
   * The switch's filters steer requests here: keep nothing of groups not seen to start (their
   * requests go to the source, see idle-groups.ts) and judge the filters' answers (counters).
   */
  readonly steeredByFilters?: boolean;
}

export interface Decoration {
  ver: number;
  trailer?: Uint8Array;
}

export interface MigrationSetup {
  source: ShardAddress;
  sizeExp: number;
  remainExp: number;
  groupCount: number;
}

export class DestinationAgent implements MigrationStrategy {
  readonly name: string;
  readonly counters = newCounters();
  readonly events = new MigrationEvents();
  setup: MigrationSetup | undefined;
  terminated = false;
  /** A rollback froze this shard: it answers nothing until it is reset (rollback.ts). */
  frozen = false;
  guard: GuardedStore | undefined;
  private groupDone: Uint8Array = new Uint8Array(0);
  private groupStarted: Uint8Array = new Uint8Array(0);
  private idleHost: IdleGroupHost | undefined;
  private channel: ReliableChannel | undefined;
  private puller: PriorityPuller | undefined;
  private notFound: Uint8Array = new Uint8Array(0);
  private terminating: Promise<void> | undefined;
  private startedAt = 0;

  constructor(
    readonly policy: DestinationPolicy,
    readonly options: DestinationAgentOptions = {},
  ) {
    this.name = `${policy.protocol}-destination`;
  }

  start(ctx: MigrationContext): void {
    ctx.shard.role = 'destination';
    this.notFound = notFoundValue(ctx.valueBytes);
    this.guard = new GuardedStore(ctx.shard.store);
  }

  groupComplete(key: Key): boolean {
    const s = this.setup;
    if (s === undefined) return false;
    return this.groupDone[groupOfKey(key, s.sizeExp, s.remainExp)] === 1;
  }

  /** No GROUP_START (nor COMPLETE) of `key`'s group arrived yet: the source owns it. */
  groupIdle(key: Key): boolean {
    const s = this.setup;
    if (s === undefined || this.terminated) return false;
    const g = groupOfKey(key, s.sizeExp, s.remainExp);
    return this.groupStarted[g] !== 1 && this.groupDone[g] !== 1;
  }

  onControl(msg: MigrationMessage, from: DecodedFrame, ctx: MigrationContext): boolean {
    if (this.frozen) return true;
    const ack = (dbPort: number) =>
      ctx.send(
        { dstMac: from.srcMac, dstIp: from.srcIp, srcPort: from.dstPort, dstPort: from.srcPort },
        { op: (msg.op + 1) as typeof Op.INIT_REPLY, seq: msg.seq, dbPort },
      );
    const sourcePort = this.setup?.source.dbPort ?? 0;
    switch (msg.op) {
      case Op.INIT:
        if (!isPlausibleGroupPlan(msg.sizeExp, msg.remainExp)) {
          // A table split no source can have sent (docs/wire-format.md, INIT): dropped
          // unanswered, so a malformed or forged INIT cannot size the group bitmaps.
          this.counters.rejectedControl++;
          return true;
        }
        this.init(msg, from, ctx);
        ack(msg.srcPort);
        return true;
      case Op.GROUP_START: {
        if (this.setup === undefined) return false;
        // A run of groups (docs/migration-protocols.md "Runs of groups"): every one of them.
        const end = Math.min(msg.groupId + (msg.groupCount ?? 1), this.groupStarted.length);
        for (let g = msg.groupId; g < end; g++) this.groupStarted[g] = 1;
        this.counters.groupsStarted += msg.groupCount ?? 1;
        ack(sourcePort);
        return true;
      }
      case Op.GROUP_COMPLETE: {
        if (this.setup === undefined) return false;
        const end = Math.min(msg.groupId + (msg.groupCount ?? 1), this.groupDone.length);
        let fresh = false;
        for (let g = msg.groupId; g < end; g++) {
          if (this.groupDone[g] === 1) continue;
          fresh = true;
          this.groupDone[g] = 1;
          this.groupStarted[g] = 1;
          this.counters.groupsCompleted++;
          this.events.emit('group-completed', { group: g, thread: msg.threadId });
        }
        if (fresh) this.policy.onGroupComplete?.(this, msg);
        ack(sourcePort);
        return true;
      }
      case Op.MIGRATE:
        if (this.setup === undefined || this.guard === undefined) return false;
        if (this.terminating !== undefined) {
          // The source sends TERMINATE only once every MIGRATE was acknowledged, so one that
          // arrives after it is a late duplicate; the guards are being cleared, so applying it
          // could overwrite a newer client write (docs/netmigrate.md §9 "No lost updates").
          this.counters.lateDuplicates++;
          ack(sourcePort);
          return true;
        }
        // Migrated values are versioned by the carrying packet's seq: a duplicate applies nothing.
        // The store copies each value into its slab, so the views into the datagram are enough.
        this.applyMigrated(msg, ctx.valueBytes);
        ack(sourcePort);
        return true;
      case Op.TERMINATE:
        if (this.setup === undefined) return false;
        this.terminate(ctx).then(() => ack(msg.srcPort));
        return true;
      default:
        return false;
    }
  }

  private applyMigrated(msg: MigrateMessage, valueBytes: number): void {
    const guard = this.guard as GuardedStore;
    const version = msg.seq;
    let applied = 0;
    if (msg.packed === undefined) {
      for (const p of msg.pairs) if (guard.applySource(p.key, p.value, version)) applied++;
    } else {
      // Straight from the datagram's bytes: no object, view or closure call per pair.
      const { count, bytes } = msg.packed;
      const record = KEY_BYTES + valueBytes;
      for (let i = 0, at = 0; i < count; i++, at += record) {
        if (guard.applySourceFrom(readU32(bytes, at), bytes, at + KEY_BYTES, valueBytes, version)) applied++;
      }
    }
    this.counters.pairsMigrated += applied;
  }

  onReply(msg: ClientReply): boolean {
    return this.channel?.onReply(msg) ?? false;
  }

  onRequest(req: IncomingRequest, ctx: MigrationContext): RequestDecision {
    if (this.frozen) return 'handled';
    const msg = req.msg;
    const guard = this.guard as GuardedStore;
    if (isSideChannelPort(req.frame.dstPort)) {
      // A delete the source forwarded (applied at the source after its group's scan began).
      if (msg.op !== Op.DELETE || this.setup === undefined) return 'handled';
      guard.applySource(msg.key, undefined, msg.seq);
      ctx.reply(req, {
        op: Op.DELETE_REPLY,
        seq: msg.seq,
        dbPort: this.setup.source.dbPort,
        bitmap: 1,
        ver: Ver.FOUND,
      });
      return 'handled';
    }
    if (this.setup === undefined) return 'serve';
    if (this.terminated) return this.serve(req, ctx);
    if (this.policy.steeredByFilters === true && this.judgeFilters(msg)) return this.answerWithSource(req, ctx);
    for (const k of writtenKeys(msg)) guard.clientWrote(k);
    if (msg.op === Op.READ) {
      const known = guard.knowledge(msg.key, this.groupComplete(msg.key));
      if (known !== 'unknown') return this.serve(req, ctx);
      this.retryLater(req, ctx, [msg.key], (msg.ver & Ver.DOUBLE_READ) !== 0);
      return 'handled';
    }
    if (msg.op === Op.MULTI_READ) return this.multiRead(req, msg, ctx);
    return this.serve(req, ctx);
  }

  /**
   * Counts the filters' answer for `msg` (which reached this shard) and says whether some of
   * its keys belong to groups not seen to start, which the source must answer.
   */
  private judgeFilters(msg: ClientRequest): boolean {
    const keys = requestSlots(msg).filter((s) => s !== undefined);
    const first = keys[0];
    if (first === undefined) return false;
    const idle = keys.some((s) => this.groupIdle(s.key));
    const doubleRead = keys.some((s) => s.kind === 'read' && (s.ver & Ver.DOUBLE_READ) !== 0);
    if (idle) this.counters.filterFpIdle++;
    else if (first.kind === 'read' && this.groupComplete(first.key)) {
      if (doubleRead) this.counters.filterFpCompleted++;
      else this.counters.filterTnCompleted++;
    }
    return idle;
  }

  private answerWithSource(req: IncomingRequest, ctx: MigrationContext): RequestDecision {
    const host = this.idleGroupHost(ctx);
    this.counters.proxiedToSource++;
    // `req.msg` holds views of the receive buffer: every value is copied before the first wait.
    void answerWithIdleGroups(host, req.msg).then((reply) => {
      if (reply !== undefined) ctx.reply(req, { ...reply, dbPort: ctx.shard.dbPort });
    });
    return 'handled';
  }

  private idleGroupHost(ctx: MigrationContext): IdleGroupHost {
    if (this.idleHost !== undefined) return this.idleHost;
    const guard = this.guard as GuardedStore;
    const store = ctx.shard.store;
    this.idleHost = {
      channel: this.channel as ReliableChannel,
      sourceDbPort: (this.setup as MigrationSetup).source.dbPort,
      udpPort: SIDE_CHANNEL_BASE,
      notFound: this.notFound,
      retryVer: this.policy.retryVer,
      groupIdle: (k) => this.groupIdle(k),
      knowledge: (k) => guard.knowledge(k, this.groupComplete(k)),
      localGet: (k) => store.get(k),
      localWrite: (k, v) => {
        guard.clientWrote(k);
        if (v === undefined) return store.delete(k);
        store.set(k, v.slice());
        return true;
      },
      pull: (k) => this.pull(k),
    };
    return this.idleHost;
  }

  async finish(): Promise<void> {
    if (this.terminating !== undefined) await this.terminating;
  }

  abort(): void {
    this.puller?.close();
    this.channel?.close();
  }

  /** Rollback: stop answering anything and hand over what this shard holds (rollback.ts). */
  freeze(ctx: MigrationContext): RollbackState {
    this.frozen = true;
    this.abort();
    return exportState(ctx.shard.store, this.guard);
  }

  private serve(req: IncomingRequest, ctx: MigrationContext): RequestDecision {
    const d = this.policy.decorate?.(this, req);
    ctx.serve(req, d?.ver ?? 0, d?.trailer);
    return 'handled';
  }

  private retryLater(req: IncomingRequest, ctx: MigrationContext, keys: Key[], doubleRead: boolean): void {
    if (!doubleRead || this.policy.pullOnDoubleReadMiss) for (const k of keys) this.pull(k);
    else for (const k of keys) this.policy.onDeferredRead?.(this, k);
    const ver = Ver.FROM_DESTINATION | this.policy.retryVer;
    const d = this.policy.decorate?.(this, req);
    ctx.reply(req, flagReply(req.msg, ctx.shard.dbPort, ver | (d?.ver ?? 0), this.notFound), d?.trailer);
  }

  private multiRead(req: IncomingRequest, msg: MultiReadRequest, ctx: MigrationContext): RequestDecision {
    const guard = this.guard as GuardedStore;
    const vers: number[] = [];
    const values: Uint8Array[] = [];
    let unknown = 0;
    for (let i = 0; i < MULTI_SLOTS; i++) {
      const key = msg.keys[i] ?? 0;
      const reqVer = msg.vers[i] ?? 0;
      if (!((msg.bitmap >>> i) & 1)) {
        vers.push(0);
        values.push(this.notFound);
        continue;
      }
      const known = guard.knowledge(key, this.groupComplete(key));
      if (known === 'unknown') {
        unknown++;
        if (!(reqVer & Ver.DOUBLE_READ) || this.policy.pullOnDoubleReadMiss) this.pull(key);
        vers.push(reqVer | Ver.FROM_DESTINATION | this.policy.retryVer);
        values.push(this.notFound);
        continue;
      }
      const v = ctx.shard.store.get(key);
      vers.push(reqVer | Ver.FROM_DESTINATION | (v === undefined ? 0 : Ver.FOUND));
      values.push(v ?? this.notFound);
    }
    if (unknown === 0) return this.serve(req, ctx);
    ctx.reply(req, {
      op: Op.MULTI_READ_REPLY,
      seq: msg.seq,
      dbPort: ctx.shard.dbPort,
      bitmap: msg.bitmap,
      vers,
      values,
    });
    return 'handled';
  }

  /** Starts pulling `key` unless it is known here or already being pulled. */
  pull(key: Key): void {
    if (this.puller === undefined || this.puller.isPulling(key)) return;
    if (this.guard?.knowledge(key, this.groupComplete(key)) !== 'unknown') return;
    this.counters.pulledKeys++;
    this.puller.request(key);
  }

  private init(msg: PairMessage, from: DecodedFrame, ctx: MigrationContext): void {
    if (this.setup !== undefined) return; // a duplicate INIT: the first one set everything up
    this.startedAt = performance.now();
    const groupCount = 2 ** (msg.sizeExp - msg.remainExp);
    this.setup = {
      source: { mac: from.srcMac, ip: msg.srcAddr, dbPort: msg.srcPort },
      sizeExp: msg.sizeExp,
      remainExp: msg.remainExp,
      groupCount,
    };
    this.counters.groupCount = groupCount;
    // Sized for the source's keys now: doubling a table of millions of records mid-migration
    // pauses this process for seconds, long enough to exhaust the source's resends.
    ctx.shard.store.reserve(2 ** Math.min(msg.sizeExp, MAX_RESERVED_SIZE_EXP));
    // The guard's per-key versions too: growing by doubling from 16 rehashed every version
    // twenty times over at a million keys (a tenth of this process's migration CPU).
    this.guard?.reserve(2 ** Math.min(msg.sizeExp, MAX_RESERVED_SIZE_EXP));
    this.groupDone = new Uint8Array(groupCount);
    this.groupStarted = new Uint8Array(groupCount);
    const source = this.setup.source;
    const channel = new ReliableChannel(
      (m, port) => ctx.send({ dstMac: source.mac, dstIp: source.ip, srcPort: port, dstPort: port }, m),
      ctx.valueBytes,
      this.options.channel,
    );
    this.channel = channel;
    this.puller = new PriorityPuller(
      channel,
      source.dbPort,
      SIDE_CHANNEL_BASE,
      (keys, absent) => {
        for (const k of absent) this.guard?.markPulledAbsent(k);
        this.policy.onPulled?.(this, keys);
      },
      this.options.pull,
    );
    this.events.emit('started', {
      protocol: this.policy.protocol,
      sizeExp: msg.sizeExp,
      remainExp: msg.remainExp,
      groupCount,
      threads: 0,
    });
  }

  private terminate(ctx: MigrationContext): Promise<void> {
    this.terminating ??= (async () => {
      // Every pull that was started is applied before TERMINATE completes (docs/netmigrate.md §9).
      await this.puller?.idle();
      this.terminated = true;
      this.guard?.clear();
      const c = this.channel?.counters;
      if (c !== undefined) {
        this.counters.pullRequests = this.puller?.requestsSent ?? 0;
        this.counters.pullBytes = c.bytes;
        this.counters.retransmits = c.retransmits;
      }
      this.puller?.close();
      ctx.shard.store.unfreeze();
      this.events.emit('finished', {
        protocol: this.policy.protocol,
        durationMs: performance.now() - this.startedAt,
        counters: { ...this.counters },
      });
    })();
    return this.terminating;
  }
}

/**
 * Whether an INIT's split is one a source can announce: at most 2^32 buckets (the key hash is
 * 32 bits), remain_exp within size_exp, and at most MAX_GROUP_BITS group bits.
 */
export function isPlausibleGroupPlan(sizeExp: number, remainExp: number): boolean {
  return sizeExp <= 32 && remainExp <= sizeExp && sizeExp - remainExp <= MAX_GROUP_BITS;
}
