// NetMigrate (docs/netmigrate.md §6 with the §9 fixes), as two policies over the shared agents.
// Source: serves everything the switch sends it; a write to a group whose scan has begun was
// routed before the switch saw GROUP_START, so it is forwarded (the "late dirty log") and
// acknowledged only once the destination has it. Destination: answers double reads it cannot
// answer with 0x08|0x02 and pulls the key. Group control goes to 0xBE80 + thread so the switch
// updates its filters; the thread byte lets it skip repeats.

import { Ports, Ver } from '../../wire/ops.js';
import type { DestinationAgentOptions, DestinationPolicy } from './common/destination-agent.js';
import { DestinationAgent } from './common/destination-agent.js';
import { writtenKeys } from './common/replies.js';
import type { SourceAgentOptions, SourcePolicy } from './common/source-agent.js';
import { SourceAgent } from './common/source-agent.js';

export const netMigrateSourcePolicy: SourcePolicy = {
  protocol: 'netmigrate',
  controlPortBase: Ports.MIGRATION_AGENT_BASE,
  // After TERMINATE the switch redirects the shard; a straggler is dropped and retried.
  retiredVer: undefined,
  steeredByFilters: true,
  onRequest(req, agent, ctx) {
    // Writes while TERMINATE is in flight never get here: the source agent drops them for
    // every protocol (a forward behind TERMINATE would be a late duplicate at the destination).
    const written = writtenKeys(req.msg);
    if (written.some((k) => agent.groupStarted(k))) return agent.forwardAndReply(req, ctx, 'late');
    return 'serve';
  },
};

export const netMigrateDestinationPolicy: DestinationPolicy = {
  protocol: 'netmigrate',
  retryVer: Ver.RETRY_LATER,
  pullOnDoubleReadMiss: true,
  steeredByFilters: true,
};

export function createNetMigrateSource(options: SourceAgentOptions): SourceAgent {
  return new SourceAgent(netMigrateSourcePolicy, options);
}

export function createNetMigrateDestination(options: DestinationAgentOptions = {}): DestinationAgent {
  return new DestinationAgent(netMigrateDestinationPolicy, options);
}
