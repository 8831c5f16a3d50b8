import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { FrameAddress, MgMessage } from '../../wire/index.js';
import {
  decodeFrame,
  decodeMessage,
  encodeMessage,
  FRAME_HEADER_BYTES,
  formatIpv4,
  formatMac,
  isNetMigratePort,
  MG_HEADER_BYTES,
  maxMigratePairs,
  migratePairCount,
  migratePairs,
  Op,
  parseIpv4,
  parseMac,
  payloadBytes,
  replyAddress,
  writeFrameHeaders,
} from '../../wire/index.js';

const VB = 64;
const u8 = fc.integer({ min: 0, max: 255 });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const seq = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const value = (n = VB) => fc.uint8Array({ minLength: n, maxLength: n });
const bitmap = fc.integer({ min: 1, max: 15 });
const four = <T>(a: fc.Arbitrary<T>) => fc.array(a, { minLength: 4, maxLength: 4 });
const head = { seq, dbPort: u16 };

const message: fc.Arbitrary<MgMessage> = fc.oneof(
  fc.record({ op: fc.constant(Op.READ), ...head, bitmap: u8, ver: u8, key: u32 }),
  fc.record({ op: fc.constant(Op.WRITE), ...head, bitmap: u8, key: u32, value: value() }),
  fc.record({ op: fc.constant(Op.DELETE), ...head, bitmap: u8, key: u32 }),
  fc.record({ op: fc.constant(Op.READ_REPLY), ...head, bitmap: u8, ver: u8, value: value() }),
  fc.record({ op: fc.constantFrom(Op.WRITE_REPLY, Op.DELETE_REPLY), ...head, bitmap: u8, ver: u8 }),
  fc.record({ op: fc.constant(Op.MULTI_READ), ...head, bitmap, vers: four(u8), keys: four(u32) }),
  fc.record({ op: fc.constant(Op.MULTI_WRITE), ...head, bitmap, keys: four(u32), values: four(value()) }),
  fc.record({ op: fc.constant(Op.MULTI_DELETE), ...head, bitmap, keys: four(u32) }),
  fc.record({ op: fc.constant(Op.MULTI_READ_REPLY), ...head, bitmap, vers: four(u8), values: four(value()) }),
  fc.record({ op: fc.constantFrom(Op.MULTI_WRITE_REPLY, Op.MULTI_DELETE_REPLY), ...head, bitmap, vers: four(u8) }),
  fc.record({
    op: fc.constantFrom(Op.INIT, Op.TERMINATE),
    ...head,
    srcAddr: u32,
    srcPort: u16,
    dstAddr: u32,
    dstPort: u16,
    sizeExp: u8,
    remainExp: u8,
  }),
  fc.record({ op: fc.constantFrom(Op.GROUP_START, Op.GROUP_COMPLETE), ...head, groupId: u32, threadId: u8 }),
  fc.record({
    op: fc.constantFrom(Op.GROUP_START, Op.GROUP_COMPLETE),
    ...head,
    groupId: u32,
    threadId: u8,
    groupCount: fc.integer({ min: 2, max: 255 }),
  }),
  fc.record({
    op: fc.constant(Op.MIGRATE),
    ...head,
    pairs: fc.array(fc.record({ key: u32, value: value() }), { maxLength: 21 }),
  }),
  fc.record({
    op: fc.constantFrom(
      Op.INIT_REPLY,
      Op.MIGRATE_REPLY,
      Op.TERMINATE_REPLY,
      Op.GROUP_START_REPLY,
      Op.GROUP_COMPLETE_REPLY,
    ),
    ...head,
  }),
) as fc.Arbitrary<MgMessage>;

const address: fc.Arbitrary<FrameAddress> = fc.record({
  dstMac: fc.integer({ min: 0, max: 2 ** 48 - 1 }),
  srcMac: fc.integer({ min: 0, max: 2 ** 48 - 1 }),
  srcIp: u32,
  dstIp: u32,
  srcPort: u16,
  dstPort: u16,
});

/** Compares with Uint8Array views turned into plain arrays. */
function plain(x: unknown): unknown {
  if (x instanceof Uint8Array) return Array.from(x);
  if (Array.isArray(x)) return x.map(plain);
  if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, plain(v)]));
  return x;
}

/** A decoded MIGRATE carries its pairs packed (one view of the records): as objects here, to compare. */
function withPairObjects(m: MgMessage): MgMessage {
  if (m.op !== Op.MIGRATE) return m;
  const { packed: _packed, ...rest } = m;
  return { ...rest, pairs: migratePairs(m, VB) };
}

