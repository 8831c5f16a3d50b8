// The datagram framing (wire/framing.ts): batched datagrams decode back to the frames that went
// in, in order, whatever their sizes; datagrams cut from shared slabs never overlap, so one
// still being sent is not overwritten by the next; and a cut-off length is reported malformed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DatagramSlabs, decodeDatagram, encodeDatagrams, MAX_DATAGRAM_BYTES } from '../../wire/framing.js';

function decodeAll(datagrams: readonly Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const d of datagrams) assert.ok(decodeDatagram('batched', d, (f) => out.push(f.slice())) >= 0);
  return out;
}

describe('batched framing', () => {
  it('decodes every frame back, in order, for any frame sizes (one slab set across flushes)', () => {
    const slabs = new DatagramSlabs();
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.uint8Array({ maxLength: 3000 }), { maxLength: 40 }), { minLength: 1, maxLength: 4 }),
        (flushes) => {
          // Several flushes through one DatagramSlabs, all datagrams kept: none may change another.
          const sent = flushes.map((frames) => encodeDatagrams('batched', frames, slabs));
          flushes.forEach((frames, i) => {
            const datagrams = sent[i] as Uint8Array[];
            for (const d of datagrams) assert.ok(d.length <= MAX_DATAGRAM_BYTES || d.length === frames[0]?.length);
            assert.deepEqual(decodeAll(datagrams), frames);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gives a datagram larger than an eighth of a slab a buffer of its own', () => {
    const slabs = new DatagramSlabs();
    const [small] = encodeDatagrams('batched', [new Uint8Array(100).fill(1)], slabs);
    const [big] = encodeDatagrams('batched', [new Uint8Array(20_000).fill(2)], slabs);
    assert.equal(big?.buffer.byteLength, 20_002);
    assert.notEqual(small?.buffer, big?.buffer);
    assert.deepEqual(decodeAll([small as Uint8Array]), [new Uint8Array(100).fill(1)]);
  });

  it('reports a length that runs past the end as malformed, after the frames before it', () => {
    const [d] = encodeDatagrams('batched', [Uint8Array.of(1, 2, 3), Uint8Array.of(4, 5)]);
    const cut = (d as Uint8Array).subarray(0, (d as Uint8Array).length - 1);
    const seen: number[][] = [];
    assert.equal(
      decodeDatagram('batched', cut, (f) => seen.push([...f])),
      -1,
    );
    assert.deepEqual(seen, [[1, 2, 3]]);
  });
});
