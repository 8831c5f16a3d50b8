// Spans of the preprocessed translation unit. The lexer and parser see one expanded text; a
// Span is an offset range in it, and a SourceMap turns it back into an original file location
// (through #include and macro expansion) when a diagnostic is rendered.

import type { Location } from './source-file.js';

/** A half-open range [start, end) of offsets in the preprocessed text of one translation unit. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Where a piece of preprocessed text came from. */
export interface Origin {
  /** The original location (for macro-expanded text: the macro's use site). */
  readonly loc: Location;
  /** Set when the text came from expanding a macro: its name and the body text's location. */
  readonly macro?: { readonly name: string; readonly definedAt: Location };
}

/** Maps preprocessed offsets back to original files. */
export interface SourceMap {
  /** The origin of the preprocessed range [span.start, span.end). */
  resolve(span: Span): Origin;
}

export const noSpan: Span = { start: 0, end: 0 };

export function spanCover(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}
