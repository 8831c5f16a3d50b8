// The client protocol object for a migration protocol's name (CLI and orchestrator).

import { FulvaClientProtocol } from './fulva.js';
import { PlainClientProtocol } from './plain.js';
import type { ClientProtocol } from './protocol.js';
import { RocksteadyClientProtocol } from './rocksteady.js';

export function clientProtocolFor(name: string): ClientProtocol | undefined {
  switch (name) {
    case 'netmigrate':
    case 'source-based':
    case 'none':
      return new PlainClientProtocol(name);
    case 'rocksteady':
      return new RocksteadyClientProtocol();
    case 'fulva':
      return new FulvaClientProtocol();
    default:
      return undefined;
  }
}
