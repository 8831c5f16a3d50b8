// The KV server process core: one NIC carrying Ethernet frames to its switch port, its own
// MAC/IPv4, shards keyed by dbPort, the capacity cap, and per-shard migration strategies.
// Frames flow: NIC → decodeFrame → decodeMessage → (client request) capacity → strategy →
// default handler → reply frame with addresses swapped → NIC. The capacity cap meters client
// requests only (a capped server also coalesces and replays resends, see onFrame); migration
// work meters itself through ctx.capacity.take() if it should.

import type { Logger } from 'pino';
import type { Ipv4, Mac } from '../wire/addresses.js';
import { decodeMessage, notFoundValue } from '../wire/codec.js';
import type { FrameAddress } from '../wire/frame.js';
import { decodeFrame, replyAddress } from '../wire/frame.js';
import type { Framing } from '../wire/framing.js';
import type { ClientReply, ClientRequest, MgMessage, MigrationMessage } from '../wire/message.js';
import { walkReply, walkSlotRequest } from '../wire/multi-key-walk.js';
import { DEFAULT_VALUE_BYTES, isClientReplyOp, isClientRequestOp, isMigrationOp, isMutatingOp } from '../wire/ops.js';
import { MessageSender } from '../wire/send-message.js';
import { type PeerAddress, UdpPort } from '../wire/udp-port.js';
import { calibrateServer } from './calibrate.js';
import type { CapacityOptions } from './capacity.js';
import { ServiceCapacity } from './capacity.js';
import { KvError } from './errors.js';
import type { Shard, ShardRole } from './handler.js';
import { serveRequest } from './handler.js';
import { isSideChannelPort } from './migration/common/peer.js';
import type { IncomingRequest, MigrationContext, MigrationStrategy } from './migration/strategy.js';
import { noMigration } from './migration/strategy.js';
import { ReplyCache } from './reply-cache.js';
import { KvDict } from './store/dict.js';

export interface ShardOptions {
  dbPort: number;
  role?: ShardRole;
  initialSizeExp?: number;
}

export interface KvServerOptions {
  /** Local UDP port of the NIC (0 = any). */
  nicPort?: number;
  bindAddress?: string;
  /**
   * The switch port (or relay) this host is cabled to; settable later. The NIC accepts frames
   * from this address only, and sends nothing until it is set.
   */
  switchAddress?: PeerAddress;
  framing?: Framing;
  mac: Mac;
  ip: Ipv4;
  shards: ShardOptions[];
  valueBytes?: number;
  /** Service cap (docs/netmigrate.md §6); absent = uncapped. */
  capacity?: CapacityOptions;
  /**
   * Multi-key requests arrive walked by the NetMigrate switch, one packet per key: answer
   * slot 1 of each (wire/multi-key-walk.ts). Off: answer every slot of the bitmap (no switch logic).
   */
  multiKeyWalk?: boolean;
  logger?: Logger;
}

export interface KvServerCounters {
  badFrames: number;
  badMessages: number;
  /** Client requests by op code. */
  requests: Record<number, number>;
  replies: number;
  wrongShard: number;
  controlMessages: number;
  unhandledControl: number;
  /** Client replies and other ops a server does not take. */
  ignored: number;
  /** Encoding failures (a strategy built an invalid message). */
  encodeErrors: number;
}

export interface KvServer {
  readonly address: PeerAddress;
  readonly mac: Mac;
  readonly ip: Ipv4;
  readonly valueBytes: number;
  readonly shards: ReadonlyMap<number, Shard>;
  readonly counters: KvServerCounters;
  readonly capacity: ServiceCapacity;
  readonly nic: UdpPort;
  setSwitchAddress(address: PeerAddress): void;
  /** Attaches a strategy to a shard (replacing the current one) and runs its start hook. */
  attachStrategy(dbPort: number, strategy: MigrationStrategy): Promise<void>;
  /** Runs the shard strategy's finish hook, then returns the shard to no migration. */
  finishMigration(dbPort: number): Promise<void>;
  abortMigration(dbPort: number, reason: string): void;
  /** The context strategies get, for a shard (tests and the orchestrator use it too). */
  contextOf(dbPort: number): MigrationContext | undefined;
  close(): Promise<void>;
}

