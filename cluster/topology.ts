// Who is cabled where in an emulated experiment: each host's emulated MAC and IPv4, its switch
// port, and the loopback UDP port of its NIC. Every NIC port (servers, auditor and clients
// alike) is reserved before the switch starts, so each switch port is configured with its
// peer: a port accepts frames from its configured host only and never learns one from traffic.

import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import type { HostEntry } from './controller/host-map.js';

export interface CabledHost extends HostEntry {
  /** The host NIC's loopback UDP port: the host binds it, its switch port is cabled to it. */
  readonly nicPort: number;
}

export interface Topology {
  readonly source: CabledHost;
  readonly destination: CabledHost;
  /** The orchestrator's own NIC: the post-run audit reads keys through it. */
  readonly auditor: CabledHost;
  /** Workload clients 0..K-1, then the loader (id K). */
  readonly clients: readonly CabledHost[];
  readonly loader: CabledHost;
  /** Source and destination shards (docs/netmigrate.md §2: 6380 and 7380). */
  readonly sourceDbPort: number;
  readonly destinationDbPort: number;
}

export const SOURCE_DB_PORT = 6380;
export const DESTINATION_DB_PORT = 7380;

/**
 * Where reserved NIC ports are drawn from: just below the kernel's ephemeral range. A port
 * reserved, released and bound again by its host a moment later must not be handed meanwhile
 * to someone's bind(0) (the switch's own sockets, the controller, any process on the machine):
 * from inside the ephemeral range it was, once in 60 runs of a grid, and the destination
 * failed with EADDRINUSE.
 */
export function reservedPortRange(): { low: number; high: number } | undefined {
  let text: string;
  try {
    text = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8');
  } catch {
    return undefined; // not Linux: fall back to ephemeral ports
  }
  const ephemeralLow = Number(text.trim().split(/\s+/)[0]);
  if (!Number.isInteger(ephemeralLow) || ephemeralLow < 12_000) return undefined;
  return { low: ephemeralLow - 12_000, high: ephemeralLow - 1 };
}

function bindUdp(s: Socket, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const failed = () => resolve(false);
    s.once('error', failed);
    s.bind(port, '127.0.0.1', () => {
      s.off('error', failed);
      resolve(true);
    });
  });
}

/**
 * Reserves `n` distinct loopback UDP ports: binds them all at once (below the ephemeral range
 * where there is one, a random free port each), notes them and releases them for their hosts.
 */
export async function reserveUdpPorts(n: number): Promise<number[]> {
  const range = reservedPortRange();
  const sockets: Socket[] = [];
  try {
    for (let i = 0; i < n; i++) {
      let bound: Socket | undefined;
      for (let attempt = 0; range !== undefined && attempt < 64 && bound === undefined; attempt++) {
        const s = createSocket('udp4');
        const port = range.low + Math.floor(Math.random() * (range.high - range.low + 1));
        if (await bindUdp(s, port)) bound = s;
        else s.close();
      }
      if (bound === undefined) {
        bound = createSocket('udp4');
        if (!(await bindUdp(bound, 0))) throw new Error('cannot bind a loopback UDP port');
      }
      sockets.push(bound);
    }
    return sockets.map((s) => s.address().port);
  } finally {
    await Promise.all(sockets.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
}

const mac = (last: number, mid = 0) => 0x020000000000 + mid * 0x100 + last;
const ipv4 = (a: number, b: number, c: number, d: number) => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;

/**
 * Hosts: source 10.0.0.1 on switch port 1, destination 10.0.0.2 on port 2, the auditor
 * 10.0.0.3 on port 3, client i 10.0.1.(i+1) on port 10 + i (the loader last).
 */
export async function planTopology(clients: number): Promise<Topology> {
  const nic = await reserveUdpPorts(3 + clients + 1);
  const at = (i: number) => nic[i] as number;
  const host = (name: string, ip: number, m: number, port: number, nicPort: number): CabledHost => ({
    name,
    ip,
    mac: m,
    port,
    nicPort,
  });
  const clientHosts = Array.from({ length: clients + 1 }, (_, i) =>
    host(i === clients ? 'loader' : `client-${i}`, ipv4(10, 0, 1, i + 1), mac(i + 1, 1), 10 + i, at(3 + i)),
  );
  return {
    source: host('source', ipv4(10, 0, 0, 1), mac(1), 1, at(0)),
    destination: host('destination', ipv4(10, 0, 0, 2), mac(2), 2, at(1)),
    auditor: host('auditor', ipv4(10, 0, 0, 3), mac(3), 3, at(2)),
    clients: clientHosts.slice(0, clients),
    loader: clientHosts[clients] as CabledHost,
    sourceDbPort: SOURCE_DB_PORT,
    destinationDbPort: DESTINATION_DB_PORT,
  };
}

export function allHosts(t: Topology): CabledHost[] {
  return [t.source, t.destination, t.auditor, ...t.clients, t.loader];
}
