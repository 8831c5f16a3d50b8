// Builds the preprocessed text and its origin map together. Plain lines are copied in runs;
// a line with macros is written token by token, the text between tokens copied from the file
// so comments and line breaks stay where they were.

import type { SourceFile } from '../source/source-file.js';
import { continuationLength, isIdentifierPart } from './line-reader.js';
import { OriginMap } from './origin-map.js';
import { PUNCTUATORS_2, type Token } from './tokens.js';

// Two characters that would lex as one token (or start a comment) if written side by side: the
// two-character punctuators, comment starts, pairs inside `...`, `|+|` and `|-|`, and `.=`.
const PASTING_PAIRS = new Set([...PUNCTUATORS_2, '..', '//', '/*', '|+', '|-', '+|', '-|', '.=']);

function wouldPaste(last: number, first: number): boolean {
  if (isIdentifierPart(last)) return isIdentifierPart(first) || (first === 46 && last >= 48 && last <= 57);
  if (last === 46 && first >= 48 && first <= 57) return true;
  return PASTING_PAIRS.has(String.fromCharCode(last, first));
}

function countNewlines(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}

/**
 * Text between tokens (whitespace and comments) without its backslash-newlines, same length:
 * a continued line comment is blanked, since once its lines are apart the rest is no comment.
 */
/** The line terminator at `nl` ends a continuation (a backslash, maybe spaces, before it). */
function continuesHere(gap: string, nl: number): boolean {
  let k = nl - 1;
  if (gap.charCodeAt(nl) === 10 && gap.charCodeAt(k) === 13) k--;
  while (gap.charCodeAt(k) === 32 || gap.charCodeAt(k) === 9) k--;
  return k >= 0 && continuationLength(gap, k) > 0;
}

function withoutContinuations(gap: string): string {
  let out = '';
  let i = 0;
  while (i < gap.length) {
    if (gap.startsWith('/*', i)) {
      const close = gap.indexOf('*/', i + 2);
      const end = close < 0 ? gap.length : close + 2;
      out += gap.slice(i, end);
      i = end;
    } else if (gap.startsWith('//', i)) {
      let end = i + 2;
      while (end < gap.length) {
        const c = gap.charCodeAt(end);
        if ((c === 10 || c === 13) && !continuesHere(gap, end)) break;
        end++;
      }
      out += gap.slice(i, end).replace(/[^\r\n]/g, ' ');
      i = end;
    } else {
      // A continuation (backslash, maybe spaces, newline): blanks up to the newline, kept as is.
      if (continuationLength(gap, i) > 0) {
        let j = i + 1;
        while (gap.charCodeAt(j) === 32 || gap.charCodeAt(j) === 9) j++;
        out += ' '.repeat(j - i);
        i = j;
        continue;
      }
      out += gap[i];
      i++;
    }
  }
  return out;
}

export class OutputWriter {
  private readonly parts: string[] = [];
  private length = 0;
  private lastChar = 10;
  readonly map: OriginMap;

  constructor(root: SourceFile) {
    this.map = new OriginMap(root);
  }

  /** Copies [start, end) of a file; continuations (only ever between tokens here) become spaces. */
  copy(file: SourceFile, start: number, end: number): void {
    if (end <= start) return;
    let text = file.text.slice(start, end);
    if (text.includes('\\')) text = withoutContinuations(text);
    this.map.addCopy(this.length, file, start);
    this.write(text);
  }

  newlines(count: number): void {
    if (count > 0) this.write(count === 1 ? '\n' : '\n'.repeat(count));
  }

  /**
   * Writes the expanded tokens of the unit [unitStart, unitEnd) of `file`. Source tokens keep
   * the file's text around them; a macro invocation's text is replaced by its expansion, and
   * the line breaks it spanned follow the expansion so later lines keep their numbers.
   */
  writeUnit(file: SourceFile, unitStart: number, unitEnd: number, tokens: readonly Token[]): void {
    let cursor = unitStart;
    let pendingNewlines = 0;
    let previous: Token | undefined;
    for (const t of tokens) {
      const e = t.expansion;
      if (e === undefined && t.start >= cursor) {
        if (t.start > cursor || pendingNewlines > 0) {
          this.newlines(pendingNewlines);
          pendingNewlines = 0;
          this.copy(file, cursor, t.start);
        } else if (previous?.expansion !== undefined && wouldPaste(this.lastChar, t.text.charCodeAt(0)))
          this.write(' ');
        this.writeToken(t, undefined);
        // A token joined across a continuation leaves its line break for later.
        if (t.end - t.start !== t.text.length) pendingNewlines += countNewlines(file.text, t.start, t.end);
        cursor = t.end;
        previous = t;
        continue;
      }
      let firstOfCall = false;
      if (e !== undefined && e.callEnd > cursor) {
        if (e.callStart >= cursor) {
          this.newlines(pendingNewlines);
          pendingNewlines = 0;
          this.copy(file, cursor, e.callStart);
          firstOfCall = true;
        }
        pendingNewlines += countNewlines(file.text, Math.max(cursor, e.callStart), e.callEnd);
        cursor = e.callEnd;
      }
      if (t.kind === 'placemarker') continue;
      const adjacent = previous !== undefined && previous.file === t.file && previous.end === t.start && !t.space;
      if (!adjacent && ((t.space && !firstOfCall) || wouldPaste(this.lastChar, t.text.charCodeAt(0)))) this.write(' ');
      this.writeToken(t, e);
      previous = t;
    }
    this.newlines(pendingNewlines);
    this.copy(file, cursor, unitEnd);
  }

  finish(): { text: string; map: OriginMap } {
    const text = this.parts.join('');
    this.map.finish(text.length);
    return { text, map: this.map };
  }

  private writeToken(t: Token, e: Token['expansion']): void {
    const spelledHere = t.file.text.startsWith(t.text, t.start) && t.end - t.start === t.text.length;
    if (e === undefined) {
      if (spelledHere) this.map.addCopy(this.length, t.file, t.start);
      else this.map.addFixed(this.length, { file: t.file, start: t.start, end: t.end }, undefined);
    } else if (spelledHere && e.loc.file === t.file && e.loc.start === t.start) {
      // An argument's token resolves to where it is written, still naming the macro.
      this.map.addCopy(this.length, t.file, t.start, e.macro);
    } else this.map.addFixed(this.length, e.loc, e.macro);
    this.write(t.text);
  }

  private write(text: string): void {
    if (text.length === 0) return;
    this.parts.push(text);
    this.length += text.length;
    this.lastChar = text.charCodeAt(text.length - 1);
  }
}
