// The seam between the KV server and a migration protocol. The server owns sockets, framing,
// the store and the default request path; a strategy (NetMigrate, Source-based, Rocksteady,
// Fulva, each a small object written elsewhere) plugs in through these hooks per shard.

import type { Ipv4, Mac } from '../../wire/addresses.js';
import type { DecodedFrame, FrameAddress } from '../../wire/frame.js';
import type { ClientReply, ClientRequest, MgMessage, MigrationMessage } from '../../wire/message.js';
import type { WalkPacket } from '../../wire/multi-key-walk.js';
import type { ServiceCapacity } from '../capacity.js';
import type { Shard } from '../handler.js';

/** A client request as the server received it. `msg` values are views: copy them to keep them. */
export interface IncomingRequest {
  readonly frame: DecodedFrame;
  readonly msg: ClientRequest;
  /** performance.now() when the frame arrived. */
  readonly receivedAt: number;
  /** A multi-key walk packet served as the single-key `msg` on its slot 1 (wire/multi-key-walk.ts). */
  readonly walk?: WalkPacket;
}

/**
 * What onRequest did with a request:
 * - 'serve': nothing; the server answers it from the shard now (the default path);
 * - 'handled': the strategy answered, forwarded or deferred it and now owns it (it will call
 *   ctx.serve / ctx.reply later, or drop it knowingly).
 */
export type RequestDecision = 'serve' | 'handled';

/** What a strategy may do, given by the server when the strategy is attached to a shard. */
export interface MigrationContext {
  readonly shard: Shard;
  readonly mac: Mac;
  readonly ip: Ipv4;
  readonly valueBytes: number;
  /** The server's request-rate cap; strategies may spend tokens on their own work. */
  readonly capacity: ServiceCapacity;
  /**
   * Answers `req` from the shard now, or-ing `extraVer` into the reply flags; `trailer` bytes
   * follow the reply body (decoders ignore them: baselines piggyback metadata there).
   */
  serve(req: IncomingRequest, extraVer?: number, trailer?: Uint8Array): void;
  /** Sends `reply` back to the requester of `req` (addresses swapped as servers do). */
  reply(req: IncomingRequest, reply: ClientReply, trailer?: Uint8Array): void;
  /** Sends any message to an explicit address (the server's MAC/IP are the source unless given). */
  send(to: Omit<FrameAddress, 'srcMac' | 'srcIp'> & Partial<FrameAddress>, msg: MgMessage): boolean;
  /** Milliseconds, monotonic (performance.now()). */
  now(): number;
  /**
   * The receive buffer of the server's socket as the kernel reports it (bytes; 0 or absent
   * when unknown): a source sizes its window of MIGRATE frames from it (group-mover.ts bufferWindow).
   */
  receiveBufferBytes?(): number;
}

export interface MigrationStrategy {
  readonly name: string;
  /** Called once when attached to a shard (before any other hook). */
  start(ctx: MigrationContext): void | Promise<void>;
  /** Every client request to the shard, after the capacity cap admitted it. */
  onRequest(req: IncomingRequest, ctx: MigrationContext): RequestDecision;
  /**
   * Every migration message (INIT, GROUP_START/COMPLETE, MIGRATE, TERMINATE and their replies) whose dbPort
   * names this shard. Returns false when the strategy does not handle it (counted by the server).
   */
  onControl(msg: MigrationMessage, from: DecodedFrame, ctx: MigrationContext): boolean;
  /**
   * Replies to client-op requests the strategy sent itself (priority pulls, forwarded
   * deletes) whose dbPort names this shard. Returns false when not its own.
   */
  onReply?(msg: ClientReply, from: DecodedFrame, ctx: MigrationContext): boolean;
  /**
   * The orchestrator ends the migration normally; resolves when the strategy is done, with
   * the strategy that serves the shard from then on (none = the default local service).
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: most strategies resolve with nothing
  finish(ctx: MigrationContext): Promise<void | MigrationStrategy>;
  /** The migration is abandoned (shutdown, error): stop timers, release deferred requests. */
  abort(reason: string, ctx: MigrationContext): void;
}

/** The default: serve everything locally, ignore migration messages. */
export const noMigration: MigrationStrategy = {
  name: 'none',
  start() {},
  onRequest() {
    return 'serve';
  },
  onControl() {
    return false;
  },
  finish() {
    return Promise.resolve();
  },
  abort() {},
};
