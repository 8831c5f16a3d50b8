// Encoder and decoder of the UDP payload (mg_hdr + op body) with the NetMigrate artifact's
// exact offsets, plus the p4ts thread and group-count bytes on GROUP_* (docs/wire-format.md).
// Encoding writes into a caller's reusable buffer; decoding returns a message or a coded
// error. Decoded values are views into the input bytes: copy them to keep them.

import { readU16, readU32, writeU16, writeU32 } from './addresses.js';
import type { WireError } from './errors.js';
import { wireError } from './errors.js';
import { FRAME_HEADER_BYTES, IP_MTU } from './frame.js';
import type { Key, KeyValue, MgMessage, MigrateMessage } from './message.js';
import { DEFAULT_VALUE_BYTES, KEY_BYTES, MG_HEADER_BYTES, MULTI_SLOTS, Op } from './ops.js';

export type DecodeResult = { ok: true; value: MgMessage } | WireError;

/** Pairs per MIGRATE packet so that the IP packet fits the MTU: 21 for 64-byte values. */
export function maxMigratePairs(valueBytes: number, mtu = IP_MTU): number {
  return Math.max(1, Math.floor((mtu - (FRAME_HEADER_BYTES - 14) - MG_HEADER_BYTES - 1) / (KEY_BYTES + valueBytes)));
}

/**
 * The body after `mg_hdr`, per op: bytes of bitmaps, flags, counts and ids, then how many keys
 * and how many values it carries (MIGRATE: plus its pairs). Indexed by op code; the ops are
 * small numbers (wire/ops.ts).
 */
const BODY: readonly (readonly [fixed: number, keys: number, values: number] | undefined)[] = (() => {
  const body: (readonly [number, number, number] | undefined)[] = [];
  const set = (ops: readonly number[], fixed: number, keys: number, values: number) => {
    for (const op of ops) body[op] = [fixed, keys, values];
  };
  const S = MULTI_SLOTS;
  set([Op.READ], 2, 1, 0);
  set([Op.WRITE], 1, 1, 1);
  set([Op.DELETE], 1, 1, 0);
  set([Op.READ_REPLY], 2, 0, 1);
  set([Op.WRITE_REPLY, Op.DELETE_REPLY], 2, 0, 0);
  set([Op.MULTI_READ], 1 + S, S, 0);
  set([Op.MULTI_WRITE], 1, S, S);
  set([Op.MULTI_DELETE], 1, S, 0);
  set([Op.MULTI_READ_REPLY], 1 + S, 0, S);
  set([Op.MULTI_WRITE_REPLY, Op.MULTI_DELETE_REPLY], 1 + S, 0, 0);
  set([Op.INIT, Op.TERMINATE], 14, 0, 0);
  set([Op.GROUP_START, Op.GROUP_COMPLETE], 6, 0, 0);
  set([Op.MIGRATE], 1, 0, 0);
  set([Op.INIT_REPLY, Op.MIGRATE_REPLY, Op.TERMINATE_REPLY, Op.GROUP_START_REPLY, Op.GROUP_COMPLETE_REPLY], 0, 0, 0);
  return body;
})();

/** The object form of a packed MIGRATE's pairs: none (frozen, so nothing can add any by mistake). */
export const NO_PAIRS = Object.freeze([]) as unknown as KeyValue[];

/** The pairs a MIGRATE carries, packed or as objects. */
export function migratePairCount(msg: MigrateMessage): number {
  return msg.packed === undefined ? msg.pairs.length : msg.packed.count;
}

/**
 * Calls `visit` with each pair of a MIGRATE, packed or not. A packed pair's value is a view
 * into the packed bytes: copy it to keep it.
 */
