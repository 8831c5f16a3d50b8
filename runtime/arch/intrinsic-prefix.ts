// The bytes the TNA engine puts in front of a packet for the parsers (docs/tna.md §3): the 64-bit
// ingress intrinsic header plus 64 bits of port metadata (or resubmit data), and the 216-bit
// egress intrinsic header. Written byte by byte straight into the parser's input buffer:
// this runs twice per packet, and every field sits at a fixed position.

/** Tofino 1's sizes; a Tofino 2 program has 24 bytes of port metadata and a 28-byte egress header. */
export const INGRESS_PREFIX_BYTES = 16;
export const EGRESS_PREFIX_BYTES = 27;
/** The ingress intrinsic header before the port metadata. */
export const INGRESS_INTRINSIC_BYTES = 8;

/**
 * resubmit_flag 1, pad 1, packet_version 2, pad 3, ingress_port 9, ingress_mac_tstamp 48
 * (the low 48 bits of `nowNs`); then the 8 bytes of `meta` (port metadata or resubmit data),
 * or zeros without one.
 */
export function writeIngressPrefix(
  b: Uint8Array,
  resubmitted: boolean,
  port: number,
  nowNs: number,
  meta: Uint8Array | undefined,
  prefixBytes = INGRESS_PREFIX_BYTES,
): void {
  const hi = Math.floor(nowNs / 2 ** 32) & 0xffff;
  const lo = nowNs >>> 0;
  b[0] = (resubmitted ? 0x80 : 0) | ((port >>> 8) & 1);
  b[1] = port & 0xff;
  b[2] = hi >>> 8;
  b[3] = hi & 0xff;
  b[4] = lo >>> 24;
  b[5] = (lo >>> 16) & 0xff;
  b[6] = (lo >>> 8) & 0xff;
  b[7] = lo & 0xff;
  if (meta === undefined) for (let i = 8; i < prefixBytes; i++) b[i] = 0;
  else for (let i = 8; i < prefixBytes; i++) b[i] = meta[i - 8] ?? 0;
}

/**
 * The egress intrinsic header with the fields the engine knows (every other field 0):
 * egress_port at bit 7 (9 bits), enq_tstamp at bit 62 (18 bits, the low bits of `nowNs`),
 * egress_rid at bit 152 (16), egress_rid_first at bit 175 (1), pkt_length at bit 200 (16,
 * saturating).
 */
export function writeEgressPrefix(
  b: Uint8Array,
  port: number,
  nowNs: number,
  rid: number,
  ridFirst: number,
  packetLength: number,
  prefixBytes = EGRESS_PREFIX_BYTES,
): void {
  // The Tofino 2 layout widens enq_tstamp and deq_timedelta into their padding and adds a
  // byte at the end: every field written here keeps its position.
  for (let i = 0; i < prefixBytes; i++) b[i] = 0;
  b[0] = (port >>> 8) & 1;
  b[1] = port & 0xff;
  const t = nowNs & 0x3ffff;
  b[7] = t >>> 16;
  b[8] = (t >>> 8) & 0xff;
  b[9] = t & 0xff;
  b[19] = (rid >>> 8) & 0xff;
  b[20] = rid & 0xff;
  b[21] = ridFirst & 1;
  const len = Math.min(packetLength, 0xffff);
  b[25] = len >>> 8;
  b[26] = len & 0xff;
}
