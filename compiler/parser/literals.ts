// Values of literal tokens: integers in every P4_16 form (`8w0x1F`, `16s3`, `0b1010`, `0o17`,
// `0d99`, `1_000`) and strings with their escapes (spec §6.4.3).

export interface IntegerValue {
  readonly value: bigint;
  readonly width?: number;
  readonly signed?: boolean;
  readonly base: 2 | 8 | 10 | 16;
}

const prefixBase: Record<string, 2 | 8 | 10 | 16> = { x: 16, X: 16, d: 10, D: 10, o: 8, O: 8, b: 2, B: 2 };

/** Parses an IntegerLiteral token's text; undefined when it has no digits (`0x_`). */
export function parseIntegerText(text: string): IntegerValue | undefined {
  let rest = text;
  let width: number | undefined;
  let signed: boolean | undefined;
  const sized = /^([0-9]+)([ws])/.exec(rest);
  if (sized !== null && sized[0].length < rest.length) {
    width = Number(sized[1]);
    signed = sized[2] === 's';
    rest = rest.slice(sized[0].length);
  }
  let base: 2 | 8 | 10 | 16 = 10;
  const marker = rest.length > 2 && rest[0] === '0' ? prefixBase[rest[1] ?? ''] : undefined;
  if (marker !== undefined) {
    base = marker;
    rest = rest.slice(2);
  }
  const digits = rest.replace(/_/g, '');
  if (digits.length === 0) return undefined;
  const value = parseDigits(digits, base);
  if (value === undefined) return undefined;
  return width === undefined ? { value, base } : { value, width, signed, base };
}

function parseDigits(digits: string, base: 2 | 8 | 10 | 16): bigint | undefined {
  const prefix = base === 16 ? '0x' : base === 8 ? '0o' : base === 2 ? '0b' : '';
  try {
    return BigInt(prefix + digits);
  } catch {
    return undefined;
  }
}

const simpleEscapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '0': '\0' };

/** The value of a string literal token (quotes included in `text`). Unknown escapes keep the
 *  escaped character, as p4c does. */
export function parseStringText(text: string): string {
  const body = text.slice(1, -1);
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = body[++i] ?? '';
    out += simpleEscapes[next] ?? next;
  }
  return out;
}