export function forEachMigratePair(
  msg: MigrateMessage,
  valueBytes: number,
  visit: (key: Key, value: Uint8Array) => void,
): void {
  const packed = msg.packed;
  if (packed === undefined) {
    for (const p of msg.pairs) visit(p.key, p.value);
    return;
  }
  const bytes = packed.bytes;
  for (let i = 0, at = 0; i < packed.count; i++, at += KEY_BYTES + valueBytes)
    visit(readU32(bytes, at), bytes.subarray(at + KEY_BYTES, at + KEY_BYTES + valueBytes));
}

/** A MIGRATE's pairs as objects (values are views when packed): for tests and tools, not the hot path. */
export function migratePairs(msg: MigrateMessage, valueBytes: number): KeyValue[] {
  const out: KeyValue[] = [];
  forEachMigratePair(msg, valueBytes, (key, value) => out.push({ key, value }));
  return out;
}

/** Exact payload size of a message with this op (MIGRATE: for `pairs` pairs); -1 for an unknown op. */
export function payloadBytes(op: number, valueBytes = DEFAULT_VALUE_BYTES, pairs = 0): number {
  const b = BODY[op];
  if (b === undefined) return -1;
  const size = MG_HEADER_BYTES + b[0] + b[1] * KEY_BYTES + b[2] * valueBytes;
  return op === Op.MIGRATE ? size + pairs * (KEY_BYTES + valueBytes) : size;
}

function writeSeq(buf: Uint8Array, off: number, seq: bigint): void {
  const s = BigInt.asUintN(64, seq);
  writeU32(buf, off, Number(s >> 32n));
  writeU32(buf, off + 4, Number(s & 0xffffffffn));
}

function readSeq(buf: Uint8Array, off: number): bigint {
  return (BigInt(readU32(buf, off)) << 32n) | BigInt(readU32(buf, off + 4));
}

function putValue(buf: Uint8Array, off: number, value: Uint8Array | undefined, valueBytes: number): boolean {
  if (value === undefined) {
    buf.fill(0, off, off + valueBytes);
    return true;
  }
  if (value.length !== valueBytes) return false;
  buf.set(value, off);
  return true;
}

/**
 * Writes `msg` at buf[offset..] and returns the byte count, or a coded error when a value
 * has the wrong size, a MIGRATE has too many pairs, or the buffer is too small. Multi-key
 * slots whose array entry is missing are written as zeros.
 */
