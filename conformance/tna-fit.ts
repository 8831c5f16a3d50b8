// Suite tna-fit: public TNA programs through the Tofino checks. Every .p4 file that declares a
// `main` and a `Pipeline`/`Switch` is tried as Tofino 1 (tna); those that pass the front end
// "reach the checks", and of them we count the ones that fit; a rejected one is tried again
// with the tofino2 model (20 stages). Corpus parts: open-p4studio's p4_16_programs (with their
// `common` includes) and the NetMigrate artifact; suite tna-fit-testgen: p4testgen's Tofino
// samples in p4c/testgen-tofino, when laid out (see docs/conformance.md).

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkProgram } from '../compiler/check/index.js';
import { DiagnosticSink } from '../compiler/diagnostics/index.js';
import { parseFile } from '../compiler/frontend.js';
import { lowerToIr } from '../compiler/ir/index.js';
import { checkTofino } from '../compiler/targets/tofino/index.js';
import { p4FilesBelow } from './corpus-files.js';
import type { SuiteResult } from './p4c-parse.js';

type Verdict = 'front-end' | 'fits' | 'fits-tofino2' | 'rejected';

function tryProgram(path: string, includeDirs: readonly string[]): { verdict: Verdict; why?: string } {
  const sink = new DiagnosticSink();
  const unit = parseFile(path, { target: 'tna', includeDirs: [dirname(path), ...includeDirs] }, sink);
  if (unit === undefined || sink.hasErrors()) return { verdict: 'front-end' };
  const checked = checkProgram(unit.program, sink);
  if (sink.hasErrors()) return { verdict: 'front-end' };
  const ir = lowerToIr(checked);
  const tofino = new DiagnosticSink();
  const map = checkTofino(ir, tofino, { model: 'tofino' });
  if (!tofino.hasErrors() && map.fits) return { verdict: 'fits' };
  const why = tofino.diagnostics.find((d) => d.severity === 'error');
  const t2 = new DiagnosticSink();
  const map2 = checkTofino(ir, t2, { model: 'tofino2' });
  const verdict = !t2.hasErrors() && map2.fits ? 'fits-tofino2' : 'rejected';
  return { verdict, why: `${why?.code ?? 'no fit'} ${why?.message ?? ''}` };
}

/** A TNA program of its own (not an include): it instantiates a Pipeline and a Switch as main. */
function isTnaProgram(path: string): boolean {
  const text = readFileSync(path, 'utf8');
  return /\bmain\s*;/.test(text) && /\b(Pipeline|Switch)\s*\(/.test(text);
}

export function runTnaFit(corpus: string): SuiteResult {
  const studio = join(corpus, 'open-p4studio', 'p4_16_programs');
  return fitSuite('tna-fit', [
    { dir: studio, includeDirs: [join(studio, 'common')] },
    { dir: join(corpus, 'netmigrate'), includeDirs: [] },
  ]);
}

export function runTnaFitTestgen(corpus: string): SuiteResult {
  return fitSuite('tna-fit-testgen', [{ dir: join(corpus, 'p4c', 'testgen-tofino'), includeDirs: [] }]);
}

function fitSuite(key: string, sources: ReadonlyArray<{ dir: string; includeDirs: string[] }>): SuiteResult {
  const counts = { programs: 0, reached: 0, fits: 0, fitsTofino2: 0, rejected: 0 };
  const notes: string[] = [];
  for (const { dir, includeDirs } of sources) {
    for (const path of p4FilesBelow(dir).filter(isTnaProgram)) {
      counts.programs++;
      const r = tryProgram(path, includeDirs);
      if (r.verdict === 'front-end') {
        notes.push(`stops in the front end: ${path}`);
        continue;
      }
      counts.reached++;
      if (r.verdict === 'fits') counts.fits++;
      else if (r.verdict === 'fits-tofino2') {
        counts.fitsTofino2++;
        notes.push(`fits only with tofino2's 20 stages: ${path}: ${r.why}`);
      } else {
        counts.rejected++;
        notes.push(`rejected: ${path}: ${r.why}`);
      }
    }
  }
  return {
    figures: [
      {
        key: `${key}.programs`,
        label: 'public TNA programs in the corpus',
        value: counts.programs,
        direction: 'exactly',
      },
      {
        key: `${key}.reached`,
        label: 'pass the front end and reach the Tofino checks',
        value: counts.reached,
        of: counts.programs,
        direction: 'at-least',
      },
      { key: `${key}.fits`, label: 'fit Tofino 1', value: counts.fits, of: counts.reached, direction: 'at-least' },
      {
        key: `${key}.fits-tofino2`,
        label: "rejected on Tofino 1, fit Tofino 2's 20 stages",
        value: counts.fitsTofino2,
        of: counts.reached,
        direction: 'info',
      },
      {
        key: `${key}.rejected`,
        label: 'fit neither',
        value: counts.rejected,
        of: counts.reached,
        direction: 'at-most',
      },
    ],
    notes,
  };
}
