// The four migration protocols by name: what the CLI, the orchestrator and tests use to
// build a shard's source or destination agent.

import type { DestinationAgent, DestinationAgentOptions } from './common/destination-agent.js';
import type { SourceAgent, SourceAgentOptions } from './common/source-agent.js';
import { createFulvaDestination, createFulvaSource } from './fulva.js';
import { createNetMigrateDestination, createNetMigrateSource } from './netmigrate.js';
import { createRocksteadyDestination, createRocksteadySource } from './rocksteady.js';
import { createSourceBasedDestination, createSourceBasedSource } from './source-based.js';

export const MIGRATION_PROTOCOLS = ['netmigrate', 'source-based', 'rocksteady', 'fulva'] as const;
export type MigrationProtocol = (typeof MIGRATION_PROTOCOLS)[number];

export function isMigrationProtocol(name: string): name is MigrationProtocol {
  return (MIGRATION_PROTOCOLS as readonly string[]).includes(name);
}

export function createSourceAgent(protocol: MigrationProtocol, options: SourceAgentOptions): SourceAgent {
  switch (protocol) {
    case 'netmigrate':
      return createNetMigrateSource(options);
    case 'source-based':
      return createSourceBasedSource(options);
    case 'rocksteady':
      return createRocksteadySource(options);
    case 'fulva':
      return createFulvaSource(options);
  }
}

export function createDestinationAgent(
  protocol: MigrationProtocol,
  options: DestinationAgentOptions = {},
): DestinationAgent {
  switch (protocol) {
    case 'netmigrate':
      return createNetMigrateDestination(options);
    case 'source-based':
      return createSourceBasedDestination(options);
    case 'rocksteady':
      return createRocksteadyDestination(options);
    case 'fulva':
      return createFulvaDestination(options);
  }
}
