// Rocksteady (SOSP'17) as docs/netmigrate.md §7 describes it: ownership moves to the destination
// at once (the source asks the orchestrator for the route switch right after INIT and bounces
// every request that still reaches it with 0x80), data follows in the background (the shared
// migration threads), and the destination answers reads it cannot serve yet with 0x80|0x02
// and a priority pull; clients retry on 0x80. No switch logic: all migration traffic uses the
// side-channel ports, which any switch only IPv4-routes.

import { Ver } from '../../wire/ops.js';
import type { DestinationAgentOptions, DestinationPolicy } from './common/destination-agent.js';
import { DestinationAgent } from './common/destination-agent.js';
import { SIDE_CHANNEL_BASE } from './common/peer.js';
import type { SourceAgentOptions, SourcePolicy } from './common/source-agent.js';
import { SourceAgent } from './common/source-agent.js';

export const ROCKSTEADY_RETRY = Ver.BASELINE_RETRY;

export const rocksteadySourcePolicy: SourcePolicy = {
  protocol: 'rocksteady',
  controlPortBase: SIDE_CHANNEL_BASE,
  retiredVer: ROCKSTEADY_RETRY,
  afterInit(agent, ctx) {
    agent.emitRouteSwitch(ctx);
  },
  onRequest(req, agent, ctx) {
    // Not the owner any more: serving a write here would lose it.
    agent.counters.retiredRequests++;
    ctx.reply(req, agent.flagReply(req, ctx, ROCKSTEADY_RETRY));
    return 'handled';
  },
};

export const rocksteadyDestinationPolicy: DestinationPolicy = {
  protocol: 'rocksteady',
  retryVer: ROCKSTEADY_RETRY,
  pullOnDoubleReadMiss: true,
};

export function createRocksteadySource(options: SourceAgentOptions): SourceAgent {
  return new SourceAgent(rocksteadySourcePolicy, options);
}

export function createRocksteadyDestination(options: DestinationAgentOptions = {}): DestinationAgent {
  return new DestinationAgent(rocksteadyDestinationPolicy, options);
}