/** Starts a KV server in process; resolves once its NIC is bound. */
export async function start(options: KvServerOptions): Promise<KvServer> {
  const valueBytes = options.valueBytes ?? DEFAULT_VALUE_BYTES;
  const bad = validateOptions(options, valueBytes);
  if (bad !== undefined) throw new KvError('KV_BAD_OPTIONS', bad);
  let capacity = ServiceCapacity.unlimited();
  if (options.capacity !== undefined) {
    const c = options.capacity;
    let baseline = c.baselineOpsPerSec;
    if (baseline === undefined && c.share < 1) baseline = (await calibrateServer(valueBytes)).opsPerSec;
    if (baseline !== undefined)
      capacity = new ServiceCapacity(baseline * c.share, c.maxWaitMs, c.burstMs, undefined, c.migrationShare);
  }
  const core = new ServerCore(options, valueBytes, capacity);
  const nic = await UdpPort.openOrThrow({
    name: 'kvserver',
    bindAddress: options.bindAddress,
    bindPort: options.nicPort ?? 0,
    ...(options.switchAddress === undefined ? {} : { peer: options.switchAddress }),
    framing: options.framing ?? 'single',
    onFrame: (frame) => core.onFrame(frame),
  });
  core.nic = nic;
  core.sender = new MessageSender(nic, valueBytes);
  options.logger?.info(
    { component: 'kvserver', nic: nic.address, shards: options.shards.map((s) => s.dbPort), rate: capacity.rate },
    'kv server started',
  );
  return core.handle();
}

function validateOptions(o: KvServerOptions, valueBytes: number): string | undefined {
  if (!Number.isInteger(valueBytes) || valueBytes < 1 || valueBytes > 1400)
    return `valueBytes ${valueBytes} not in 1..1400`;
  if (o.shards.length === 0) return 'no shards';
  const ports = new Set<number>();
  for (const s of o.shards) {
    if (!Number.isInteger(s.dbPort) || s.dbPort < 0 || s.dbPort > 0xffff)
      return `dbPort ${s.dbPort} is not a 16-bit port`;
    if (ports.has(s.dbPort)) return `dbPort ${s.dbPort} listed twice`;
    ports.add(s.dbPort);
  }
  const c = o.capacity;
  if (c !== undefined && !(c.share > 0 && c.share <= 1)) return `capacity share ${c.share} not in (0, 1]`;
  if (c?.baselineOpsPerSec !== undefined && !(c.baselineOpsPerSec > 0)) return 'capacity baseline must be > 0';
  return undefined;
}

class ServerCore {
  nic!: UdpPort;
  sender!: MessageSender;
  readonly shards = new Map<number, Shard>();
  readonly strategies = new Map<number, MigrationStrategy>();
  readonly contexts = new Map<number, MigrationContext>();
  readonly counters: KvServerCounters = {
    badFrames: 0,
    badMessages: 0,
    requests: {},
    replies: 0,
    wrongShard: 0,
    controlMessages: 0,
    unhandledControl: 0,
    ignored: 0,
    encodeErrors: 0,
  };
  private readonly notFound: Uint8Array;
  /** Client requests waiting in the capacity queue, by sender, shard and seq. */
  private readonly waiting = new Set<string>();
  /** Recent answers (a capped server's, and every server's to writes and deletes), by the same key, for resends that arrive after them. */
  readonly recentReplies: ReplyCache;
  /** The key of each remembered request in flight, so that serveNow can remember its answer. */
  private readonly replayKeys = new WeakMap<IncomingRequest, string>();

  constructor(
    readonly options: KvServerOptions,
    readonly valueBytes: number,
    readonly capacity: ServiceCapacity,
  ) {
    this.notFound = notFoundValue(valueBytes);
    this.recentReplies = new ReplyCache(capacity.maxWaitMs);
    for (const s of options.shards) {
      const shard: Shard = {
        dbPort: s.dbPort,
        store: new KvDict({ initialSizeExp: s.initialSizeExp, valueBytes }),
        role: s.role ?? 'normal',
      };
      this.shards.set(s.dbPort, shard);
      this.strategies.set(s.dbPort, noMigration);
      this.contexts.set(s.dbPort, this.makeContext(shard));
    }
  }

