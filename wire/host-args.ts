// Command-line values every host program (kvserver, kvclient) takes the same way: where its
// switch port is, which framing its cable uses, plain numbers. Problems come back as messages
// (Parsed), never throws, so bin/ stays a thin shell.

import type { Framing } from './framing.js';
import type { PeerAddress } from './udp-port.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** "host:port" → a UDP address. */
export function parseUdpAddress(text: string): PeerAddress | undefined {
  const m = /^(.+):(\d{1,5})$/.exec(text);
  if (m === null) return undefined;
  const port = Number(m[2]);
  return port <= 0xffff ? { address: m[1] as string, port } : undefined;
}

export function parseFraming(text: string | undefined): Framing | undefined {
  return text === undefined || text === 'single' ? 'single' : text === 'batched' ? 'batched' : undefined;
}

/** A non-negative number from text, or undefined. */
export function parseNumber(v: string | number | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}
