// Suite p4c-check: p4c's positive samples written for core.p4 and v1model.p4 must check clean
// (a sample with a syntax error counts against the total, it is not left out), and each of
// p4c's negative programs must be rejected, its first error on the line of p4c's first error.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkProgram } from '../compiler/check/index.js';
import { DiagnosticSink } from '../compiler/diagnostics/index.js';
import { parseP4 } from '../compiler/parser/index.js';
import { preprocessText, targetDefines } from '../compiler/preprocess/index.js';
import { lineColOf } from '../compiler/source/source-file.js';
import { p4FilesIn } from './corpus-files.js';
import type { SuiteResult } from './p4c-parse.js';

/** Includes we ship (p4/include); a sample that includes anything else is not in this suite. */
const OUR_INCLUDES = new Set(['core.p4', 'v1model.p4']);

interface Outcome {
  readonly syntaxErrors: boolean;
  readonly errors: number;
  /** Line of the first error located in the program's own file. */
  readonly firstErrorLine: number | undefined;
}

/** Undefined when the file includes something other than core.p4/v1model.p4 (or a file beside it). */
function checkSample(path: string, dir: string): Outcome | undefined {
  const text = readFileSync(path, 'utf8');
  const includes = [...text.matchAll(/#include\s*[<"]([^>"]+)[>"]/g)].map((m) => m[1] ?? '');
  if (includes.some((i) => !OUR_INCLUDES.has(i) && !existsSync(join(dir, i)))) return undefined;
  const sink = new DiagnosticSink();
  const pp = preprocessText(path, text, { defines: targetDefines('v1model') }, sink);
  sink.setSourceMap(pp.sourceMap);
  const ast = sink.hasErrors() ? undefined : parseP4(pp.text, sink);
  const syntaxErrors = sink.hasErrors();
  if (!syntaxErrors && ast !== undefined) checkProgram(ast, sink);
  const first = sink.diagnostics.find((d) => d.severity === 'error' && d.loc?.file.path === path);
  return {
    syntaxErrors,
    errors: sink.errorCount,
    firstErrorLine: first?.loc === undefined ? undefined : lineColOf(first.loc.file, first.loc.start).line,
  };
}

export function runP4cCheck(corpus: string): SuiteResult {
  const testdata = join(corpus, 'p4c', 'testdata');
  const notes: string[] = [];

  const samples = join(testdata, 'p4_16_samples');
  const positive = { programs: 0, clean: 0, syntaxErrors: 0, rejected: 0 };
  for (const path of p4FilesIn(samples)) {
    const r = checkSample(path, samples);
    if (r === undefined) continue;
    positive.programs++;
    if (r.syntaxErrors) {
      positive.syntaxErrors++;
      notes.push(`positive with a syntax error: ${path}`);
    } else if (r.errors > 0) {
      positive.rejected++;
      notes.push(`positive rejected: ${path}:${r.firstErrorLine ?? '?'}`);
    } else positive.clean++;
  }

  const errors = join(testdata, 'p4_16_errors');
  // noP4cLine: p4c's first error names no line (such as 'NoAction not found' without core.p4).
  const negative = { programs: 0, sameLine: 0, noP4cLine: 0, otherLine: 0, missed: 0 };
  for (const path of p4FilesIn(errors)) {
    const r = checkSample(path, errors);
    if (r === undefined) continue;
    negative.programs++;
    const name = path.slice(errors.length + 1);
    const stderrPath = join(testdata, 'p4_16_errors_outputs', `${name}-stderr`);
    const expected = existsSync(stderrPath) ? readFileSync(stderrPath, 'utf8') : '';
    // p4c writes `FILE(LINE): [--Werror=KIND] error: …`, or `FILE(LINE):syntax error, …` for the parser's.
    const p4cFirst = expected
      .split('\n')
      .find((l) => l.includes(' error: ') || l.startsWith('error: ') || /^[^\s(]+\(\d+\):syntax error/.test(l));
    const m = p4cFirst === undefined ? null : /^[^\s(]+\((\d+)\):/.exec(p4cFirst);
    if (r.errors === 0) {
      negative.missed++;
      notes.push(`negative accepted: ${path}`);
    } else if (m === null) negative.noP4cLine++;
    else if (Number(m[1]) === r.firstErrorLine) negative.sameLine++;
    else {
      negative.otherLine++;
      notes.push(`negative on another line: ${path}: ours ${r.firstErrorLine ?? 'elsewhere'}, p4c ${m[1]}`);
    }
  }
  const rejected = negative.sameLine + negative.noP4cLine + negative.otherLine;
  return {
    figures: [
      {
        key: 'p4c-check.positive.programs',
        label: 'p4c samples written for core.p4/v1model.p4',
        value: positive.programs,
        direction: 'exactly',
      },
      {
        key: 'p4c-check.positive.clean',
        label: 'of them check clean',
        value: positive.clean,
        of: positive.programs,
        direction: 'at-least',
      },
      {
        key: 'p4c-check.positive.syntax-errors',
        label: 'of them stop on a syntax error',
        value: positive.syntaxErrors,
        of: positive.programs,
        direction: 'at-most',
      },
      {
        key: 'p4c-check.positive.rejected',
        label: 'of them rejected by the checker',
        value: positive.rejected,
        of: positive.programs,
        direction: 'at-most',
      },
      {
        key: 'p4c-check.negative.programs',
        label: "p4c's negative programs",
        value: negative.programs,
        direction: 'exactly',
      },
      {
        key: 'p4c-check.negative.rejected',
        label: 'rejected',
        value: rejected,
        of: negative.programs,
        direction: 'at-least',
      },
      {
        key: 'p4c-check.negative.same-line',
        label: "rejected on the line of p4c's first error",
        value: negative.sameLine,
        of: negative.programs,
        direction: 'at-least',
      },
      {
        key: 'p4c-check.negative.no-p4c-line',
        label: "rejected where p4c's first error has no line",
        value: negative.noP4cLine,
        of: negative.programs,
        direction: 'at-least',
      },
      {
        key: 'p4c-check.negative.other-line',
        label: 'rejected on another line',
        value: negative.otherLine,
        of: negative.programs,
        direction: 'at-most',
      },
      {
        key: 'p4c-check.negative.missed',
        label: 'accepted (missed)',
        value: negative.missed,
        of: negative.programs,
        direction: 'at-most',
      },
    ],
    notes,
  };
}