  onFrame(bytes: Uint8Array): void {
    const f = decodeFrame(bytes);
    if (!f.ok) {
      this.counters.badFrames++;
      return;
    }
    const frame = f.value;
    const m = decodeMessage(bytes, frame.payloadOffset, frame.payloadLength, this.valueBytes);
    if (!m.ok) {
      this.counters.badMessages++;
      return;
    }
    const msg = m.value;
    const shard = this.shards.get(msg.dbPort);
    if (shard === undefined) {
      this.counters.wrongShard++;
      return;
    }
    const ctx = this.contexts.get(msg.dbPort) as MigrationContext;
    if (isClientRequestOp(msg.op)) {
      this.counters.requests[msg.op] = (this.counters.requests[msg.op] ?? 0) + 1;
      // Node hands every datagram its own Buffer, so the views in `msg` stay valid while the
      // request waits in the capacity queue or a strategy defers it.
      const walked =
        this.options.multiKeyWalk === true && !isSideChannelPort(frame.dstPort)
          ? walkSlotRequest(msg as ClientRequest)
          : undefined;
      const req: IncomingRequest =
        walked === undefined
          ? { frame, msg: msg as IncomingRequest['msg'], receivedAt: performance.now() }
          : { frame, msg: walked.single, receivedAt: performance.now(), walk: walked.walk };
      // A capped server queues what it cannot serve yet. A client resends a request after its
      // timeout with the same seq, so while the first copy still waits, a queued resend would
      // take a second token for one answer: with a long queue the resends crowd out new
      // requests and a capped source serves far less than its cap (docs/netmigrate.md §6).
      // A resend of a request still waiting is therefore not queued again.
      // Every server, capped or not, also remembers its answers to writes and deletes: a late
      // copy of one already answered (the client resent it after its timeout and both copies
      // arrived) must not be applied again after a newer write to the key. Reads are safe to
      // execute twice and stay out of an uncapped server's cache.
      const waitKey =
        walked === undefined && (Number.isFinite(this.capacity.rate) || isMutatingOp(msg.op))
          ? `${frame.srcIp}:${frame.srcPort}:${msg.dbPort}:${(msg as ClientRequest).seq}`
          : undefined;
      if (waitKey !== undefined) {
        if (this.waiting.has(waitKey)) {
          this.capacity.counters.coalesced++;
          return;
        }
        // A resend of a request already answered: its answer was late, not lost (a client's
        // first timeout is shorter than a busy server's queue), so executing it again would
        // spend capacity on an answer the client already has or is about to get. Like a UDP
        // RPC server's duplicate-request cache, the server sends the same answer again.
        const answered = this.recentReplies.get(waitKey, performance.now());
        if (answered !== undefined) {
          this.capacity.counters.replayed++;
          this.replyTo(req, answered.reply, answered.trailer);
          return;
        }
        this.waiting.add(waitKey);
        this.replayKeys.set(req, waitKey);
      }
      const admitted = this.capacity.submit(() => {
        if (waitKey !== undefined) this.waiting.delete(waitKey);
        // Decided by the strategy in place when the request leaves the queue: one that waited
        // while a migration started, or retired the shard, must not be served as it would have
        // been on arrival (seen under a 40 % cap: reads answered "absent" and inserts applied
        // from the retired source's emptied store).
        const now = this.strategies.get(msg.dbPort) ?? strategy;
        if (now.onRequest(req, this.contexts.get(msg.dbPort) ?? ctx) === 'serve') this.serveNow(req, shard, 0);
      });
      if (!admitted && waitKey !== undefined) this.waiting.delete(waitKey);
      return;
    }
    const strategy = this.strategies.get(msg.dbPort) as MigrationStrategy;
    if (isMigrationOp(msg.op)) {
      this.counters.controlMessages++;
      if (!strategy.onControl(msg as MigrationMessage, frame, ctx)) this.counters.unhandledControl++;
      return;
    }
    // Replies to requests a strategy sent itself (priority pulls, forwarded deletes).
    if (isClientReplyOp(msg.op) && strategy.onReply?.(msg as ClientReply, frame, ctx) === true) return;
    this.counters.ignored++;
  }

