// Suite bfp4c-tests: bf-p4c's own test programs (its `p4-tests` folder, fetched outside the
// repository) through the whole compiler. compile_only, ptf and jbay programs must compile,
// except those bf-p4c's own Xfail lists mark (counted apart); errors/ programs must be
// rejected, and our first error should name the problem bf-p4c names (see BF_ERRORS).

import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { compileFile } from '../compiler/compile.js';
import { DiagnosticSink } from '../compiler/diagnostics/index.js';
import type { Target } from '../compiler/preprocess/index.js';
import { lineColOf } from '../compiler/source/source-file.js';
import { p4FilesIn } from './corpus-files.js';
import type { Figure } from './figures.js';
import type { SuiteResult } from './p4c-parse.js';

/** The folders that must compile, and the target bf-p4c builds each for. */
const COMPILE_FOLDERS: ReadonlyArray<{ folder: string; key: string; target?: Target; xfail: string }> = [
  { folder: 'compile_only', key: 'compile-only', xfail: 'TofinoXfail.cmake' },
  { folder: 'ptf', key: 'ptf', xfail: 'TofinoXfail.cmake' },
  { folder: 'jbay', key: 'jbay', target: 'tofino2', xfail: 'JBayXfail.cmake' },
];

/**
 * bf-p4c's negative programs (p4_16/errors), each with the problem its `expect error`
 * comment names, in our words, and the pattern our first error must match to name the same
 * problem. `defines`: programs whose variants are chosen with -DTEST=N are run once each.
 */
export interface ErrorExpectation {
  readonly problem: string;
  readonly ours: RegExp;
  readonly variants?: readonly number[];
}

export const BF_ERRORS: Readonly<Record<string, ErrorExpectation>> = {
  'counter1.p4': {
    problem: 'an action addresses one indirect counter with two different indexes',
    ours: /addresses .* (with|by) (two|more than one)|one address/i,
  },
  'counter2.p4': {
    problem: 'the actions of a table address one indirect counter in different ways',
    ours: /addresses .* (with|by) (two|more than one)|one address/i,
  },
  'externs_hash_empty_list.p4': { problem: 'a hash over an empty field list', ours: /empty/i },
  'meters_adjust_byte_count_neg.p4': {
    problem: "a meter's adjust_byte_count that is not a constant or a header/metadata field",
    ours: /adjust_byte_count/,
  },
  'parse_depth_counter.p4': {
    problem: 'a minimum parse depth that a parser loop driven by a parser counter prevents enforcing',
    ours: /parse depth/i,
  },
  'parse_depth_length.p4': { problem: 'the longest parser path exceeds the maximum parse depth', ours: /parse depth/i },
  'parser_multi_write_7.p4': {
    problem: 'a field written in two parser states on one path',
    ours: /(written|assigned) (again|in two|twice)|previously (written|assigned)/i,
  },
  'parser_multi_write_checksum_deposit_3.p4': {
    problem: 'a checksum deposit into a field the parser also writes elsewhere',
    ours: /(written|assigned) (again|in two|twice)|previously (written|assigned)|deposit/i,
  },
  'parser_multi_write_checksum_verify_3.p4': {
    problem: 'a checksum verify result written to a field written on the same path',
    ours: /(written|assigned) (again|in two|twice)|previously (written|assigned)|verify/i,
  },
  'parser_multi_write_checksum_verify_4.p4': {
    problem: 'a checksum verify result written to a field written on the same path',
    ours: /(written|assigned) (again|in two|twice)|previously (written|assigned)|verify/i,
  },
  'register_action_errors.p4': {
    problem:
      'register actions a stateful ALU cannot run: too many comparisons, expressions too complex, ' +
      'a boolean operator outside a condition, two binary operators with an outer one other than |',
    ours: /stateful ALU|register action/i,
    variants: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  },
  'stateful_read_write_5actions.p4': {
    problem: 'more actions access one register than a stateful ALU holds instructions',
    ours: /register .* (actions|instructions)/i,
  },
  'stateful_read_write_5registeractions.p4': {
    problem: 'more register actions are attached to one register than a stateful ALU holds',
    ours: /register .* register actions/i,
  },
};

/** The p4_16 programs of `folder` that a bf-p4c Xfail list names (bf-p4c itself fails them). */
export function xfailNames(testsDir: string, listFile: string, folder: string): Set<string> {
  const path = join(testsDir, listFile);
  if (!existsSync(path)) return new Set();
  const text = readFileSync(path, 'utf8');
  const names = new Set<string>();
  for (const m of text.matchAll(/p4_16\/([A-Za-z0-9_-]+)\/([A-Za-z0-9_.-]+\.p4)\b/g))
    if (m[1] === folder) names.add(m[2] as string);
  return names;
}

type Outcome = { ok: true } | { ok: false; first: string; code: string };

