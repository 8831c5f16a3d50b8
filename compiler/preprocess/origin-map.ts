// The origin map (p4c's InputSources, TypeScript's source maps): the preprocessed text is a
// sequence of segments, each either copied from a file (offsets map one to one) or produced by
// a macro (every offset maps to the use site). resolve() is a binary search over them.

import type { Location, SourceFile } from '../source/source-file.js';
import type { Origin, SourceMap, Span } from '../source/span.js';
import type { MacroRef } from './tokens.js';

interface Segment {
  readonly file: SourceFile;
  /** For a copied segment, the file offset of the segment's first character. */
  readonly start: number;
  /** -1 for a copied segment; otherwise the fixed location's end. */
  readonly fixedEnd: number;
  readonly macro: MacroRef | undefined;
}

export class OriginMap implements SourceMap {
  /** Output offset where each segment starts, ascending (parallel to `segments`). */
  private readonly outStarts: number[] = [];
  private readonly segments: Segment[] = [];
  private textLength = 0;

  constructor(private readonly root: SourceFile) {}

  /** Output from `outStart` on is copied from `file` at `start`, one offset for one offset. */
  addCopy(outStart: number, file: SourceFile, start: number, macro?: MacroRef): void {
    const last = this.lastIndexAt(outStart);
    if (last >= 0) {
      const seg = this.segments[last] as Segment;
      const segOut = this.outStarts[last] as number;
      if (seg.fixedEnd < 0 && seg.file === file && seg.macro === macro && seg.start + (outStart - segOut) === start)
        return;
    }
    this.push(outStart, { file, start, fixedEnd: -1, macro });
  }

  /** Output from `outStart` on resolves to the fixed location `loc` (a macro's use site). */
  addFixed(outStart: number, loc: Location, macro: MacroRef | undefined): void {
    const last = this.lastIndexAt(outStart);
    if (last >= 0) {
      const seg = this.segments[last] as Segment;
      if (seg.fixedEnd === loc.end && seg.file === loc.file && seg.start === loc.start && seg.macro === macro) return;
    }
    this.push(outStart, { file: loc.file, start: loc.start, fixedEnd: loc.end, macro });
  }

  /** Called once the text is complete. */
  finish(textLength: number): void {
    this.textLength = textLength;
  }

  get segmentCount(): number {
    return this.segments.length;
  }

  resolve(span: Span): Origin {
    const index = this.segmentAt(span.start);
    const seg = this.segments[index];
    if (seg === undefined) return { loc: { file: this.root, start: 0, end: 0 } };
    const outStart = this.outStarts[index] as number;
    let loc: Location;
    if (seg.fixedEnd >= 0) loc = { file: seg.file, start: seg.start, end: seg.fixedEnd };
    else {
      // A span that runs past its segment is cut at the segment's end.
      const outEnd = this.outStarts[index + 1] ?? this.textLength;
      const limit = seg.file.text.length;
      const start = Math.min(limit, seg.start + Math.max(0, span.start - outStart));
      const end = Math.min(limit, seg.start + Math.max(0, Math.min(Math.max(span.end, span.start), outEnd) - outStart));
      loc = { file: seg.file, start, end: Math.max(start, end) };
    }
    return seg.macro === undefined ? { loc } : { loc, macro: seg.macro };
  }

  private push(outStart: number, seg: Segment): void {
    // A segment that starts where the previous one did replaces it (the previous one was empty).
    if (this.outStarts.length > 0 && this.outStarts[this.outStarts.length - 1] === outStart) {
      this.segments[this.segments.length - 1] = seg;
      return;
    }
    this.outStarts.push(outStart);
    this.segments.push(seg);
  }

  private lastIndexAt(outStart: number): number {
    const n = this.outStarts.length;
    return n > 0 && (this.outStarts[n - 1] as number) <= outStart ? n - 1 : -1;
  }

  /** Index of the last segment starting at or before `offset` (0 if before all). */
  private segmentAt(offset: number): number {
    const starts = this.outStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