  serveNow(req: IncomingRequest, shard: Shard, extraVer: number, trailer?: Uint8Array): void {
    const reply = serveRequest(req.msg, shard, this.notFound, extraVer);
    const key = this.replayKeys.get(req);
    if (key !== undefined) this.recentReplies.remember(key, reply, trailer, performance.now());
    this.replyTo(req, reply, trailer);
  }

  /** Answers `req`; a walk packet's single-key answer goes back in its multi-key shape. */
  replyTo(req: IncomingRequest, reply: ClientReply, trailer?: Uint8Array): void {
    this.sendReply(req.frame, req.walk === undefined ? reply : walkReply(req.walk, reply, this.notFound), trailer);
  }

  sendReply(to: FrameAddress, reply: ClientReply, trailer?: Uint8Array): void {
    if (this.sendMessage(replyAddress(to, this.options.mac, this.options.ip), reply, trailer)) this.counters.replies++;
  }

  /** `trailer`: bytes appended after the message body (decoders ignore them; Fulva's metadata rides there). */
  sendMessage(addr: FrameAddress, msg: MgMessage, trailer?: Uint8Array): boolean {
    const sent = this.sender.sendMessage(addr, msg, trailer);
    if (typeof sent !== 'number') this.counters.encodeErrors++;
    return typeof sent === 'number' && sent > 0;
  }

  makeContext(shard: Shard): MigrationContext {
    return {
      shard,
      mac: this.options.mac,
      ip: this.options.ip,
      valueBytes: this.valueBytes,
      capacity: this.capacity,
      serve: (req, extraVer = 0, trailer) => this.serveNow(req, shard, extraVer, trailer),
      reply: (req, reply, trailer) => this.replyTo(req, reply, trailer),
      send: (to, msg) =>
        this.sendMessage({ srcMac: this.options.mac, srcIp: this.options.ip, ...to } as FrameAddress, msg),
      now: () => performance.now(),
      // The NIC is opened after the shards' contexts are made: read when asked.
      receiveBufferBytes: () => this.nic?.receiveBufferBytes ?? 0,
    };
  }

  handle(): KvServer {
    return {
      address: this.nic.address,
      mac: this.options.mac,
      ip: this.options.ip,
      valueBytes: this.valueBytes,
      shards: this.shards,
      counters: this.counters,
      capacity: this.capacity,
      nic: this.nic,
      setSwitchAddress: (a) => this.nic.setPeer(a),
      attachStrategy: async (dbPort, strategy) => {
        const ctx = this.contexts.get(dbPort);
        if (ctx === undefined) throw new KvError('KV_WRONG_SHARD', `no shard with dbPort ${dbPort}`);
        // Hooks start flowing only once start() is done, as the interface promises.
        await strategy.start(ctx);
        this.strategies.set(dbPort, strategy);
      },
      finishMigration: async (dbPort) => {
        const ctx = this.contexts.get(dbPort);
        const s = this.strategies.get(dbPort);
        if (ctx === undefined || s === undefined) return;
        // A strategy may leave a successor behind (a source that no longer serves the shard).
        const next = await s.finish(ctx);
        this.strategies.set(dbPort, next ?? noMigration);
      },
      abortMigration: (dbPort, reason) => {
        const ctx = this.contexts.get(dbPort);
        const s = this.strategies.get(dbPort);
        if (ctx === undefined || s === undefined) return;
        s.abort(reason, ctx);
        this.strategies.set(dbPort, noMigration);
      },
      contextOf: (dbPort) => this.contexts.get(dbPort),
      close: async () => {
        for (const [dbPort, s] of this.strategies) {
          const ctx = this.contexts.get(dbPort);
          if (s !== noMigration && ctx !== undefined) s.abort('server closing', ctx);
        }
        this.capacity.close();
        await this.nic.close();
      },
    };
  }
}

export { start as startKvServer };