describe('mg message codec', () => {
  it('every op decodes to what was encoded, at any offset', () => {
    const buf = new Uint8Array(2000);
    fc.assert(
      fc.property(message, fc.integer({ min: 0, max: 64 }), (msg, off) => {
        const n = encodeMessage(msg, buf, off, VB);
        assert.equal(typeof n, 'number');
        const d = decodeMessage(buf, off, n as number, VB);
        assert.ok(d.ok, d.ok ? '' : d.message);
        assert.deepEqual(plain(withPairObjects(d.value)), plain(msg));
      }),
    );
  });

  it('payload sizes match the artifact table (§2.4) plus the thread byte of GROUP_*', () => {
    const sizes: [number, number][] = [
      [Op.READ, 17],
      [Op.WRITE, 80],
      [Op.DELETE, 16],
      [Op.READ_REPLY, 77],
      [Op.WRITE_REPLY, 13],
      [Op.DELETE_REPLY, 13],
      [Op.MULTI_READ, 32],
      [Op.MULTI_WRITE, 284],
      [Op.MULTI_DELETE, 28],
      [Op.MULTI_READ_REPLY, 272],
      [Op.MULTI_WRITE_REPLY, 16],
      [Op.MULTI_DELETE_REPLY, 16],
      [Op.INIT, 25],
      [Op.TERMINATE, 25],
      [Op.GROUP_START, 17],
      [Op.GROUP_COMPLETE, 17],
      [Op.INIT_REPLY, 11],
      [Op.MIGRATE_REPLY, 11],
      [Op.GROUP_COMPLETE_REPLY, 11],
    ];
    for (const [op, size] of sizes) assert.equal(payloadBytes(op, 64), size, `op 0x${op.toString(16)}`);
    assert.equal(payloadBytes(Op.MIGRATE, 64, 21), 1440);
  });

  it('fields sit at the artifact offsets: READ key at 13, WRITE value at 16, GROUP id at 11 then thread', () => {
    const buf = new Uint8Array(100);
    encodeMessage({ op: Op.READ, seq: 0x0102030405060708n, dbPort: 6380, bitmap: 1, ver: 0, key: 0xdeadbeef }, buf);
    assert.deepEqual(
      Array.from(buf.subarray(0, 17)),
      [1, 1, 2, 3, 4, 5, 6, 7, 8, 0x18, 0xec, 1, 0, 0xde, 0xad, 0xbe, 0xef],
    );
    const v = new Uint8Array(64).fill(7);
    encodeMessage({ op: Op.WRITE, seq: 1n, dbPort: 1, bitmap: 1, key: 0x11223344, value: v }, buf);
    assert.deepEqual(Array.from(buf.subarray(12, 17)), [0x11, 0x22, 0x33, 0x44, 7]);
    encodeMessage({ op: Op.GROUP_START, seq: 1n, dbPort: 7380, groupId: 0x00012345, threadId: 3 }, buf);
    assert.deepEqual(Array.from(buf.subarray(11, 17)), [0, 1, 0x23, 0x45, 3, 1]);
    encodeMessage({ op: Op.GROUP_COMPLETE, seq: 1n, dbPort: 7380, groupId: 7, threadId: 3, groupCount: 32 }, buf);
    assert.deepEqual(Array.from(buf.subarray(11, 17)), [0, 0, 0, 7, 3, 32]);
  });

  it('a group run counts 1..255 groups: 0 and 256 are refused, a run of one decodes without the field', () => {
    const buf = new Uint8Array(100);
    const group = { op: Op.GROUP_START, seq: 1n, dbPort: 7380, groupId: 9, threadId: 1 } as const;
    for (const groupCount of [0, 256, 1.5]) {
      const r = encodeMessage({ ...group, groupCount }, buf);
      assert.equal(typeof r === 'number' ? 'number' : r.code, 'MG_BAD_GROUP_COUNT', String(groupCount));
    }
    const n = encodeMessage({ ...group, groupCount: 1 }, buf);
    assert.equal(n, 17);
    assert.deepEqual(decodeMessage(buf.subarray(0, 17)), { ok: true, value: group });
    buf[16] = 0;
    const bad = decodeMessage(buf.subarray(0, 17));
    assert.equal(bad.ok ? 'ok' : bad.code, 'MG_BAD_GROUP_COUNT');
  });

  it('a MIGRATE holds at most 21 pairs of 64-byte values (1500-byte MTU)', () => {
    assert.equal(maxMigratePairs(64), 21);
    const pairs = Array.from({ length: 22 }, (_, i) => ({ key: i, value: new Uint8Array(64) }));
    const r = encodeMessage({ op: Op.MIGRATE, seq: 1n, dbPort: 1, pairs }, new Uint8Array(4000));
    assert.equal(typeof r === 'number' ? 'number' : r.code, 'MG_BAD_KV_NUM');
  });

  it('an artifact MIGRATE padded to 21 slots decodes only kv_num pairs', () => {
    const buf = new Uint8Array(1440);
    const pairs = [{ key: 9, value: new Uint8Array(64).fill(1) }];
    encodeMessage({ op: Op.MIGRATE, seq: 5n, dbPort: 7380, pairs }, buf);
    const d = decodeMessage(buf, 0, 1440);
    assert.ok(d.ok && d.value.op === Op.MIGRATE);
    assert.equal(migratePairCount(d.value), 1);
    assert.equal(d.value.packed?.bytes.length, 68);
    assert.deepEqual(migratePairs(d.value, 64), pairs);
  });

  it('a value of the wrong size is an encode error, not a crash', () => {
    const r = encodeMessage(
      { op: Op.WRITE, seq: 1n, dbPort: 1, bitmap: 1, key: 1, value: new Uint8Array(3) },
      new Uint8Array(200),
    );
    assert.equal(typeof r === 'number' ? 'number' : r.code, 'MG_BAD_VALUE_SIZE');
  });

  it('a multi-key bitmap with a bit above slot 4 is refused; 0 (the last packet of a switch walk) is not', () => {
    const buf = new Uint8Array(64);
    encodeMessage({ op: Op.MULTI_DELETE, seq: 1n, dbPort: 1, bitmap: 1, keys: [1, 2, 3, 4] }, buf);
    buf[11] = 0;
    assert.equal(decodeMessage(buf, 0, 28).ok, true);
    for (const bad of [0x10, 0x81]) {
      buf[11] = bad;
      const d = decodeMessage(buf, 0, 28);
      assert.equal(d.ok ? 'ok' : d.code, 'MG_BAD_BITMAP');
    }
  });

  it('a truncated payload and an unknown op are coded errors', () => {
    const buf = new Uint8Array(80);
    encodeMessage({ op: Op.WRITE, seq: 1n, dbPort: 1, bitmap: 1, key: 1, value: new Uint8Array(64) }, buf);
    const t = decodeMessage(buf, 0, 79);
    assert.equal(t.ok ? 'ok' : t.code, 'MG_TRUNCATED');
    buf[0] = 0x42;
    const u = decodeMessage(buf, 0, 80);
    assert.equal(u.ok ? 'ok' : u.code, 'MG_UNKNOWN_OP');
  });

  it('random bytes never make the decoders throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1600 }), fc.integer({ min: 1, max: 200 }), (bytes, vb) => {
        const m = decodeMessage(bytes, 0, bytes.length, vb);
        assert.equal(typeof m.ok, 'boolean');
        const f = decodeFrame(bytes);
        assert.equal(typeof f.ok, 'boolean');
      }),
      { numRuns: 3000 },
    );
  });

  it('a packed MIGRATE encodes to the same bytes as its pairs as objects, and decodes back to them', () => {
    fc.assert(
      fc.property(
        seq,
        u16,
        fc.array(fc.record({ key: u32, value: value() }), { maxLength: maxMigratePairs(VB) }),
        (s, dbPort, records) => {
          const pairs = records.map((p) => ({ key: p.key, value: p.value }));
          const packedBytes = new Uint8Array(pairs.length * (4 + VB));
          pairs.forEach((p, i) => {
            new DataView(packedBytes.buffer).setUint32(i * (4 + VB), p.key);
            packedBytes.set(p.value, i * (4 + VB) + 4);
          });
          const asObjects: MgMessage = { op: Op.MIGRATE, seq: s, dbPort, pairs };
          const packed: MgMessage = {
            op: Op.MIGRATE,
            seq: s,
            dbPort,
            pairs: [],
            packed: { count: pairs.length, bytes: packedBytes },
          };
          assert.equal(migratePairCount(packed), pairs.length);
          assert.deepEqual(migratePairs(packed, VB), pairs);
          const a = new Uint8Array(1500);
          const b = new Uint8Array(1500);
          const n = encodeMessage(asObjects, a, 0, VB);
          assert.equal(encodeMessage(packed, b, 0, VB), n);
          assert.deepEqual(b, a);
          const back = decodeMessage(b, 0, n as number, VB);
          assert.ok(back.ok && back.value.op === Op.MIGRATE);
          // Decoded packed too: no object per pair, and the same pairs.
          assert.equal(back.value.pairs.length, 0);
          assert.deepEqual(migratePairs(back.value, VB), pairs);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a packed MIGRATE whose bytes are shorter than its count is refused, not sent half-filled', () => {
    const short: MgMessage = {
      op: Op.MIGRATE,
      seq: 1n,
      dbPort: 1,
      pairs: [],
      packed: { count: 2, bytes: new Uint8Array(4 + VB) },
    };
    const r = encodeMessage(short, new Uint8Array(1500), 0, VB);
    assert.equal(typeof r === 'number' ? 'encoded' : r.code, 'MG_BAD_VALUE_SIZE');
  });

  it('random bytes behind a valid op byte never make the decoder throw', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x1a }), fc.uint8Array({ maxLength: 400 }), (op, rest) => {
        const bytes = new Uint8Array(rest.length + 1);
        bytes[0] = op;
        bytes.set(rest, 1);
        assert.equal(typeof decodeMessage(bytes).ok, 'boolean');
      }),
      { numRuns: 3000 },
    );
  });
});

