// Rules of docs/tna-semantics.md that hold in one extern on its own: the Digest a
// digest_type selects, and the CUSTOM CRC polynomials of Intel's tna_custom_hash.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Digest, type DigestMessage } from '../../../runtime/externs/deparser-externs.js';
import { createHash } from '../../../runtime/externs/hash.js';
import { newIdentity } from '../../../runtime/packet.js';

function digest(digestType: number | undefined, sent: DigestMessage[]): Digest {
  const d = new Digest(
    { name: 'learn', id: 1, ...(digestType === undefined ? {} : { digestType }), fields: [{ name: 'f', width: 8 }] },
    (m) => sent.push(m),
    newIdentity(),
    undefined,
  );
  d.fields[0] = 7;
  return d;
}

describe('digest selection', () => {
  // Rule (docs/tna-semantics.md, "Digest"): a Digest built with a type packs only when digest_type equals it.
  test('a typed Digest packs only for its own digest_type', () => {
    const sent: DigestMessage[] = [];
    const d = digest(2, sent);
    for (const t of [0, 1, 3, 2]) {
      d.dprsr = { mirror_type: 0, digest_type: t };
      d.pack();
    }
    assert.equal(sent.length, 1);
    assert.deepEqual(sent[0]?.values, [7]);
  });

  // Rule (docs/tna-semantics.md, "Digest"): the untyped (deprecated) Digest packs for any non-zero digest_type.
  test('an untyped Digest packs for any non-zero digest_type and never for 0', () => {
    const sent: DigestMessage[] = [];
    const d = digest(undefined, sent);
    for (const t of [0, 1, 0, 5]) {
      d.dprsr = { mirror_type: 0, digest_type: t };
      d.pack();
    }
    assert.equal(sent.length, 2);
  });
});

describe('CUSTOM CRC polynomials (tna_custom_hash)', () => {
  const custom = (reversed: boolean) => {
    const h = createHash({
      width: 32,
      algorithm: 'CUSTOM',
      polynomial: {
        width: 32,
        coeff: 0x04c11db7,
        reversed,
        msb: false,
        extended: false,
        init: 0xffffffff,
        xor: 0xffffffff,
      },
    });
    assert.ok(h.ok);
    return h.value;
  };
  // Rule (docs/tna-semantics.md, "Hash"): reversed 0x04C11DB7 with all-ones init and xor is zlib's CRC-32, unreversed is CRC-32/BZIP2.
  test('the two polynomials give zlib.crc32 and CRC-32/BZIP2 of the 4 bytes (values computed in Python)', () => {
    assert.equal(custom(true).add(0x12345678, 32).get(), 0x4a090e98);
    assert.equal(custom(false).add(0x12345678, 32).get(), 0x207575d4);
  });
});
