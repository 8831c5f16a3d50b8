// Splits a file into logical lines, the unit every directive works on: a line plus its
// backslash-newline continuations and any /* */ comment that runs on to later lines. The scan
// also tells a directive from text and notices macro names, so plain lines are copied as is.

/** One logical line of a file: [start, end) covers its text and its line terminator. */
export interface LogicalLine {
  readonly start: number;
  /** Offset after the line terminator (or the end of the file). */
  readonly end: number;
  /** Offset of the line terminator (end of the text proper). */
  readonly contentEnd: number;
  /** The first thing on the line (after whitespace and comments) is '#'. */
  readonly directive: boolean;
  /** Something other than whitespace and comments is on the line. */
  readonly significant: boolean;
  /** An identifier outside strings and comments names a macro (only looked for when asked). */
  readonly macroUse: boolean;
  /** Offsets of the backslash of each backslash-newline splice, ascending; undefined if none. */
  readonly splices: number[] | undefined;
  /** Line terminators inside [start, end), including the final one. */
  readonly newlines: number;
  /** Offset of a '/*' that the file ends inside, or -1. */
  readonly unterminatedCommentAt: number;
}

const BACKSLASH = 92;
const LF = 10;
const CR = 13;
const SLASH = 47;
const STAR = 42;
const QUOTE = 34;
const HASH = 35;

export function isIdentifierStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
}

export function isIdentifierPart(c: number): boolean {
  return isIdentifierStart(c) || (c >= 48 && c <= 57);
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Length of a line terminator at i (1 or 2), or 0. */
export function newlineLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === LF) return 1;
  if (c === CR) return text.charCodeAt(i + 1) === LF ? 2 : 1;
  return 0;
}

/**
 * Length of a line continuation at i (a backslash, then spaces or tabs, then a line
 * terminator), or 0. cpp (gcc, clang) accepts the whitespace with a warning; programs written
 * for it carry such lines in multi-line #defines (docs/p4-sources.md).
 */
export function continuationLength(text: string, i: number): number {
  if (text.charCodeAt(i) !== BACKSLASH) return 0;
  let j = i + 1;
  for (;;) {
    const c = text.charCodeAt(j);
    if (c !== 32 && c !== 9) break;
    j++;
  }
  const nl = newlineLength(text, j);
  return nl === 0 ? 0 : j + nl - i;
}

/**
 * Reads the logical line starting at `pos`. `isMacro`, when given, is asked about every
 * identifier outside strings and comments until one answers yes.
 */
export function readLogicalLine(
  text: string,
  pos: number,
  isMacro: ((name: string) => boolean) | undefined,
): LogicalLine {
  const n = text.length;
  let i = pos;
  let directive = false;
  let significant = false;
  let macroUse = false;
  const splices: number[] = [];
  let newlines = 0;
  let unterminatedCommentAt = -1;
  let lookForMacros = isMacro !== undefined;
  let contentEnd = n;
  let end = n;

  scan: while (i < n) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) {
      const cont = continuationLength(text, i);
      if (cont > 0) {
        splices.push(i);
        newlines++;
        i += cont;
        continue;
      }
      significant = true;
      i++;
      continue;
    }
    if (c === LF || c === CR) {
      contentEnd = i;
      end = i + newlineLength(text, i);
      newlines++;
      break;
    }
    if (c === SLASH) {
      const next = text.charCodeAt(i + 1);
      if (next === STAR) {
        const open = i;
        i += 2;
        for (;;) {
          if (i >= n) {
            unterminatedCommentAt = open;
            break scan;
          }
          const d = text.charCodeAt(i);
          if (d === STAR && text.charCodeAt(i + 1) === SLASH) {
            i += 2;
            break;
          }
          const nl = newlineLength(text, i);
          if (nl > 0) {
            newlines++;
            i += nl;
          } else i++;
        }
        continue;
      }
      if (next === SLASH) {
        // A line comment runs to the end of the line, continuations included.
        i += 2;
        while (i < n) {
          const d = text.charCodeAt(i);
          const cont = continuationLength(text, i);
          if (cont > 0) {
            splices.push(i);
            newlines++;
            i += cont;
            continue;
          }
          if (d === LF || d === CR) break;
          i++;
        }
        continue;
      }
      significant = true;
      i++;
      continue;
    }
    if (c === QUOTE) {
      significant = true;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === QUOTE) {
          i++;
          break;
        }
        if (d === BACKSLASH) {
          const cont = continuationLength(text, i);
          if (cont > 0) {
            splices.push(i);
            newlines++;
            i += cont;
          } else i += 2;
          continue;
        }
        if (d === LF || d === CR) break;
        i++;
      }
      continue;
    }
    if (c === 32 || c === 9 || c === 11 || c === 12) {
      i++;
      continue;
    }
    if (c === HASH && !significant) directive = true;
    significant = true;
    if (isIdentifierStart(c)) {
      const s = i;
      i++;
      while (i < n && isIdentifierPart(text.charCodeAt(i))) i++;
      if (lookForMacros && !directive && isMacro?.(text.slice(s, i))) {
        macroUse = true;
        lookForMacros = false;
      }
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      // A pp-number such as 8w0x1F or 1e+5: its letters are not identifiers.
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (isIdentifierPart(d) || d === 46) i++;
        else if ((d === 43 || d === 45) && /[eEpP]/.test(text[i - 1] ?? '')) i++;
        else break;
      }
      continue;
    }
    i++;
  }
  return {
    start: pos,
    end,
    contentEnd,
    directive,
    significant,
    macroUse,
    splices: splices.length > 0 ? splices : undefined,
    newlines,
    unterminatedCommentAt,
  };
}

/**
 * The text of a logical line with its continuations removed, and the way back from an index
 * in that text to an offset in the file.
 */
export class LogicalText {
  readonly text: string;
  private readonly base: number;
  /** Logical index at which each splice was removed, and the raw length it removed. */
  private readonly spliceAt: number[] = [];
  private readonly spliceLength: number[] = [];

  constructor(fileText: string, line: LogicalLine) {
    this.base = line.start;
    if (line.splices === undefined) {
      this.text = fileText.slice(line.start, line.contentEnd);
      return;
    }
    let text = '';
    let from = line.start;
    for (const at of line.splices) {
      text += fileText.slice(from, at);
      const length = continuationLength(fileText, at);
      this.spliceAt.push(text.length);
      this.spliceLength.push(length);
      from = at + length;
    }
    this.text = text + fileText.slice(from, Math.max(from, line.contentEnd));
  }

  /** The file offset of logical index i (an index at a splice maps past it). */
  sourceOffset(i: number): number {
    let offset = this.base + i;
    for (let k = 0; k < this.spliceAt.length; k++) {
      if ((this.spliceAt[k] ?? 0) <= i) offset += this.spliceLength[k] ?? 0;
      else break;
    }
    return offset;
  }

  /** The file offset just after logical index i - 1 (an end offset, not pushed past a splice). */
  sourceEnd(i: number): number {
    return i === 0 ? this.base : this.sourceOffset(i - 1) + 1;
  }
}