function compileOne(path: string, includeDirs: string[], target?: Target, defines?: Record<string, string>): Outcome {
  const sink = new DiagnosticSink();
  try {
    const r = compileFile(
      path,
      {
        includeDirs,
        ...(target === undefined ? {} : { target }),
        ...(defines === undefined ? {} : { defines }),
        runtimeImport: 'p4ts-runtime',
      },
      sink,
    );
    if (r !== undefined && !sink.hasErrors()) return { ok: true };
  } catch (e) {
    return { ok: false, first: `internal error: ${(e as Error).message.split('\n')[0]}`, code: 'crash' };
  }
  const d = sink.diagnostics.find((x) => x.severity === 'error');
  const at = d?.loc === undefined ? '' : `${basename(d.loc.file.path)}:${lineColOf(d.loc.file, d.loc.start).line}: `;
  return { ok: false, first: `${at}${d?.message ?? 'no diagnostic'}`, code: d?.name ?? 'none' };
}

const isPsa = (path: string) => /#\s*include\s*[<"]psa\.p4[>"]/.test(readFileSync(path, 'utf8'));

export function runBfP4cTests(testsDir: string): SuiteResult {
  const p4 = join(testsDir, 'p4_16');
  const includes = join(p4, 'includes');
  const figures: Figure[] = [];
  const notes: string[] = [];
  for (const { folder, key, target, xfail } of COMPILE_FOLDERS) {
    const dir = join(p4, folder);
    if (!existsSync(dir)) continue;
    const xfails = xfailNames(testsDir, xfail, folder);
    const c = { programs: 0, psa: 0, psaCompiled: 0, xfail: 0, xfailRejected: 0, due: 0, compiled: 0 };
    for (const path of p4FilesIn(dir)) {
      const name = basename(path);
      c.programs++;
      if (isPsa(path)) {
        // Compiled for Tofino as bf-p4c compiles them: psa.p4 takes Tofino's types, and the
        // program runs on p4ts's PSA engine (docs/psa.md), not in Tofino's stages.
        c.psa++;
        const r = compileOne(path, [includes, dir], target ?? 'tna');
        if (r.ok) c.psaCompiled++;
        else notes.push(`${folder}/${name} (PSA): ${r.first} [${r.code}]`);
        continue;
      }
      const r = compileOne(path, [includes, dir], target);
      if (xfails.has(name)) {
        c.xfail++;
        if (!r.ok) c.xfailRejected++;
        else notes.push(`${folder}/${name}: compiles, but bf-p4c's ${xfail} expects it to fail`);
        continue;
      }
      c.due++;
      if (r.ok) c.compiled++;
      else notes.push(`${folder}/${name}: ${r.first} [${r.code}]`);
    }
    const k = `bfp4c-tests.${key}`;
    figures.push(
      { key: `${k}.programs`, label: `${folder}: programs`, value: c.programs, direction: 'exactly' },
      {
        key: `${k}.psa`,
        label: `${folder}: PSA programs (counted apart)`,
        value: c.psa,
        direction: 'exactly',
      },
      {
        key: `${k}.psa-compiled`,
        label: `${folder}: PSA programs that compile (as PSA)`,
        value: c.psaCompiled,
        of: c.psa,
        direction: 'at-least',
      },
      { key: `${k}.xfail`, label: `${folder}: marked in bf-p4c's ${xfail}`, value: c.xfail, direction: 'exactly' },
      {
        key: `${k}.xfail-rejected`,
        label: `${folder}: of those, rejected by p4ts too`,
        value: c.xfailRejected,
        of: c.xfail,
        direction: 'info',
      },
      { key: `${k}.compiled`, label: `${folder}: compile`, value: c.compiled, of: c.due, direction: 'at-least' },
    );
  }
  const errDir = join(p4, 'errors');
  if (existsSync(errDir)) {
    const e = { programs: 0, rejected: 0, same: 0 };
    for (const path of p4FilesIn(errDir)) {
      const name = basename(path);
      const want = BF_ERRORS[name];
      const runs = want?.variants?.map((n) => ({ label: `${name} TEST=${n}`, defines: { TEST: String(n) } })) ?? [
        { label: name, defines: undefined },
      ];
      for (const run of runs) {
        e.programs++;
        const r = compileOne(path, [includes, errDir], undefined, run.defines);
        if (r.ok) {
          notes.push(`errors/${run.label}: accepted; bf-p4c rejects it (${want?.problem ?? 'no expectation written'})`);
          continue;
        }
        e.rejected++;
        if (want?.ours.test(r.first)) e.same++;
        else if (want === undefined) notes.push(`errors/${run.label}: rejected; no expectation written: ${r.first}`);
        else notes.push(`errors/${run.label}: rejected for another reason: ${r.first} [${r.code}]`);
      }
    }
    figures.push(
      {
        key: 'bfp4c-tests.errors.programs',
        label: 'errors: programs (variants counted)',
        value: e.programs,
        direction: 'exactly',
      },
      {
        key: 'bfp4c-tests.errors.rejected',
        label: 'errors: rejected',
        value: e.rejected,
        of: e.programs,
        direction: 'at-least',
      },
      {
        key: 'bfp4c-tests.errors.same-problem',
        label: 'errors: rejected naming the problem bf-p4c names',
        value: e.same,
        of: e.programs,
        direction: 'at-least',
      },
    );
  }
  return { figures, notes };
}
