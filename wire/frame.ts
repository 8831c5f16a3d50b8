// Ethernet II / IPv4 / UDP framing of NetMigrate packets: hosts write their mg payload at
// FRAME_HEADER_BYTES and wrap it with `writeFrameHeaders`; receivers `decodeFrame` and read
// the payload in place. UDP checksums are zero, as on the artifact's sockets (SO_NO_CHECK).

import type { Ipv4, Mac } from './addresses.js';
import { readMac, readU16, readU32, writeMac, writeU16, writeU32 } from './addresses.js';
import type { WireError } from './errors.js';
import { wireError } from './errors.js';

export const ETHERTYPE_IPV4 = 0x0800;
export const IP_PROTO_UDP = 17;
export const ETHERNET_BYTES = 14;
export const IPV4_BYTES = 20;
export const UDP_BYTES = 8;
/** Offset of the UDP payload in frames we build (IPv4 without options). */
export const FRAME_HEADER_BYTES = ETHERNET_BYTES + IPV4_BYTES + UDP_BYTES;
/** The IP MTU the protocol is sized for (MIGRATE packing, docs/netmigrate.md §3). */
export const IP_MTU = 1500;

/** Who a frame is from and to, at every layer. */
export interface FrameAddress {
  dstMac: Mac;
  srcMac: Mac;
  srcIp: Ipv4;
  dstIp: Ipv4;
  srcPort: number;
  dstPort: number;
}

export interface DecodedFrame extends FrameAddress {
  /** Offset and length of the UDP payload inside the decoded bytes. */
  payloadOffset: number;
  payloadLength: number;
  ttl: number;
}

export type FrameResult = { ok: true; value: DecodedFrame } | WireError;

/** Ones'-complement sum of 16-bit words, folded and complemented (RFC 791 header checksum). */
export function ipv4HeaderChecksum(buf: Uint8Array, off: number, len: number): number {
  let sum = 0;
  for (let i = 0; i < len; i += 2) sum += ((buf[off + i] as number) << 8) | (buf[off + i + 1] as number);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/**
 * Writes Ethernet, IPv4 (with checksum) and UDP headers in front of a payload of
 * `payloadLength` bytes already placed at buf[FRAME_HEADER_BYTES..]. Returns the frame length.
 */
export function writeFrameHeaders(buf: Uint8Array, addr: FrameAddress, payloadLength: number, ipId = 0): number {
  writeMac(buf, 0, addr.dstMac);
  writeMac(buf, 6, addr.srcMac);
  writeU16(buf, 12, ETHERTYPE_IPV4);
  const ip = ETHERNET_BYTES;
  buf[ip] = 0x45;
  buf[ip + 1] = 0;
  writeU16(buf, ip + 2, IPV4_BYTES + UDP_BYTES + payloadLength);
  writeU16(buf, ip + 4, ipId & 0xffff);
  writeU16(buf, ip + 6, 0x4000); // don't fragment
  buf[ip + 8] = 64;
  buf[ip + 9] = IP_PROTO_UDP;
  writeU16(buf, ip + 10, 0);
  writeU32(buf, ip + 12, addr.srcIp);
  writeU32(buf, ip + 16, addr.dstIp);
  writeU16(buf, ip + 10, ipv4HeaderChecksum(buf, ip, IPV4_BYTES));
  const udp = ip + IPV4_BYTES;
  writeU16(buf, udp, addr.srcPort);
  writeU16(buf, udp + 2, addr.dstPort);
  writeU16(buf, udp + 4, UDP_BYTES + payloadLength);
  writeU16(buf, udp + 6, 0);
  return FRAME_HEADER_BYTES + payloadLength;
}

/**
 * Decodes the headers of one frame. IPv4 options are skipped; the header checksum must be
 * right (the switch recomputes it, so a wrong one means a corrupt frame); fragments are
 * refused (nothing in this system fragments). Trailing bytes past the IPv4 total length
 * (Ethernet padding) are ignored.
 */
export function decodeFrame(frame: Uint8Array): FrameResult {
  if (frame.length < FRAME_HEADER_BYTES) return wireError('FRAME_TRUNCATED', `frame of ${frame.length} bytes`);
  const ethertype = readU16(frame, 12);
  if (ethertype !== ETHERTYPE_IPV4) return wireError('NOT_IPV4', `ethertype 0x${ethertype.toString(16)}`);
  const ip = ETHERNET_BYTES;
  const vihl = frame[ip] as number;
  if (vihl >> 4 !== 4) return wireError('IPV4_BAD_HEADER', `version ${vihl >> 4}`);
  const ihl = (vihl & 0x0f) * 4;
  if (ihl < IPV4_BYTES) return wireError('IPV4_BAD_HEADER', `IHL ${ihl} bytes`);
  const totalLength = readU16(frame, ip + 2);
  if (totalLength < ihl + UDP_BYTES || ip + totalLength > frame.length) {
    return wireError('IPV4_BAD_LENGTH', `total length ${totalLength} in a ${frame.length}-byte frame`);
  }
  if (ipv4HeaderChecksum(frame, ip, ihl) !== 0) return wireError('IPV4_BAD_CHECKSUM', 'header checksum mismatch');
  const fragment = readU16(frame, ip + 6);
  if ((fragment & 0x3fff) !== 0) return wireError('IPV4_FRAGMENT', 'fragments are not supported');
  if (frame[ip + 9] !== IP_PROTO_UDP) return wireError('NOT_UDP', `protocol ${frame[ip + 9]}`);
  const udp = ip + ihl;
  const udpLength = readU16(frame, udp + 4);
  if (udpLength < UDP_BYTES || udpLength > totalLength - ihl) {
    return wireError('UDP_BAD_LENGTH', `UDP length ${udpLength} with ${totalLength - ihl} IP payload bytes`);
  }
  return {
    ok: true,
    value: {
      dstMac: readMac(frame, 0),
      srcMac: readMac(frame, 6),
      ttl: frame[ip + 8] as number,
      srcIp: readU32(frame, ip + 12),
      dstIp: readU32(frame, ip + 16),
      srcPort: readU16(frame, udp),
      dstPort: readU16(frame, udp + 2),
      payloadOffset: udp + UDP_BYTES,
      payloadLength: udpLength - UDP_BYTES,
    },
  };
}

/** The address of a reply: every layer's source and destination swapped (artifact's servers do this). */
export function replyAddress(req: FrameAddress, ownMac: Mac, ownIp: Ipv4): FrameAddress {
  return {
    dstMac: req.srcMac,
    srcMac: ownMac,
    srcIp: ownIp,
    dstIp: req.srcIp,
    srcPort: req.dstPort,
    dstPort: req.srcPort,
  };
}
