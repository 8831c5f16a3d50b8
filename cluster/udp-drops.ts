// Where UDP datagrams are lost during a run: the kernel's UDP counters (/proc/net/snmp, for the
// whole machine) read before and after the measured run, and each of the run's own sockets'
// drop count (/proc/net/udp, the `drops` column, by local port). A batched datagram dropped at
// a full receive buffer loses every frame in it, and each lost request then waits out the
// client's timeout (docs/reproducing-the-paper.md "Sources of run-to-run spread").
// Linux only: elsewhere every reading is undefined and the summary says nothing.

import { readFileSync } from 'node:fs';
import type { RunRecord } from './run-record.js';
import { allHosts, type Topology } from './topology.js';

/** The kernel's UDP counters that say a datagram was lost on receive (or on send). */
export interface UdpKernelCounters {
  inDatagrams: number;
  inErrors: number;
  rcvbufErrors: number;
  sndbufErrors: number;
}

/** The `Udp:` header and value lines of a /proc/net/snmp text, as counters. */
export function parseSnmpUdp(text: string): UdpKernelCounters | undefined {
  const lines = text.split('\n').filter((l) => l.startsWith('Udp: '));
  if (lines.length < 2) return undefined;
  const names = (lines[0] as string).split(/\s+/).slice(1);
  const values = (lines[1] as string).split(/\s+/).slice(1).map(Number);
  const get = (n: string) => {
    const i = names.indexOf(n);
    return i < 0 ? Number.NaN : (values[i] as number);
  };
  const c = {
    inDatagrams: get('InDatagrams'),
    inErrors: get('InErrors'),
    rcvbufErrors: get('RcvbufErrors'),
    sndbufErrors: get('SndbufErrors'),
  };
  return Object.values(c).every(Number.isFinite) ? c : undefined;
}

export function readUdpKernelCounters(): UdpKernelCounters | undefined {
  try {
    return parseSnmpUdp(readFileSync('/proc/net/snmp', 'latin1'));
  } catch {
    return undefined;
  }
}

export function udpCounterDelta(a: UdpKernelCounters, b: UdpKernelCounters): UdpKernelCounters {
  return {
    inDatagrams: b.inDatagrams - a.inDatagrams,
    inErrors: b.inErrors - a.inErrors,
    rcvbufErrors: b.rcvbufErrors - a.rcvbufErrors,
    sndbufErrors: b.sndbufErrors - a.sndbufErrors,
  };
}

/** Drops per local UDP port from a /proc/net/udp text (hex `addr:port` in column 2, `drops` last). */
export function parseSocketDrops(text: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 13) continue;
    const port = Number.parseInt((f[1] as string).split(':')[1] ?? '', 16);
    const drops = Number(f[f.length - 1]);
    if (Number.isInteger(port) && Number.isFinite(drops)) out.set(port, (out.get(port) ?? 0) + drops);
  }
  return out;
}

/** Each named socket's drops so far (sockets not found are left out); undefined without /proc. */
export function readSocketDrops(ports: ReadonlyMap<string, number>): Record<string, number> | undefined {
  let text: string;
  try {
    text = readFileSync('/proc/net/udp', 'latin1');
  } catch {
    return undefined;
  }
  const drops = parseSocketDrops(text);
  const out: Record<string, number> = {};
  for (const [name, port] of ports) {
    const d = drops.get(port);
    if (d !== undefined) out[name] = d;
  }
  return out;
}

/** Reads UDP losses at the end of the run: the machine's since `before`, and the run's own sockets' drops. */
export function runUdpLosses(
  before: UdpKernelCounters | undefined,
  t: Topology,
  switchPorts: Record<string, string>,
): RunRecord['udp'] {
  const after = readUdpKernelCounters();
  const ports = new Map<string, number>(allHosts(t).map((h) => [h.name, h.nicPort]));
  for (const [n, addr] of Object.entries(switchPorts)) ports.set(`switch-port-${n}`, Number(addr.split(':').pop()));
  const socketDrops = readSocketDrops(ports);
  if (before === undefined || after === undefined) return socketDrops === undefined ? undefined : { socketDrops };
  return { kernel: udpCounterDelta(before, after), ...(socketDrops === undefined ? {} : { socketDrops }) };
}
