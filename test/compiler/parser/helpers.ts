// Test helpers for the parser: parse a text with an identity source map and read diagnostics
// as line/column/message triples; compare trees without spans.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiagnosticSink } from '../../../compiler/diagnostics/diagnostic.js';
import { type Program, parseP4, printP4, stripSpans } from '../../../compiler/parser/index.js';
import { createSourceFile, lineColOf } from '../../../compiler/source/source-file.js';

export interface ParsedText {
  readonly program: Program;
  readonly sink: DiagnosticSink;
  /** `LINE:COL: message` for every diagnostic, in order. */
  readonly errors: string[];
}

export function parseText(text: string, path = 'test.p4'): ParsedText {
  const file = createSourceFile(path, text);
  const sink = new DiagnosticSink();
  sink.setSourceMap({ resolve: (span) => ({ loc: { file, start: span.start, end: span.end } }) });
  const program = parseP4(text, sink);
  const errors = sink.diagnostics.map((d) => {
    if (d.loc === undefined) return `?: ${d.message}`;
    const { line, col } = lineColOf(d.loc.file, d.loc.start);
    return `${line}:${col}: ${d.message}`;
  });
  return { program, sink, errors };
}

/** JSON of a tree without spans (bigints written as `123n`), for equality checks. */
export function shape(value: unknown): string {
  return JSON.stringify(stripSpans(value), (_key, v) => (typeof v === 'bigint' ? `${v}n` : v));
}

/** Parses `text`, prints it, parses the print: returns both shapes and the printed text. */
export function roundTrip(text: string): { before: string; after: string; printed: string; errors: string[] } {
  const first = parseText(text);
  const printed = printP4(first.program);
  const second = parseText(printed, 'printed.p4');
  return { before: shape(first.program), after: shape(second.program), printed, errors: second.errors };
}

/** The directory of our own test programs (sources, not the compiled test folder). */
export const programsDir = join(dirname(fileURLToPath(import.meta.url)), '../../../../test/compiler/parser/programs');

export function readProgram(name: string): string {
  return readFileSync(join(programsDir, name), 'utf8');
}
