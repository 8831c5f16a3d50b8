// Suite p4c-parse: every p4c sample our preprocessor can read (its includes found in p4c's
// p4include or beside it) must parse without a syntax error, and print back to P4 that parses
// to the same tree (positions aside).

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { DiagnosticSink } from '../compiler/diagnostics/index.js';
import { parseP4, printP4, stripSpans } from '../compiler/parser/index.js';
import { preprocessText, targetDefines } from '../compiler/preprocess/index.js';
import { p4FilesIn } from './corpus-files.js';
import type { Figure } from './figures.js';

export interface SuiteResult {
  readonly figures: Figure[];
  /** Files behind a failing figure, for the person reading the output. */
  readonly notes: string[];
}

export function runP4cParse(corpus: string): SuiteResult {
  const dir = join(corpus, 'p4c', 'testdata', 'p4_16_samples');
  const p4include = join(corpus, 'p4c', 'p4include');
  const files = p4FilesIn(dir);
  let readable = 0;
  let parsed = 0;
  let roundTrip = 0;
  const notes: string[] = [];
  for (const path of files) {
    const sink = new DiagnosticSink();
    const pp = preprocessText(
      path,
      readFileSync(path, 'utf8'),
      { includeDirs: [dirname(path)], systemIncludeDir: p4include, defines: targetDefines('v1model') },
      sink,
    );
    if (sink.hasErrors()) continue;
    readable++;
    sink.setSourceMap(pp.sourceMap);
    const ast = parseP4(pp.text, sink);
    if (sink.hasErrors()) {
      notes.push(`parse: ${path}: ${sink.diagnostics.find((d) => d.severity === 'error')?.message}`);
      continue;
    }
    parsed++;
    const again = new DiagnosticSink();
    const reparsed = parseP4(printP4(ast), again);
    if (!again.hasErrors() && isDeepStrictEqual(stripSpans(reparsed), stripSpans(ast))) roundTrip++;
    else notes.push(`round-trip: ${path}`);
  }
  return {
    figures: [
      { key: 'p4c-parse.samples', label: 'p4c samples (.p4 files)', value: files.length, direction: 'exactly' },
      {
        key: 'p4c-parse.readable',
        label: 'samples the preprocessor reads (includes found)',
        value: readable,
        of: files.length,
        direction: 'at-least',
      },
      {
        key: 'p4c-parse.parsed',
        label: 'readable samples that parse',
        value: parsed,
        of: readable,
        direction: 'at-least',
      },
      {
        key: 'p4c-parse.round-trip',
        label: 'parsed samples that round-trip through the printer',
        value: roundTrip,
        of: parsed,
        direction: 'at-least',
      },
    ],
    notes,
  };
}
