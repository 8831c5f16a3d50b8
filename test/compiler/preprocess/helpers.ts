// Runs the preprocessor over an in-memory file system and reads results back in the terms a
// test states: output text, `file:line:col` of a piece of output, rendered diagnostics.

import assert from 'node:assert/strict';
import { DiagnosticSink, formatLocation } from '../../../compiler/diagnostics/index.js';
import { type PreprocessedSource, type PreprocessOptions, preprocessText } from '../../../compiler/preprocess/index.js';
import type { Origin } from '../../../compiler/source/span.js';

export interface Run {
  readonly result: PreprocessedSource;
  readonly sink: DiagnosticSink;
  /** `file:line:col` of the n-th occurrence of `needle` in the output. */
  at(needle: string, occurrence?: number): string;
  origin(needle: string, occurrence?: number): Origin;
  /** Every diagnostic as `file:line:col: severity: message`. */
  readonly diagnostics: string[];
  /** The output with blank lines dropped and each line trimmed (for exact-text checks). */
  readonly lines: string[];
}

export const ROOT = '/src/main.p4';

/** Preprocesses `files[root]`; other entries are files #include can find. */
export function run(files: Record<string, string>, options: PreprocessOptions = {}, root = ROOT): Run {
  const sink = new DiagnosticSink();
  const readFile = (p: string): string | undefined => files[p];
  const text = files[root];
  assert.ok(text !== undefined, `no file ${root}`);
  const result = preprocessText(root, text, { systemIncludeDir: null, readFile, ...options }, sink);
  const offsetOf = (needle: string, occurrence = 0): number => {
    let index = -1;
    for (let k = 0; k <= occurrence; k++) {
      index = result.text.indexOf(needle, index + 1);
      assert.ok(index >= 0, `'${needle}' (occurrence ${occurrence}) is not in the output:\n${result.text}`);
    }
    return index;
  };
  const origin = (needle: string, occurrence = 0): Origin => {
    const start = offsetOf(needle, occurrence);
    return result.sourceMap.resolve({ start, end: start + needle.length });
  };
  return {
    result,
    sink,
    at: (needle, occurrence) => formatLocation(origin(needle, occurrence).loc),
    origin,
    diagnostics: sink.diagnostics.map((d) => `${formatLocation(d.loc)}: ${d.severity}: ${d.message}`),
    lines: result.text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0),
  };
}

/** Preprocesses a single root file. */
export function runText(text: string, options: PreprocessOptions = {}): Run {
  return run({ [ROOT]: text }, options);
}