export function encodeMessage(
  msg: MgMessage,
  buf: Uint8Array,
  offset = 0,
  valueBytes = DEFAULT_VALUE_BYTES,
): number | WireError {
  const pairs = msg.op === Op.MIGRATE ? migratePairCount(msg) : 0;
  const size = payloadBytes(msg.op, valueBytes, pairs);
  if (size < 0) return wireError('MG_UNKNOWN_OP', `op 0x${msg.op.toString(16)}`);
  if (offset + size > buf.length)
    return wireError('MG_BUFFER_TOO_SMALL', `${size} bytes at ${offset} of ${buf.length}`);
  const o = offset;
  buf[o] = msg.op;
  writeSeq(buf, o + 1, msg.seq);
  writeU16(buf, o + 9, msg.dbPort);
  const b = o + MG_HEADER_BYTES;
  const badValue = () => wireError('MG_BAD_VALUE_SIZE', `a value is not ${valueBytes} bytes`);
  switch (msg.op) {
    case Op.READ:
      buf[b] = msg.bitmap;
      buf[b + 1] = msg.ver;
      writeU32(buf, b + 2, msg.key);
      break;
    case Op.WRITE:
      buf[b] = msg.bitmap;
      writeU32(buf, b + 1, msg.key);
      if (!putValue(buf, b + 5, msg.value, valueBytes)) return badValue();
      break;
    case Op.DELETE:
      buf[b] = msg.bitmap;
      writeU32(buf, b + 1, msg.key);
      break;
    case Op.READ_REPLY:
      buf[b] = msg.bitmap;
      buf[b + 1] = msg.ver;
      if (!putValue(buf, b + 2, msg.value, valueBytes)) return badValue();
      break;
    case Op.WRITE_REPLY:
    case Op.DELETE_REPLY:
      buf[b] = msg.bitmap;
      buf[b + 1] = msg.ver;
      break;
    case Op.MULTI_READ:
      buf[b] = msg.bitmap;
      for (let i = 0; i < MULTI_SLOTS; i++) {
        buf[b + 1 + i * 5] = msg.vers[i] ?? 0;
        writeU32(buf, b + 2 + i * 5, msg.keys[i] ?? 0);
      }
      break;
    case Op.MULTI_WRITE:
      buf[b] = msg.bitmap;
      for (let i = 0; i < MULTI_SLOTS; i++) writeU32(buf, b + 1 + i * KEY_BYTES, msg.keys[i] ?? 0);
      for (let i = 0; i < MULTI_SLOTS; i++) {
        const at = b + 1 + MULTI_SLOTS * KEY_BYTES + i * valueBytes;
        if (!putValue(buf, at, msg.values[i], valueBytes)) return badValue();
      }
      break;
    case Op.MULTI_DELETE:
      buf[b] = msg.bitmap;
      for (let i = 0; i < MULTI_SLOTS; i++) writeU32(buf, b + 1 + i * KEY_BYTES, msg.keys[i] ?? 0);
      break;
    case Op.MULTI_READ_REPLY:
      buf[b] = msg.bitmap;
      for (let i = 0; i < MULTI_SLOTS; i++) {
        const at = b + 1 + i * (1 + valueBytes);
        buf[at] = msg.vers[i] ?? 0;
        if (!putValue(buf, at + 1, msg.values[i], valueBytes)) return badValue();
      }
      break;
    case Op.MULTI_WRITE_REPLY:
    case Op.MULTI_DELETE_REPLY:
      buf[b] = msg.bitmap;
      for (let i = 0; i < MULTI_SLOTS; i++) buf[b + 1 + i] = msg.vers[i] ?? 0;
      break;
    case Op.INIT:
    case Op.TERMINATE:
      writeU32(buf, b, msg.srcAddr);
      writeU16(buf, b + 4, msg.srcPort);
      writeU32(buf, b + 6, msg.dstAddr);
      writeU16(buf, b + 10, msg.dstPort);
      buf[b + 12] = msg.sizeExp;
      buf[b + 13] = msg.remainExp;
      break;
    case Op.GROUP_START:
    case Op.GROUP_COMPLETE:
      writeU32(buf, b, msg.groupId);
      buf[b + 4] = msg.threadId;
      if (
        msg.groupCount !== undefined &&
        !(Number.isInteger(msg.groupCount) && msg.groupCount >= 1 && msg.groupCount <= 255)
      )
        return wireError('MG_BAD_GROUP_COUNT', `group count ${msg.groupCount} is not 1..255`);
      buf[b + 5] = msg.groupCount ?? 1;
      break;
    case Op.MIGRATE: {
      if (pairs > 255 || pairs > maxMigratePairs(valueBytes)) {
        return wireError('MG_BAD_KV_NUM', `${pairs} pairs exceed ${maxMigratePairs(valueBytes)}`);
      }
      buf[b] = pairs;
      let at = b + 1;
      const packed = msg.packed;
      if (packed !== undefined) {
        const bytes = pairs * (KEY_BYTES + valueBytes);
        if (packed.bytes.length < bytes) return badValue();
        buf.set(packed.bytes.length === bytes ? packed.bytes : packed.bytes.subarray(0, bytes), at);
        break;
      }
      for (const p of msg.pairs) {
        writeU32(buf, at, p.key);
        if (!putValue(buf, at + KEY_BYTES, p.value, valueBytes)) return badValue();
        at += KEY_BYTES + valueBytes;
      }
      break;
    }
    default:
      break; // header-only replies
  }
  return size;
}

