// Preprocessing tokens: what macros are made of and what directives read. A token remembers
// where it is spelled, which macros may not expand it again (its hide set, the "painted blue"
// rule) and, once it went through an expansion, which invocation produced it.

import type { Location, SourceFile } from '../source/source-file.js';
import { isDigit, isIdentifierPart, isIdentifierStart, type LogicalText, newlineLength } from './line-reader.js';

export type TokenKind = 'identifier' | 'number' | 'string' | 'punctuator' | 'other' | 'placemarker';

/** The macro a piece of text came from, as the origin map reports it. */
export interface MacroRef {
  readonly name: string;
  readonly definedAt: Location;
}

/** How a token came out of a macro expansion. */
export interface Expansion {
  /** The outermost invocation, as offsets in the text being expanded: what the output replaces. */
  readonly callStart: number;
  readonly callEnd: number;
  /** Where the token's text resolves for diagnostics: the use site, or an argument's own place. */
  readonly loc: Location;
  readonly macro: MacroRef | undefined;
}

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** Whitespace, a comment or a line start comes before it. */
  readonly space: boolean;
  /** Where it is spelled (a #define body, an argument, the text itself). */
  readonly file: SourceFile;
  readonly start: number;
  readonly end: number;
  /** Names of the macros that must not expand this token: the painted-blue rule. */
  readonly hide: ReadonlySet<string> | undefined;
  readonly expansion: Expansion | undefined;
}

// Longest first within each length, so that a greedy match takes `<<=` before `<<`.
const PUNCTUATORS_3 = new Set(['<<=', '>>=', '...', '&&&', '|+|', '|-|']);
export const PUNCTUATORS_2: ReadonlySet<string> = new Set([
  '##',
  '->',
  '++',
  '--',
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '*=',
  '/=',
  '%=',
  '+=',
  '-=',
  '&=',
  '^=',
  '|=',
  '::',
]);
const PUNCTUATORS_1 = '!%&*+,-./:;<=>?^|~()[]{}#@';

/** Tokenizes one logical line into `out`. The first token counts as preceded by whitespace. */
export function tokenizeLine(line: LogicalText, file: SourceFile, out: Token[], from = 0): void {
  const text = line.text;
  const n = text.length;
  let i = from;
  let space = true;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 11 || c === 12 || c === 10 || c === 13) {
      space = true;
      i++;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      space = true;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 47) {
      let j = i + 2;
      while (j < n && newlineLength(text, j) === 0) j++;
      i = j;
      space = true;
      continue;
    }
    const s = i;
    const kind = scanToken(text, i);
    i = kind.end;
    out.push({
      kind: kind.kind,
      text: text.slice(s, i),
      space,
      file,
      start: line.sourceOffset(s),
      end: line.sourceEnd(i),
      hide: undefined,
      expansion: undefined,
    });
    space = false;
  }
}

/** The kind and end of the token that starts at i (text[i] is not whitespace or a comment). */
export function scanToken(text: string, i: number): { kind: TokenKind; end: number } {
  const n = text.length;
  const c = text.charCodeAt(i);
  if (isIdentifierStart(c)) {
    let j = i + 1;
    while (j < n && isIdentifierPart(text.charCodeAt(j))) j++;
    return { kind: 'identifier', end: j };
  }
  if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
    let j = i + 1;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (isIdentifierPart(d) || d === 46) j++;
      else if ((d === 43 || d === 45) && 'eEpP'.includes(text[j - 1] ?? '')) j++;
      else break;
    }
    return { kind: 'number', end: j };
  }
  if (c === 34) {
    let j = i + 1;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === 34) return { kind: 'string', end: j + 1 };
      if (d === 92) j += 2;
      else if (d === 10 || d === 13) break;
      else j++;
    }
    // An unterminated string is a lone quote, as cpp's assembler mode has it; the P4 lexer reports it.
    return { kind: 'other', end: i + 1 };
  }
  if (PUNCTUATORS_3.has(text.slice(i, i + 3))) return { kind: 'punctuator', end: i + 3 };
  if (PUNCTUATORS_2.has(text.slice(i, i + 2))) return { kind: 'punctuator', end: i + 2 };
  if (PUNCTUATORS_1.includes(text[i] ?? '')) return { kind: 'punctuator', end: i + 1 };
  // A surrogate pair stays one token so output never splits a character.
  const wide = c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
  return { kind: 'other', end: i + wide };
}

/** The kind of `text` if it is exactly one preprocessing token (what '##' must produce). */
export function singleTokenKind(text: string): TokenKind | undefined {
  if (text.length === 0) return undefined;
  const c = text.charCodeAt(0);
  if (c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12) return undefined;
  if (text.startsWith('//') || text.startsWith('/*')) return undefined;
  const scanned = scanToken(text, 0);
  return scanned.end === text.length ? scanned.kind : undefined;
}

export function isPunctuator(token: Token | undefined, text: string): boolean {
  return token !== undefined && token.kind === 'punctuator' && token.text === text;
}

/** A copy of a token that went through an expansion. */
export function expandedToken(token: Token, hide: ReadonlySet<string> | undefined, expansion: Expansion): Token {
  return {
    kind: token.kind,
    text: token.text,
    space: token.space,
    file: token.file,
    start: token.start,
    end: token.end,
    hide,
    expansion,
  };
}

/** Writes tokens back as text, one space where whitespace was (for #error, #include <...>). */
export function spell(tokens: readonly Token[]): string {
  let text = '';
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (k > 0 && t.space) text += ' ';
    text += t.text;
  }
  return text;
}
