// TNA's parser `Checksum.subtract_all_and_deposit(residual)`: the residual is the checksum
// unit's sum when parsing ends minus every header byte the parser extracts after the call (tna.p4: "all
// header fields extracted after will be automatically subtracted"); the payload is not. The
// generated parser marks where the call ran and deposits the residual when parsing ends.

function fold(s: number): number {
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return s;
}

/**
 * `sum` (a 16-bit ones' complement sum) minus the 16-bit words of `buf` between bit offsets
 * `fromBit` and `toBit` (whole bytes: Tofino extracts byte-aligned headers), an odd last byte
 * padded with zeros as RFC 1071 pads it.
 */
export function residualAfter(sum: number, buf: Uint8Array, fromBit: number, toBit: number): number {
  const from = fromBit >>> 3;
  const to = toBit >>> 3;
  let s = 0;
  let i = from;
  for (; i + 1 < to; i += 2) s += ((buf[i] as number) << 8) | (buf[i + 1] as number);
  if (i < to) s += (buf[i] as number) << 8;
  return to <= from ? sum : fold(sum + (~fold(s) & 0xffff));
}
