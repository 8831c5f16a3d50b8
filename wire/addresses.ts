// Emulated host addresses: 48-bit MACs and IPv4 addresses held as plain numbers (a MAC fits
// in a double exactly), with parsing and printing. These are the addresses inside frames,
// independent of the loopback UDP sockets that carry the frames.

export type Mac = number;
export type Ipv4 = number;

/** Parses "02:00:00:00:00:01" (also '-' separated); undefined when malformed. */
export function parseMac(text: string): Mac | undefined {
  const parts = text.split(/[:-]/);
  if (parts.length !== 6) return undefined;
  let v = 0;
  for (const p of parts) {
    if (!/^[0-9a-fA-F]{1,2}$/.test(p)) return undefined;
    v = v * 256 + Number.parseInt(p, 16);
  }
  return v;
}

export function formatMac(mac: Mac): string {
  const out: string[] = [];
  let v = mac;
  for (let i = 0; i < 6; i++) {
    out.unshift((v % 256).toString(16).padStart(2, '0'));
    v = Math.floor(v / 256);
  }
  return out.join(':');
}

/** Parses dotted-quad IPv4; undefined when malformed. */
export function parseIpv4(text: string): Ipv4 | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0;
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = v * 256 + n;
  }
  return v;
}

export function formatIpv4(ip: Ipv4): string {
  return [ip >>> 24, (ip >>> 16) & 0xff, (ip >>> 8) & 0xff, ip & 0xff].join('.');
}

/** Writes a MAC big-endian at buf[off..off+6). */
export function writeMac(buf: Uint8Array, off: number, mac: Mac): void {
  const hi = Math.floor(mac / 0x100000000);
  const lo = mac >>> 0;
  buf[off] = (hi >>> 8) & 0xff;
  buf[off + 1] = hi & 0xff;
  buf[off + 2] = lo >>> 24;
  buf[off + 3] = (lo >>> 16) & 0xff;
  buf[off + 4] = (lo >>> 8) & 0xff;
  buf[off + 5] = lo & 0xff;
}

export function readMac(buf: Uint8Array, off: number): Mac {
  const hi = ((buf[off] as number) << 8) | (buf[off + 1] as number);
  return hi * 0x100000000 + readU32(buf, off + 2);
}

export function readU32(buf: Uint8Array, off: number): number {
  return (
    (((buf[off] as number) << 24) |
      ((buf[off + 1] as number) << 16) |
      ((buf[off + 2] as number) << 8) |
      (buf[off + 3] as number)) >>>
    0
  );
}

export function writeU32(buf: Uint8Array, off: number, v: number): void {
  buf[off] = v >>> 24;
  buf[off + 1] = (v >>> 16) & 0xff;
  buf[off + 2] = (v >>> 8) & 0xff;
  buf[off + 3] = v & 0xff;
}

export function readU16(buf: Uint8Array, off: number): number {
  return ((buf[off] as number) << 8) | (buf[off + 1] as number);
}

export function writeU16(buf: Uint8Array, off: number, v: number): void {
  buf[off] = (v >>> 8) & 0xff;
  buf[off + 1] = v & 0xff;
}
