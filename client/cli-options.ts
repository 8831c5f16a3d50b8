// Text options (as a bin/ entry point receives them from yargs) → ClientOptions, with every
// problem reported as a message instead of a throw:
//   --client-id 0 --mac 02:00:00:00:01:00 --ip 10.0.1.0 --switch 127.0.0.1:9001 --nic-port 0
//   --server-mac 02:00:00:00:00:10 --server-ip 10.0.0.16 --db-port 6380 --workload B
//   --records 100000 --operations 1000000 --duration-ms 60000 --rate 50000 --window 32 --no-load

import { parseIpv4, parseMac } from '../wire/addresses.js';
import { type Parsed, parseFraming, parseNumber, parseUdpAddress } from '../wire/host-args.js';
import type { PeerAddress } from '../wire/udp-port.js';
import type { ClientOptions } from './driver.js';
import { workloadByName } from './workload/ycsb.js';

export interface ClientArgs {
  clientId?: string | number;
  mac?: string;
  ip?: string;
  switch?: string;
  nicPort?: string | number;
  framing?: string;
  serverMac?: string;
  serverIp?: string;
  dbPort?: string | number;
  workload?: string;
  records?: string | number;
  operations?: string | number;
  durationMs?: string | number;
  rate?: string | number;
  window?: string | number;
  load?: boolean;
  valueBytes?: string | number;
  seed?: string | number;
  timeoutMs?: string | number;
}

export function parseClientArgs(args: ClientArgs): Parsed<ClientOptions> {
  const errors: string[] = [];
  const int = (name: string, v: string | number | undefined, fallback?: number): number | undefined => {
    const n = parseNumber(v ?? fallback);
    if (n === undefined || !Number.isInteger(n)) {
      if (v !== undefined || fallback === undefined)
        errors.push(`--${name}: expected a non-negative integer, got ${v ?? 'nothing'}`);
      return undefined;
    }
    return n;
  };
  const clientId = int('client-id', args.clientId, 0);
  const mac = args.mac === undefined ? undefined : parseMac(args.mac);
  if (mac === undefined) errors.push(`--mac: expected a MAC, got ${args.mac ?? 'nothing'}`);
  const ip = args.ip === undefined ? undefined : parseIpv4(args.ip);
  if (ip === undefined) errors.push(`--ip: expected an IPv4 address, got ${args.ip ?? 'nothing'}`);
  const serverMac = args.serverMac === undefined ? undefined : parseMac(args.serverMac);
  if (serverMac === undefined) errors.push(`--server-mac: expected a MAC, got ${args.serverMac ?? 'nothing'}`);
  const serverIp = args.serverIp === undefined ? undefined : parseIpv4(args.serverIp);
  if (serverIp === undefined) errors.push(`--server-ip: expected an IPv4 address, got ${args.serverIp ?? 'nothing'}`);
  const dbPort = int('db-port', args.dbPort);
  if (dbPort !== undefined && dbPort > 0xffff) errors.push(`--db-port: ${dbPort} is not a 16-bit port`);
  let switchAddress: PeerAddress | undefined;
  if (args.switch !== undefined) {
    switchAddress = parseUdpAddress(args.switch);
    if (switchAddress === undefined) errors.push(`--switch: expected host:port, got ${args.switch}`);
  }
  const nicPort = int('nic-port', args.nicPort, 0);
  if (nicPort !== undefined && nicPort > 0xffff) errors.push(`--nic-port: ${nicPort} is not a 16-bit port`);
  const framing = parseFraming(args.framing);
  if (framing === undefined) errors.push(`--framing: expected single or batched, got ${args.framing}`);
  const workload = args.workload ?? 'B';
  if (workloadByName(workload) === undefined) errors.push(`--workload: expected A-F or w<percent>, got ${workload}`);
  const records = int('records', args.records);
  const operations = args.operations === undefined ? undefined : int('operations', args.operations);
  const durationMs = args.durationMs === undefined ? undefined : int('duration-ms', args.durationMs);
  const rate = args.rate === undefined ? undefined : parseNumber(args.rate);
  if (args.rate !== undefined && rate === undefined) errors.push(`--rate: expected ops/s, got ${args.rate}`);
  const window = int('window', args.window, 16);
  const valueBytes = int('value-bytes', args.valueBytes, 64);
  const seed = args.seed === undefined ? undefined : int('seed', args.seed);
  const timeoutMs = args.timeoutMs === undefined ? undefined : parseNumber(args.timeoutMs);
  if (args.timeoutMs !== undefined && timeoutMs === undefined) errors.push(`--timeout-ms: got ${args.timeoutMs}`);
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      clientId: clientId as number,
      mac: mac as number,
      ip: ip as number,
      server: { mac: serverMac as number, ip: serverIp as number, dbPort: dbPort as number },
      switchAddress,
      nicPort,
      framing,
      workload,
      recordCount: records as number,
      valueBytes,
      seed,
      load: args.load === false ? false : {},
      run: { operations, durationMs, targetOpsPerSec: rate, window },
      tracker: timeoutMs === undefined ? undefined : { timeoutMs },
    },
  };
}
