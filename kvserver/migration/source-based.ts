// Source-based migration (Redis-style, docs/netmigrate.md §7): the source serves every request
// while its threads copy the groups; writes to groups already copied mark the key dirty, and
// dirty keys are re-sent every `dirtyIntervalMs`. At the end the source pauses (requests that
// arrive are dropped, so clients retry after the switch), re-sends the last dirty keys, and
// asks the orchestrator for the route switch, then TERMINATE. Extra traffic is server-side only.

import type { Key } from '../../wire/message.js';
import { Ver } from '../../wire/ops.js';
import type { DestinationAgentOptions, DestinationPolicy } from './common/destination-agent.js';
import { DestinationAgent } from './common/destination-agent.js';
import { SIDE_CHANNEL_BASE } from './common/peer.js';
import { writtenKeys } from './common/replies.js';
import type { SourceAgent, SourceAgentOptions, SourcePolicy } from './common/source-agent.js';
import { SourceAgent as Agent } from './common/source-agent.js';
import type { IncomingRequest, MigrationContext, RequestDecision } from './strategy.js';

export interface SourceBasedOptions {
  /** Re-send dirty keys this often while migrating (default 20 ms). */
  dirtyIntervalMs?: number;
  /** Pause for the final drain once at most this many keys are dirty (default 64). */
  pauseThreshold?: number;
}

class SourceBasedPolicy implements SourcePolicy {
  readonly protocol = 'source-based';
  readonly controlPortBase = SIDE_CHANNEL_BASE;
  readonly retiredVer = undefined;
  private readonly dirty = new Set<Key>();
  private paused = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: SourceBasedOptions) {}

  onRequest(req: IncomingRequest, agent: SourceAgent, _ctx: MigrationContext): RequestDecision {
    if (this.paused) {
      agent.counters.pausedRequests++;
      return 'handled';
    }
    for (const k of writtenKeys(req.msg)) if (agent.groupStarted(k)) this.dirty.add(k);
    return 'serve';
  }

  afterInit(agent: SourceAgent): void {
    this.timer = setInterval(() => void this.resend(agent), this.options.dirtyIntervalMs ?? 20);
  }

  async beforeTerminate(agent: SourceAgent, ctx: MigrationContext): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    const threshold = this.options.pauseThreshold ?? 64;
    // Converge while still serving, then stop the world for the last few keys.
    for (let round = 0; round < 50 && this.dirty.size > threshold; round++) await this.resend(agent);
    const t0 = performance.now();
    this.paused = true;
    while (this.dirty.size > 0) await this.resend(agent);
    agent.emitRouteSwitch(ctx);
    agent.counters.pauseMs = performance.now() - t0;
  }

  private async resend(agent: SourceAgent): Promise<void> {
    if (agent.state !== 'migrating') return;
    const keys = [...this.dirty];
    this.dirty.clear();
    await Promise.all(keys.map((k) => agent.forwardKey(k, 'dirty')));
  }
}

export const sourceBasedDestinationPolicy: DestinationPolicy = {
  protocol: 'source-based',
  // Clients reach the destination only after the final drain, when every group is complete.
  retryVer: Ver.RETRY_LATER,
  pullOnDoubleReadMiss: true,
};

export function createSourceBasedSource(options: SourceAgentOptions & SourceBasedOptions): SourceAgent {
  return new Agent(new SourceBasedPolicy(options), options);
}

export function createSourceBasedDestination(options: DestinationAgentOptions = {}): DestinationAgent {
  return new DestinationAgent(sourceBasedDestinationPolicy, options);
}
