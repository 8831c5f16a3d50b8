// The hosts the controller routes to: each host's emulated IPv4 and MAC address and the
// switch port it is cabled to (what the artifact reads from ports.yaml). Parsed from
// "NAME=IPV4,MAC,PORT" specs on the command line, with every problem as a message.

import { formatIpv4, formatMac, type Ipv4, type Mac, parseIpv4, parseMac } from '../../wire/addresses.js';

export interface HostEntry {
  readonly name: string;
  readonly ip: Ipv4;
  readonly mac: Mac;
  /** The switch's front-panel port of this host. */
  readonly port: number;
}

export type HostSpecResult = { ok: true; value: HostEntry } | { ok: false; message: string };

/** "source=10.0.0.1,02:00:00:00:00:01,1" → HostEntry. */
export function parseHostSpec(spec: string): HostSpecResult {
  const eq = spec.indexOf('=');
  const name = eq < 0 ? '' : spec.slice(0, eq);
  const [ipText, macText, portText, ...rest] = (eq < 0 ? spec : spec.slice(eq + 1)).split(',');
  const bad = (why: string): HostSpecResult => ({ ok: false, message: `--host ${spec}: ${why} (NAME=IPV4,MAC,PORT)` });
  if (name === '') return bad('no host name');
  if (rest.length > 0 || portText === undefined) return bad('expected three fields after the name');
  const ip = parseIpv4(ipText ?? '');
  if (ip === undefined) return bad(`${ipText} is not an IPv4 address`);
  const mac = parseMac(macText ?? '');
  if (mac === undefined) return bad(`${macText} is not a MAC address`);
  const port = Number(portText);
  if (!/^\d{1,3}$/.test(portText) || port > 511) return bad(`${portText} is not a switch port (0..511)`);
  return { ok: true, value: { name, ip, mac, port } };
}

export function formatHostSpec(h: HostEntry): string {
  return `${h.name}=${formatIpv4(h.ip)},${formatMac(h.mac)},${h.port}`;
}

/** Hosts by IPv4 address; a later entry for the same address replaces the earlier one. */
export class HostMap {
  private readonly byIp = new Map<Ipv4, HostEntry>();

  constructor(hosts: readonly HostEntry[]) {
    for (const h of hosts) this.byIp.set(h.ip, h);
  }

  get(ip: Ipv4): HostEntry | undefined {
    return this.byIp.get(ip);
  }

  all(): HostEntry[] {
    return [...this.byIp.values()];
  }
}
