// Who the other agent of a migration is, and the UDP ports migration traffic uses. Group
// control and MIGRATE use the migration-agent ports (0xBE80 + thread: the switch parses them);
// priority pulls and forwarded deletes use 0xBF80 + n, outside 0xBExx, so any switch only
// IPv4-routes them (they are not client requests to steer). Baselines use 0xBF80 for all.

import type { Ipv4, Mac } from '../../../wire/addresses.js';
import type { FrameAddress } from '../../../wire/frame.js';
import { Ports } from '../../../wire/ops.js';

export interface ShardAddress {
  mac: Mac;
  ip: Ipv4;
  dbPort: number;
}

/** Ports outside the switch's 0xBExx match: pulls, forwarded deletes, baselines' migration traffic. */
export const SIDE_CHANNEL_BASE = Ports.MIGRATION_AGENT_BASE + 0x100;

export function isSideChannelPort(udpPort: number): boolean {
  return udpPort >= SIDE_CHANNEL_BASE && udpPort < SIDE_CHANNEL_BASE + Ports.PER_ROLE;
}

export function isMigrationAgentPort(udpPort: number): boolean {
  return udpPort >= Ports.MIGRATION_AGENT_BASE && udpPort < Ports.MIGRATION_AGENT_BASE + Ports.PER_ROLE;
}

/** Frame address from `self` to `peer` on one UDP port (both ends use the same port, as in the artifact). */
export function addressTo(self: { mac: Mac; ip: Ipv4 }, peer: { mac: Mac; ip: Ipv4 }, udpPort: number): FrameAddress {
  return { srcMac: self.mac, srcIp: self.ip, dstMac: peer.mac, dstIp: peer.ip, srcPort: udpPort, dstPort: udpPort };
}