describe('Ethernet/IPv4/UDP framing', () => {
  it('headers round-trip and the IPv4 checksum verifies', () => {
    const buf = new Uint8Array(FRAME_HEADER_BYTES + 100);
    fc.assert(
      fc.property(address, fc.integer({ min: 0, max: 100 }), (addr, len) => {
        const n = writeFrameHeaders(buf, addr, len);
        const d = decodeFrame(buf.subarray(0, n));
        assert.ok(d.ok, d.ok ? '' : d.message);
        const { payloadOffset, payloadLength, ttl, ...got } = d.value;
        assert.deepEqual(got, { ...addr });
        assert.equal(payloadOffset, FRAME_HEADER_BYTES);
        assert.equal(payloadLength, len);
      }),
    );
  });

  it('a flipped header bit fails the IPv4 checksum', () => {
    const buf = new Uint8Array(FRAME_HEADER_BYTES + 17);
    const addr = { dstMac: 1, srcMac: 2, srcIp: 0x0a000001, dstIp: 0x0a000002, srcPort: 0xbe00, dstPort: 0xbe40 };
    const n = writeFrameHeaders(buf, addr, 17);
    buf[14 + 12] = (buf[14 + 12] as number) ^ 0x10;
    const d = decodeFrame(buf.subarray(0, n));
    assert.equal(d.ok ? 'ok' : d.code, 'IPV4_BAD_CHECKSUM');
  });

  it('the IPv4 header checksum matches a known header (RFC 1071 example)', () => {
    // A well-known sample header: 45 00 00 73 00 00 40 00 40 11 [b861] c0 a8 00 01 c0 a8 00 c7
    const buf = new Uint8Array(FRAME_HEADER_BYTES + 0x73 - 28);
    const n = writeFrameHeaders(
      buf,
      {
        dstMac: 0,
        srcMac: 0,
        srcIp: parseIpv4('192.168.0.1') as number,
        dstIp: parseIpv4('192.168.0.199') as number,
        srcPort: 1,
        dstPort: 2,
      },
      0x73 - 28,
    );
    assert.equal(n, buf.length);
    assert.equal(((buf[24] as number) << 8) | (buf[25] as number), 0xb861);
  });

  it('a reply swaps MAC, IPv4 and UDP ports and uses the server own addresses', () => {
    const req = { dstMac: 0xaa, srcMac: 0xbb, srcIp: 1, dstIp: 2, srcPort: 0xbe00, dstPort: 0xbe40 };
    assert.deepEqual(replyAddress(req, 0xcc, 3), {
      dstMac: 0xbb,
      srcMac: 0xcc,
      srcIp: 3,
      dstIp: 1,
      srcPort: 0xbe40,
      dstPort: 0xbe00,
    });
  });

  it('MAC and IPv4 text forms round-trip and reject garbage', () => {
    assert.equal(formatMac(parseMac('02:00:0a:00:00:ff') as number), '02:00:0a:00:00:ff');
    assert.equal(formatIpv4(parseIpv4('10.0.0.7') as number), '10.0.0.7');
    assert.equal(parseIpv4('10.0.0.256'), undefined);
    assert.equal(parseMac('02:00:0a:00:00'), undefined);
  });

  it('only UDP destination ports 0xBE00-0xBEFF are NetMigrate ports', () => {
    assert.ok(isNetMigratePort(0xbe00) && isNetMigratePort(0xbeff));
    assert.ok(!isNetMigratePort(0xbf00) && !isNetMigratePort(6380));
  });

  it('the mg header is 11 bytes', () => {
    assert.equal(MG_HEADER_BYTES, 11);
  });
});
