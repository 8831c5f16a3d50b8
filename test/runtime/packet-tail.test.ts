// PacketCursor's tail (runtime/packet.ts): the bytes after the input a parser may still read,
// written on first use; Tofino's ingress parser reads the frame's FCS so (ethernet-fcs.ts).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { writeEthernetFcs } from '../../runtime/arch/ethernet-fcs.js';
import { PacketCursor } from '../../runtime/packet.js';

describe('PacketCursor tail', () => {
  test('without a tail, reads stop at the input length', () => {
    const c = new PacketCursor(16);
    c.load(new Uint8Array(0), 0, Uint8Array.from([1, 2, 3]));
    assert.equal(c.extract(16), 0);
    assert.equal(c.extract(16), -1);
    assert.equal(c.lookahead(9), -1);
    assert.equal(c.advance(9), false);
  });

  test('a tail is filled once, on the first read that reaches it, and never joins the payload', () => {
    const c = new PacketCursor(4);
    let fills = 0;
    c.tailBytes = 4;
    c.fillTail = (buf, end) => {
      fills++;
      writeEthernetFcs(buf, 0, end);
    };
    c.load(new Uint8Array(0), 0, Uint8Array.from([0xaa, 0xbb, 0xcc]));
    assert.equal(c.extract(16), 0);
    assert.equal(fills, 0, 'within the input: no fill');
    assert.equal(c.lookahead(16), 16);
    assert.equal(fills, 1);
    assert.deepEqual([...c.buf.subarray(3, 7)], [0x4c, 0xf8, 0x4d, 0xbe], "zlib's CRC-32 of aabbcc, low byte first");
    assert.equal(c.extract(32), 16);
    assert.equal(c.extract(8), 48);
    assert.equal(c.extract(8), -1, 'past the tail: PacketTooShort');
    assert.equal(c.payloadStart, 3, 'the payload never includes the tail');
    assert.equal(fills, 1);
    c.rewind(3);
    assert.equal(c.advance(40), true);
    assert.equal(fills, 2, 'a new input fills its own tail');
  });

  test('the FCS of "123456789" is the CRC-32 check value 0xcbf43926, low byte first', () => {
    const b = new Uint8Array(13);
    b.set(Buffer.from('123456789'));
    writeEthernetFcs(b, 0, 9);
    assert.deepEqual([...b.subarray(9)], [0x26, 0x39, 0xf4, 0xcb]);
  });
});
