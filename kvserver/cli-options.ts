// Text options (as a bin/ entry point receives them from yargs) → KvServerOptions, with every
// problem reported as a message instead of a throw, so `bin/` stays a thin shell:
//   --mac 02:00:00:00:00:02 --ip 10.0.0.2 --shard 6380 --shard 7380:destination
//   --switch 127.0.0.1:9000 --nic-port 0 --framing batched --value-bytes 64
//   --capacity-share 0.4 --capacity-baseline 50000

import { parseIpv4, parseMac } from '../wire/addresses.js';
import { type Parsed, parseFraming, parseNumber, parseUdpAddress } from '../wire/host-args.js';
import type { PeerAddress } from '../wire/udp-port.js';
import type { ShardRole } from './handler.js';
import type { KvServerOptions, ShardOptions } from './server.js';

export interface ServerArgs {
  mac?: string;
  ip?: string;
  shard?: string | string[];
  switch?: string;
  nicPort?: string | number;
  framing?: string;
  valueBytes?: string | number;
  capacityShare?: string | number;
  capacityBaseline?: string | number;
  /** Every shard's table starts with 2^N buckets (Redis starts at 4; a big table allows 2^17 groups for few keys). */
  tableSizeExp?: string | number;
}

export function parseServerArgs(args: ServerArgs): Parsed<KvServerOptions> {
  const errors: string[] = [];
  const mac = args.mac === undefined ? undefined : parseMac(args.mac);
  if (mac === undefined) errors.push(`--mac: expected a MAC like 02:00:00:00:00:02, got ${args.mac ?? 'nothing'}`);
  const ip = args.ip === undefined ? undefined : parseIpv4(args.ip);
  if (ip === undefined) errors.push(`--ip: expected an IPv4 address, got ${args.ip ?? 'nothing'}`);
  const tableSizeExp = args.tableSizeExp === undefined ? undefined : parseNumber(args.tableSizeExp);
  if (
    args.tableSizeExp !== undefined &&
    (tableSizeExp === undefined || !Number.isInteger(tableSizeExp) || tableSizeExp < 0 || tableSizeExp > 30)
  )
    errors.push(`--table-size-exp: expected an integer in 0..30, got ${args.tableSizeExp}`);
  const shards: ShardOptions[] = [];
  const shardArgs = args.shard === undefined ? [] : Array.isArray(args.shard) ? args.shard : [args.shard];
  if (shardArgs.length === 0) errors.push('--shard: at least one dbPort[:role] is needed');
  for (const s of shardArgs) {
    const m = /^(\d{1,5})(?::(normal|source|destination))?$/.exec(s);
    if (m === null || Number(m[1]) > 0xffff)
      errors.push(`--shard: expected dbPort[:normal|source|destination], got ${s}`);
    else
      shards.push({
        dbPort: Number(m[1]),
        role: (m[2] ?? 'normal') as ShardRole,
        ...(tableSizeExp === undefined ? {} : { initialSizeExp: tableSizeExp }),
      });
  }
  let switchAddress: PeerAddress | undefined;
  if (args.switch !== undefined) {
    switchAddress = parseUdpAddress(args.switch);
    if (switchAddress === undefined) errors.push(`--switch: expected host:port, got ${args.switch}`);
  }
  const framing = parseFraming(args.framing);
  if (framing === undefined) errors.push(`--framing: expected single or batched, got ${args.framing}`);
  const nicPort = parseNumber(args.nicPort ?? 0);
  if (nicPort === undefined || nicPort > 0xffff) errors.push(`--nic-port: expected a UDP port, got ${args.nicPort}`);
  const valueBytes = parseNumber(args.valueBytes ?? 64);
  if (valueBytes === undefined || !Number.isInteger(valueBytes) || valueBytes < 1)
    errors.push(`--value-bytes: got ${args.valueBytes}`);
  let capacity: KvServerOptions['capacity'];
  if (args.capacityShare !== undefined || args.capacityBaseline !== undefined) {
    const share = parseNumber(args.capacityShare ?? 1);
    const baseline = parseNumber(args.capacityBaseline);
    if (share === undefined || share <= 0 || share > 1)
      errors.push(`--capacity-share: expected (0, 1], got ${args.capacityShare}`);
    if (args.capacityBaseline !== undefined && (baseline === undefined || baseline <= 0)) {
      errors.push(`--capacity-baseline: expected requests/s > 0, got ${args.capacityBaseline}`);
    }
    capacity = { share: share ?? 1, baselineOpsPerSec: baseline };
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      mac: mac as number,
      ip: ip as number,
      shards,
      switchAddress,
      framing,
      nicPort,
      valueBytes,
      capacity,
    },
  };
}