/**
 * Decodes one UDP payload. Trailing bytes beyond the op's size are ignored (the artifact pads
 * MIGRATE to 21 slots). Multi-key bitmaps must name at least one of the 4 slots and nothing
 * else; single-key bitmaps are echoed as they are.
 */
export function decodeMessage(
  bytes: Uint8Array,
  offset = 0,
  length = bytes.length - offset,
  valueBytes = DEFAULT_VALUE_BYTES,
): DecodeResult {
  if (offset < 0 || length < 0 || offset + length > bytes.length) {
    return wireError('MG_TRUNCATED', `payload range ${offset}+${length} outside ${bytes.length} bytes`);
  }
  if (length < MG_HEADER_BYTES) return wireError('MG_TRUNCATED', `payload of ${length} bytes`);
  const o = offset;
  const op = bytes[o] as number;
  const seq = readSeq(bytes, o + 1);
  const dbPort = readU16(bytes, o + 9);
  let kvNum = 0;
  if (op === Op.MIGRATE) {
    if (length < MG_HEADER_BYTES + 1) return wireError('MG_TRUNCATED', 'MIGRATE without kv_num');
    kvNum = bytes[o + MG_HEADER_BYTES] as number;
    if (kvNum > maxMigratePairs(valueBytes)) return wireError('MG_BAD_KV_NUM', `kv_num ${kvNum}`);
  }
  const size = payloadBytes(op, valueBytes, kvNum);
  if (size < 0) return wireError('MG_UNKNOWN_OP', `op 0x${op.toString(16)}`);
  if (length < size) return wireError('MG_TRUNCATED', `op 0x${op.toString(16)} needs ${size} bytes, got ${length}`);
  const b = o + MG_HEADER_BYTES;
  const view = (at: number) => bytes.subarray(at, at + valueBytes);
  // 0 is valid: the NetMigrate switch's walk clears the served key's bit, so the packet for
  // the last key (and its reply) carries none (wire/multi-key-walk.ts).
  const multiBitmap = (): number | WireError => {
    const bm = bytes[b] as number;
    return bm > 0x0f ? wireError('MG_BAD_BITMAP', `bitmap 0x${bm.toString(16)}`) : bm;
  };
  switch (op) {
    case Op.READ:
      return ok({
        op,
        seq,
        dbPort,
        bitmap: bytes[b] as number,
        ver: bytes[b + 1] as number,
        key: readU32(bytes, b + 2),
      });
    case Op.WRITE:
      return ok({ op, seq, dbPort, bitmap: bytes[b] as number, key: readU32(bytes, b + 1), value: view(b + 5) });
    case Op.DELETE:
      return ok({ op, seq, dbPort, bitmap: bytes[b] as number, key: readU32(bytes, b + 1) });
    case Op.READ_REPLY:
      return ok({ op, seq, dbPort, bitmap: bytes[b] as number, ver: bytes[b + 1] as number, value: view(b + 2) });
    case Op.WRITE_REPLY:
    case Op.DELETE_REPLY:
      return ok({ op, seq, dbPort, bitmap: bytes[b] as number, ver: bytes[b + 1] as number });
    case Op.MULTI_READ: {
      const bitmap = multiBitmap();
      if (typeof bitmap !== 'number') return bitmap;
      const at = (i: number) => b + 1 + i * (1 + KEY_BYTES);
      return ok({
        op,
        seq,
        dbPort,
        bitmap,
        vers: slots((i) => bytes[at(i)] as number),
        keys: slots((i) => readU32(bytes, at(i) + 1)),
      });
    }
    case Op.MULTI_WRITE: {
      const bitmap = multiBitmap();
      if (typeof bitmap !== 'number') return bitmap;
      const valuesAt = b + 1 + MULTI_SLOTS * KEY_BYTES;
      const keys = slots((i) => readU32(bytes, b + 1 + i * KEY_BYTES));
      return ok({ op, seq, dbPort, bitmap, keys, values: slots((i) => view(valuesAt + i * valueBytes)) });
    }
    case Op.MULTI_DELETE: {
      const bitmap = multiBitmap();
      if (typeof bitmap !== 'number') return bitmap;
      return ok({ op, seq, dbPort, bitmap, keys: slots((i) => readU32(bytes, b + 1 + i * KEY_BYTES)) });
    }
    case Op.MULTI_READ_REPLY: {
      const bitmap = multiBitmap();
      if (typeof bitmap !== 'number') return bitmap;
      const at = (i: number) => b + 1 + i * (1 + valueBytes);
      return ok({
        op,
        seq,
        dbPort,
        bitmap,
        vers: slots((i) => bytes[at(i)] as number),
        values: slots((i) => view(at(i) + 1)),
      });
    }
    case Op.MULTI_WRITE_REPLY:
    case Op.MULTI_DELETE_REPLY: {
      const bitmap = multiBitmap();
      if (typeof bitmap !== 'number') return bitmap;
      const vers: number[] = [];
      for (let i = 0; i < MULTI_SLOTS; i++) vers.push(bytes[b + 1 + i] as number);
      return ok({ op, seq, dbPort, bitmap, vers });
    }
    case Op.INIT:
    case Op.TERMINATE:
      return ok({
        op,
        seq,
        dbPort,
        srcAddr: readU32(bytes, b),
        srcPort: readU16(bytes, b + 4),
        dstAddr: readU32(bytes, b + 6),
        dstPort: readU16(bytes, b + 10),
        sizeExp: bytes[b + 12] as number,
        remainExp: bytes[b + 13] as number,
      });
    case Op.GROUP_START:
    case Op.GROUP_COMPLETE: {
      const groupId = readU32(bytes, b);
      const threadId = bytes[b + 4] as number;
      // A run of 1..255 groups; a run of one leaves the field out, as senders write it. The
      // switch's tokens assume count ≥ 1 (docs/wire-format.md), so 0 is malformed.
      const count = bytes[b + 5] as number;
      if (count === 0) return wireError('MG_BAD_GROUP_COUNT', 'group count 0');
      return ok(
        count > 1 ? { op, seq, dbPort, groupId, threadId, groupCount: count } : { op, seq, dbPort, groupId, threadId },
      );
    }
    case Op.MIGRATE: {
      // Packed: one view of the records, no object or view per pair (the destination applies
      // them from the datagram's bytes; migratePairs() gives objects to whoever wants them).
      const start = b + 1;
      const packed = { count: kvNum, bytes: bytes.subarray(start, start + kvNum * (KEY_BYTES + valueBytes)) };
      return ok({ op, seq, dbPort, pairs: NO_PAIRS, packed });
    }
    case Op.INIT_REPLY:
    case Op.MIGRATE_REPLY:
    case Op.TERMINATE_REPLY:
    case Op.GROUP_START_REPLY:
    case Op.GROUP_COMPLETE_REPLY:
      return ok({ op, seq, dbPort });
    default:
      return wireError('MG_UNKNOWN_OP', `op 0x${op.toString(16)}`);
  }
}

/** The four slots of a multi-key body, read one by one. */
function slots<T>(read: (slot: number) => T): T[] {
  const out: T[] = [];
  for (let i = 0; i < MULTI_SLOTS; i++) out.push(read(i));
  return out;
}

function ok(value: MgMessage): DecodeResult {
  return { ok: true, value };
}

/** The 4 wire bytes of a key (big-endian), e.g. to hash it. */
export function keyBytes(key: Key, out: Uint8Array = new Uint8Array(KEY_BYTES)): Uint8Array {
  writeU32(out, 0, key);
  return out;
}

/** 64 bytes (or `valueBytes`) of 0xFF: the value field of a read reply that found nothing. */
export function notFoundValue(valueBytes = DEFAULT_VALUE_BYTES): Uint8Array {
  return new Uint8Array(valueBytes).fill(0xff);
}
