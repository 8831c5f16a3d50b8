// Source text and positions. Every phase speaks in offsets; lines and columns are computed
// only when a diagnostic is rendered (as TypeScript's scanner does with lineStarts).

export interface SourceFile {
  /** The path as the user (or an #include) named it; printed in diagnostics. */
  readonly path: string;
  readonly text: string;
  /** Offset of the first character of each line, ascending; lineStarts[0] === 0. */
  readonly lineStarts: readonly number[];
}

/** A half-open range [start, end) of character offsets in one file's text. */
export interface Location {
  readonly file: SourceFile;
  readonly start: number;
  readonly end: number;
}

/** A line and a column, both 1-based; the column counts characters (UTF-16 units) of the line. */
export interface LineCol {
  readonly line: number;
  readonly col: number;
}

export function createSourceFile(path: string, text: string): SourceFile {
  return { path, text, lineStarts: computeLineStarts(text) };
}

export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

export function lineColOf(file: SourceFile, offset: number): LineCol {
  const starts = file.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - (starts[lo] ?? 0) + 1 };
}

/** The text of a 1-based line, without its line terminator. */
export function lineText(file: SourceFile, line: number): string {
  const start = file.lineStarts[line - 1];
  if (start === undefined) return '';
  const next = file.lineStarts[line];
  let end = next === undefined ? file.text.length : next;
  while (end > start && (file.text.charCodeAt(end - 1) === 10 || file.text.charCodeAt(end - 1) === 13)) end--;
  return file.text.slice(start, end);
}
