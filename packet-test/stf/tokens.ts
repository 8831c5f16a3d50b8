// The STF tokenizer: one logical line's words, numbers and operators, a cursor over them, and
// STF integers. Shared by parse.ts (the command grammar) and parse-pktgen.ts (the packet
// generator's commands).

import type { StfCompare } from './commands.js';

export interface Token {
  readonly kind: 'word' | 'num' | 'op';
  readonly text: string;
}

const OPS = ['&&&', '->', '==', '!=', '<=', '>=', '<', '>', '=', '(', ')', ',', ':', '/', ';', '$'];

export class StfSyntaxError extends Error {}

export function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i] as string;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '"') {
      const end = s.indexOf('"', i + 1);
      if (end < 0) throw new StfSyntaxError('unterminated quoted name');
      out.push({ kind: 'word', text: s.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    const num = /^(-?0[xX][0-9a-fA-F*_]+|-?0[bB][01*_]+|-?[0-9][0-9.]*)/.exec(s.slice(i));
    if (num !== null) {
      out.push({ kind: 'num', text: num[0] });
      i += num[0].length;
      continue;
    }
    const word = /^[A-Za-z_$][A-Za-z0-9_$.[\]]*/.exec(s.slice(i));
    if (word !== null) {
      out.push({ kind: 'word', text: word[0] });
      i += word[0].length;
      continue;
    }
    const op = OPS.find((o) => s.startsWith(o, i));
    if (op === undefined) throw new StfSyntaxError(`unexpected character '${c}'`);
    out.push({ kind: 'op', text: op });
    i += op.length;
  }
  return out;
}

/** A cursor over one command's tokens. */
export class Tokens {
  private i = 0;
  constructor(private readonly ts: readonly Token[]) {}
  peek(offset = 0): Token | undefined {
    return this.ts[this.i + offset];
  }
  atEnd(): boolean {
    // A trailing `;` (the Tofino dialect ends some commands with one) ends the command too.
    return this.i >= this.ts.length || (this.ts[this.i]?.text === ';' && this.i === this.ts.length - 1);
  }
  next(what: string): Token {
    const t = this.ts[this.i];
    if (t === undefined) throw new StfSyntaxError(`expected ${what}, found the end of the line`);
    this.i++;
    return t;
  }
  accept(text: string): boolean {
    if (this.ts[this.i]?.text !== text) return false;
    this.i++;
    return true;
  }
  expectOp(text: string): void {
    const t = this.next(`'${text}'`);
    if (t.text !== text) throw new StfSyntaxError(`expected '${text}', found '${t.text}'`);
  }
  name(what: string): string {
    const t = this.next(what);
    if (t.kind !== 'word') throw new StfSyntaxError(`expected ${what}, found '${t.text}'`);
    return t.text;
  }
  number(what: string): string {
    const t = this.next(what);
    if (t.kind !== 'num') throw new StfSyntaxError(`expected ${what} (a number), found '${t.text}'`);
    return t.text;
  }
  int(what: string): number {
    const text = this.number(what);
    const v = parseStfInteger(text);
    if (v === undefined || v > BigInt(Number.MAX_SAFE_INTEGER) || v < 0n)
      throw new StfSyntaxError(`${what} ${text} is not a non-negative integer`);
    return Number(v);
  }
  end(): void {
    this.accept(';');
    const t = this.peek();
    if (t !== undefined) throw new StfSyntaxError(`unexpected '${t.text}' at the end of the command`);
  }
}

/** `0x…`, `0b…` or decimal (underscores allowed); undefined for wildcards, floats and junk. */
export function parseStfInteger(text: string): bigint | undefined {
  const neg = text.startsWith('-');
  const body = (neg ? text.slice(1) : text).replaceAll('_', '');
  if (!/^(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)$/.test(body)) return undefined;
  const v = BigInt(body);
  return neg ? -v : v;
}

const COMPARE: Readonly<Record<string, StfCompare>> = {
  '==': '==',
  '=': '==',
  '!=': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

export function compareOp(t: Tokens): StfCompare {
  const tok = t.next('a comparison (==, !=, <, <=, >, >=)');
  const op = COMPARE[tok.text];
  if (op === undefined) throw new StfSyntaxError(`'${tok.text}' is not a comparison (==, !=, <, <=, >, >=)`);
  return op;
}

export function bigValue(t: Tokens, what: string): bigint {
  const text = t.number(what);
  const v = parseStfInteger(text);
  if (v === undefined) throw new StfSyntaxError(`${what} ${text} is not an integer`);
  return v;
}
