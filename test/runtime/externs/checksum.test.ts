import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { readBits } from '../../../runtime/bits.js';
import { Checksum, internetChecksum } from '../../../runtime/externs/checksum.js';

// A real IPv4 header (192.168.0.1 → 192.168.0.199, UDP, TTL 64) whose checksum is 0xB861.
const HEADER = new Uint8Array([
  0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00,
  0xc7,
]);

// The IPv4 header as P4 declares it: (bit offset, width) of each field.
const IPV4_FIELDS: [number, number][] = [
  [0, 4],
  [4, 4],
  [8, 8],
  [16, 16],
  [32, 16],
  [48, 3],
  [51, 13],
  [64, 8],
  [72, 8],
  [80, 16],
  [96, 32],
  [128, 32],
];
const CHECKSUM_FIELD = 9;

function feed(ck: Checksum, hdr: Uint8Array, skipChecksum: boolean): Checksum {
  IPV4_FIELDS.forEach(([off, w], i) => {
    if (!(skipChecksum && i === CHECKSUM_FIELD)) ck.field(readBits(hdr, off, w), w);
  });
  return ck;
}

describe('Checksum (ones complement, 16 bits)', () => {
  test('update over the IPv4 fields, checksum excluded, gives the header checksum 0xB861', () => {
    assert.equal(feed(new Checksum(), HEADER, true).update(), 0xb861);
    assert.equal(internetChecksum(HEADER.map((b, i) => (i === 10 || i === 11 ? 0 : b))), 0xb861);
  });

  // Rule (docs/tna-semantics.md, "Checksum"): verify() is the parser's checksum error flag.
  test('verify reports no error for the real header and an error for one flipped bit', () => {
    const ck = new Checksum();
    feed(ck, HEADER, false).add();
    assert.equal(ck.verify(), false);
    const bad = HEADER.slice();
    bad[15] = (bad[15] as number) ^ 0x01;
    const ck2 = new Checksum();
    feed(ck2, bad, false).add();
    assert.equal(ck2.verify(), true);
  });

  test('the residual after subtracting changed fields gives the incremental checksum on update', () => {
    // Decrement TTL: the parser subtracts {ttl, protocol, checksum}; the deparser updates with
    // {new ttl, protocol, residual}.
    const ck = new Checksum();
    feed(ck, HEADER, false).add();
    ck.field(HEADER[8] as number, 8)
      .field(HEADER[9] as number, 8)
      .field(0xb861, 16)
      .subtract();
    const residual = ck.residual();
    const out = new Checksum().field(63, 8).field(0x11, 8).field(residual, 16).update();
    const next = HEADER.slice();
    next[8] = 63;
    next[10] = 0;
    next[11] = 0;
    assert.equal(out, internetChecksum(next));
  });

  test('a list whose width is not a multiple of 16 is padded with zeros at its end', () => {
    assert.equal(new Checksum().field(0xab, 8).update(), ~0xab00 & 0xffff);
    assert.equal(new Checksum().field(0x5, 4).update(), ~0x5000 & 0xffff);
  });

  test('zeros_as_ones turns a zero checksum into 0xFFFF', () => {
    assert.equal(new Checksum().field(0xffff, 16).update(), 0);
    assert.equal(new Checksum().field(0xffff, 16).update(true), 0xffff);
  });

  test('update equals the RFC 1071 checksum of the same bytes, and fieldBig agrees with field', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 60 }), (bytes) => {
        const a = new Checksum();
        const b = new Checksum();
        for (const x of bytes) a.field(x, 8);
        for (let i = 0; i < bytes.length; i += 8) {
          const chunk = bytes.subarray(i, i + 8);
          let v = 0n;
          for (const x of chunk) v = (v << 8n) | BigInt(x);
          b.fieldBig(v, chunk.length * 8);
        }
        const expected = internetChecksum(bytes);
        assert.equal(a.update(), expected);
        assert.equal(b.update(), expected);
      }),
      { numRuns: 300 },
    );
  });

  test('clear starts a new packet', () => {
    const ck = new Checksum();
    ck.field(0x1234, 16).add();
    ck.clear();
    assert.equal(ck.get(), 0xffff);
    assert.equal(ck.residual(), 0);
  });
});
