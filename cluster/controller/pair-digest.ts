// The vocabulary the NetMigrate controller shares with its callers: shard addresses, the pair
// digest the switch sends at INIT and TERMINATE (and how its fields are read), the state kept
// per migration pair, and the events the controller reports (docs/netmigrate.md §5).

import { formatIpv4, type Ipv4, type Mac } from '../../wire/addresses.js';
import type { PairDigestField } from './profile.js';
import { P4TS_PROFILE } from './profiles.js';

/** A KV shard: server IPv4 and dbPort. */
export interface ShardAddress {
  readonly ip: Ipv4;
  readonly dbPort: number;
}

export interface PairDigest {
  readonly op: number;
  readonly source: ShardAddress;
  readonly destination: ShardAddress;
  readonly sizeExp: number;
  readonly remainExp: number;
}

/**
 * What the switch does for one source shard: consult the filters (with double reads while
 * `migrating`; without, once `finished` on a program that keeps the pair after TERMINATE), or
 * always redirect.
 */
export interface PairState {
  source: ShardAddress;
  destination: ShardAddress;
  destinationMac: Mac;
  phase: 'migrating' | 'finished' | 'redirected';
  sizeExp: number;
  remainExp: number;
  /** The I2E double-read session while migrating. */
  session: number | undefined;
}

export type ControllerEvent =
  | { kind: 'ready'; hosts: number; resumed: number }
  | { kind: 'init'; source: string; destination: string; session: number; repeated: boolean }
  | {
      kind: 'terminate';
      source: string;
      destination: string;
      filtersCleared: boolean;
      filtersSaturated: boolean;
      /**
       * Counting-filter cells not back at 0 when the last migration ended (a doubled or lost
       * group transition left them), and all cells; only where the filters are saturated.
       */
      unbalancedCounters?: { cells: number; of: number };
    }
  | { kind: 'redirect'; source: string; destination: string }
  | { kind: 'cancel'; source: string; removed: boolean; filtersCleared: boolean }
  | { kind: 'ignored'; reason: string }
  | { kind: 'error'; message: string };

/** Why the controller refused a request or a digest. */
export type ControllerErrorCode =
  | 'WRONG_PROGRAM'
  | 'UNKNOWN_HOST'
  | 'SWITCH_REFUSED'
  | 'NO_SESSION_LEFT'
  | 'UNSUPPORTED_BY_PROGRAM';

export const shardText = (s: ShardAddress) => `${formatIpv4(s.ip)}:${s.dbPort}`;

/** A digest or register value as a number (the control plane sends numbers or "0x…" strings). */
export function toNumber(v: unknown): number {
  return typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN;
}

/** Reads a pair digest's fields (numbers or "0x…" strings); undefined when one is missing. */
export function parsePairDigest(
  fields: Readonly<Record<string, unknown>>,
  names: Readonly<Record<PairDigestField, string>> = P4TS_PROFILE.pairDigest.fields,
): PairDigest | undefined {
  const f = (field: PairDigestField) => toNumber(fields[names[field]]);
  const d = {
    op: f('op'),
    source: { ip: f('srcAddr'), dbPort: f('srcPort') },
    destination: { ip: f('dstAddr'), dbPort: f('dstPort') },
    sizeExp: f('sizeExp'),
    remainExp: f('remainExp'),
  };
  const all = [d.op, d.source.ip, d.source.dbPort, d.destination.ip, d.destination.dbPort, d.sizeExp, d.remainExp];
  return all.every(Number.isInteger) ? d : undefined;
}
