// Fulva (hybrid, docs/netmigrate.md §7): while migrating, clients read from both servers and write
// to the destination; they learn that a migration started, and where the destination is, from
// metadata the source piggybacks on its replies (0x40), and which groups are already migrated
// from the per-thread progress cursors ("MCR") the destination piggybacks (0x10), so reads of
// migrated groups go to the destination alone. Writes that still reach the source are
// forwarded before they are acknowledged. The destination also pulls a sample of the double
// reads it could not answer and announces those keys (0x20, "SPH"): clients then read them
// from the destination alone. After TERMINATE the destination flags 0x80.
// Trailer layouts (p4ts; after the reply body, which decoders ignore): docs/migration-protocols.md.

import { writeMac, writeU16, writeU32 } from '../../wire/addresses.js';
import { Ver } from '../../wire/ops.js';
import type { DestinationAgentOptions, DestinationPolicy } from './common/destination-agent.js';
import { DestinationAgent } from './common/destination-agent.js';
import { SIDE_CHANNEL_BASE } from './common/peer.js';
import { writtenKeys } from './common/replies.js';
import type { SourceAgent, SourceAgentOptions, SourcePolicy } from './common/source-agent.js';
import { SourceAgent as Agent } from './common/source-agent.js';
import type { IncomingRequest, MigrationContext, RequestDecision } from './strategy.js';

export const FulvaVer = {
  MCR: Ver.FULVA_MCR,
  MCR_BEGIN: Ver.FULVA_MCR_BEGIN,
  FINISHED: Ver.BASELINE_RETRY,
} as const;

export interface FulvaOptions {
  /** Piggyback metadata to one client at most this often (default 50 ms). */
  metadataIntervalMs?: number;
  /** Pull one in this many double reads the destination could not answer (default 100: 1 %). */
  sampleEvery?: number;
  /** Sampled pulled keys announced to clients at most (default 160). */
  sphKeys?: number;
}

/** Rate-limits metadata per client (its IPv4 and UDP port). */
class PerClientPacer {
  private readonly last = new Map<number, number>();
  constructor(private readonly intervalMs: number) {}
  due(req: IncomingRequest): boolean {
    const id = req.frame.srcIp * 65536 + req.frame.srcPort;
    const now = performance.now();
    const t = this.last.get(id);
    if (t !== undefined && now - t < this.intervalMs) return false;
    this.last.set(id, now);
    return true;
  }
}

/** [0x40][dst mac 6][dst ip 4][dst dbPort 2][size_exp][remain_exp][threads n] n × first group (u32). */
export function encodeMigrationStart(agent: SourceAgent): Uint8Array {
  const plan = agent.plan;
  const threads = plan?.threads ?? [];
  const out = new Uint8Array(16 + 4 * threads.length);
  out[0] = FulvaVer.MCR_BEGIN;
  writeMac(out, 1, agent.destination.mac);
  writeU32(out, 7, agent.destination.ip);
  writeU16(out, 11, agent.destination.dbPort);
  out[13] = plan?.sizeExp ?? 0;
  out[14] = plan?.remainExp ?? 0;
  out[15] = threads.length;
  for (let i = 0; i < threads.length; i++) writeU32(out, 16 + 4 * i, threads[i]?.first ?? 0);
  return out;
}

/** [0x20][n] n × key (u32): sampled keys pulled to the destination ("SPH"). */
export function encodeSampledKeys(keys: readonly number[]): Uint8Array {
  const out = new Uint8Array(2 + 4 * keys.length);
  out[0] = Ver.FULVA_SPH;
  out[1] = keys.length;
  for (let i = 0; i < keys.length; i++) writeU32(out, 2 + 4 * i, keys[i] ?? 0);
  return out;
}

/** [0x10][n] n × [thread (1), next group not yet complete (u32)]. */
export function encodeProgress(cursors: ReadonlyMap<number, number>): Uint8Array {
  const out = new Uint8Array(2 + 5 * cursors.size);
  out[0] = FulvaVer.MCR;
  out[1] = cursors.size;
  let at = 2;
  for (const [thread, next] of cursors) {
    out[at] = thread;
    writeU32(out, at + 1, next);
    at += 5;
  }
  return out;
}

class FulvaSourcePolicy implements SourcePolicy {
  readonly protocol = 'fulva';
  readonly controlPortBase = SIDE_CHANNEL_BASE;
  readonly retiredVer = FulvaVer.FINISHED;
  private readonly pacer: PerClientPacer;

  constructor(options: FulvaOptions) {
    this.pacer = new PerClientPacer(options.metadataIntervalMs ?? 50);
  }

  onRequest(req: IncomingRequest, agent: SourceAgent, ctx: MigrationContext): RequestDecision {
    // A client that has not heard of the migration yet still writes here.
    if (writtenKeys(req.msg).length > 0 && agent.plan !== undefined) return agent.forwardAndReply(req, ctx, 'late');
    if (agent.plan !== undefined && this.pacer.due(req))
      ctx.serve(req, FulvaVer.MCR_BEGIN, encodeMigrationStart(agent));
    else ctx.serve(req);
    return 'handled';
  }
}

function fulvaDestinationPolicy(options: FulvaOptions): DestinationPolicy {
  const pacer = new PerClientPacer(options.metadataIntervalMs ?? 50);
  const cursors = new Map<number, number>();
  // Sampled pulls: a hot key read as a double read is pulled ahead and announced, so clients
  // stop double-reading it (Fulva's "SPH"; the newest `sphKeys` keys, at most 255).
  const sampleEvery = options.sampleEvery ?? 100;
  const sphLimit = Math.min(255, options.sphKeys ?? 160);
  const sph: number[] = [];
  let deferred = 0;
  return {
    protocol: 'fulva',
    retryVer: Ver.RETRY_LATER,
    // The source answers every double read of data it still holds: no pull needed.
    pullOnDoubleReadMiss: false,
    onGroupComplete(_agent, msg) {
      // A thread completes its groups in order (a run at a time), so its cursor is the next group.
      cursors.set(msg.threadId, Math.max(cursors.get(msg.threadId) ?? 0, msg.groupId + (msg.groupCount ?? 1)));
    },
    onDeferredRead(agent, key) {
      if (++deferred % sampleEvery === 0) agent.pull(key);
    },
    onPulled(_agent, keys) {
      sph.push(...keys);
      if (sph.length > sphLimit) sph.splice(0, sph.length - sphLimit);
    },
    decorate(agent, req) {
      if (agent.terminated) return { ver: FulvaVer.FINISHED };
      if ((cursors.size === 0 && sph.length === 0) || !pacer.due(req)) return undefined;
      const mcr = encodeProgress(cursors);
      if (sph.length === 0) return { ver: FulvaVer.MCR, trailer: mcr };
      const keys = encodeSampledKeys(sph);
      const trailer = new Uint8Array(mcr.length + keys.length);
      trailer.set(mcr);
      trailer.set(keys, mcr.length);
      return { ver: FulvaVer.MCR | Ver.FULVA_SPH, trailer };
    },
  };
}

export function createFulvaSource(options: SourceAgentOptions & FulvaOptions): SourceAgent {
  return new Agent(new FulvaSourcePolicy(options), options);
}

export function createFulvaDestination(options: DestinationAgentOptions & FulvaOptions = {}): DestinationAgent {
  return new DestinationAgent(fulvaDestinationPolicy(options), options);
}
