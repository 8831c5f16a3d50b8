// Describes a packet that differs from its expectation: the first differing byte, the
// expected and actual bytes there, and (with the program's header layouts) the header field
// that byte falls in, with both values, found by parsing the actual packet with the program.

import type { StfExpectedData } from './commands.js';
import { bitsAt, fieldAt, placeHeaders } from './decode.js';
import { expectedBits, expectedByte, type PacketDifference } from './expect.js';
import type { StfFailure, StfOutput, StfRunOptions } from './runner.js';

const hex = (v: bigint | undefined) => (v === undefined ? undefined : `0x${v.toString(16)}`);

export function describeMismatch(
  line: number,
  port: number,
  index: number,
  expected: StfExpectedData,
  x: StfOutput,
  d: PacketDifference,
  o: StfRunOptions,
): StfFailure {
  const actualHex = Buffer.from(x.frame.buffer, x.frame.byteOffset, x.frame.byteLength).toString('hex');
  const got = d.byte < x.frame.length ? (x.frame[d.byte] as number).toString(16).padStart(2, '0') : '--';
  const want = expectedByte(expected, d.byte);
  let where = '';
  let field: StfFailure['field'];
  if (o.headers !== undefined && d.why === 'differs') {
    const placed = placeHeaders(o.module, o.headers, port, x.frame);
    // The first differing bit inside the byte names the field (a byte may hold several).
    let bit = d.byte * 8;
    for (let b = 0; b < 8; b++) {
      const nib = expected.nibbles[d.byte * 2 + (b >> 2)];
      if (nib === undefined || nib === '*') continue;
      const e = (Number.parseInt(nib, 16) >> (3 - (b & 3))) & 1;
      const a = ((x.frame[d.byte] as number) >> (7 - b)) & 1;
      if (e !== a) {
        bit = d.byte * 8 + b;
        break;
      }
    }
    const f = fieldAt(placed, bit);
    if (f !== undefined) {
      const ev = hex(expectedBits(expected, f.bitOffset, f.width));
      const av = hex(bitsAt(x.frame, f.bitOffset, f.width));
      field = {
        header: f.header,
        type: f.type,
        field: f.field,
        ...(ev === undefined ? {} : { expected: ev }),
        ...(av === undefined ? {} : { actual: av }),
      };
      where = ` in ${f.header}.${f.field} (${f.type}, bits ${f.bitOffset}..${f.bitOffset + f.width - 1}): expected ${ev ?? 'a value with * digits'}, got ${av}`;
    } else if (placed.length > 0) where = ' (in the payload, after the parsed headers)';
  }
  const what =
    d.why === 'too_short'
      ? `the packet is ${x.frame.length} bytes, shorter than expected`
      : d.why === 'too_long'
        ? `the packet is ${x.frame.length} bytes, longer than the ${expected.nibbles.length / 2} expected ($)`
        : `byte ${d.byte} differs: expected ${want}, got ${got}${where}`;
  return {
    kind: 'packet_differs',
    line,
    port,
    index,
    byte: d.byte,
    ...(field === undefined ? {} : { field }),
    expected: expected.nibbles + (expected.exact ? '$' : ''),
    actual: actualHex,
    message: `port ${port}, packet #${index + 1} (from the packet at line ${x.line}): ${what}`,
  };
}
