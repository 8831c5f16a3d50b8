// What #line does to a file: the lines after it report another number (and maybe another
// file name). A view is a SourceFile with the same text whose lineStarts are shifted, so the
// ordinary lineColOf gives the presumed line; offsets stay those of the real file.

import type { SourceFile } from '../source/source-file.js';

/** A view of `real` in which the line starting at `lineStartOffset` is line `line` of `path`. */
export function lineView(real: SourceFile, path: string, lineStartOffset: number, line: number): SourceFile {
  const starts = real.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= lineStartOffset) lo = mid;
    else hi = mid - 1;
  }
  // Entry line-1 of the view is entry lo of the real file. Missing entries before it are
  // holes (read as 0), which keeps a huge #line number cheap.
  const shifted: number[] = [];
  const before = line - 1;
  if (before >= lo) {
    shifted.length = before - lo;
    for (let k = 0; k < starts.length; k++) shifted.push(starts[k] as number);
  } else {
    for (let k = lo - before; k < starts.length; k++) shifted.push(starts[k] as number);
  }
  return { path, text: real.text, lineStarts: shifted };
}
