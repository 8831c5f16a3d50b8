// Opt-in run over TNA and v1model programs from research and teaching projects (fetched outside
// the repository, never committed): set P4TS_RESEARCH_CORPUS to a folder holding LIST.tsv and one
// folder per project.
// Each listed program goes through `p4ts check`, `p4ts compile` and, when it compiles, one
// packet (`p4ts test` with test/conformance/research/one-packet.stf, no expectations: the
// pipeline must run; the packet may leave on any port or be dropped, research/one-packet-outcome.ts).
// A summary gives the three counts, overall and per target (docs/conformance.md, "Research").

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { classifyOnePacketRun } from './research/one-packet-outcome.js';

const corpus = process.env.P4TS_RESEARCH_CORPUS;
// Tests run from dist/test/conformance; the STF stays in the source tree.
const onePacket = fileURLToPath(new URL('../../../test/conformance/research/one-packet.stf', import.meta.url));
const p4ts = fileURLToPath(new URL('../../bin/p4ts.js', import.meta.url));

/**
 * One row of LIST.tsv: project folder, commit, program path in it, include dirs (comma-separated,
 * `-` for none), target, and optionally the macros the project's build defines (`NAME[=VALUE]`,
 * comma-separated, `-` or absent for none) and the compiler options its build passes
 * (comma-separated, e.g. bf-p4c's `--disable-parse-depth-limit`; absent for none).
 */
interface ResearchProgram {
  project: string;
  commit: string;
  path: string;
  includeDirs: string[];
  target: string;
  defines: string[];
  options: string[];
}

function parseProgramList(text: string): ResearchProgram[] {
  const rows = text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
  // The first row names the columns.
  return rows.slice(1).map((line) => {
    const [project = '', commit = '', path = '', includes = '-', target = 'tna', defines = '-', options = '-'] =
      line.split('\t');
    const list = (column: string) => (column === '-' || column === '' ? [] : column.split(','));
    return {
      project,
      commit,
      path,
      includeDirs: list(includes),
      target,
      defines: list(defines),
      options: list(options),
    };
  });
}

type Stage = 'check' | 'compile' | 'run';
type Outcome = { reached: 'missing' | Stage | 'runs'; why: string; target?: string };

/** The first error line of a p4ts run, trimmed to one line. */
function firstError(out: string): string {
  const lines = out.split('\n');
  const line =
    lines.find((l) => /\berror\b/.test(l)) ?? lines.find((l) => /failed/i.test(l)) ?? out.trim().split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function runProgram(root: string, p: ResearchProgram): Outcome {
  const program = join(root, p.project, p.path);
  if (!existsSync(program)) return { reached: 'missing', why: `${program} does not exist` };
  const includeArgs = p.includeDirs.flatMap((d) => ['-I', join(root, p.project, d)]);
  const defineArgs = p.defines.flatMap((d) => ['-D', d]);
  const common = [...includeArgs, ...defineArgs, ...p.options, '--target', p.target];
  const run = (args: string[]) => spawnSync(process.execPath, [p4ts, ...args], { encoding: 'utf8', timeout: 300_000 });
  const checked = run(['check', program, ...common]);
  if (checked.status !== 0) return { reached: 'check', why: firstError(checked.stderr + checked.stdout) };
  const out = mkdtempSync(join(tmpdir(), 'p4ts-research-'));
  try {
    const compiled = run(['compile', program, ...common, '-q', '-o', out]);
    if (compiled.status !== 0) return { reached: 'compile', why: firstError(compiled.stderr + compiled.stdout) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const tested = run(['test', program, onePacket, ...common, '--json']);
  const outcome = classifyOnePacketRun(tested.status, tested.stdout);
  if (!outcome.ran) {
    const why = tested.status === 0 || tested.status === 3 ? outcome.why : firstError(tested.stderr + tested.stdout);
    return { reached: 'run', why };
  }
  return { reached: 'runs', why: outcome.summary };
}

// P4TS_RESEARCH_LIST names another list (same columns) to run a subset, such as newly added rows.
const listPath = corpus === undefined ? undefined : (process.env.P4TS_RESEARCH_LIST ?? join(corpus, 'LIST.tsv'));
const programs = listPath !== undefined && existsSync(listPath) ? parseProgramList(readFileSync(listPath, 'utf8')) : [];

describe('TNA and v1model programs from research projects (conformance)', {
  skip: corpus === undefined ? 'set P4TS_RESEARCH_CORPUS to run (docs/conformance.md)' : false,
}, () => {
  const outcomes = new Map<string, Outcome>();
  it('the corpus folder has a LIST.tsv naming programs', () => {
    assert.ok(listPath !== undefined && existsSync(listPath), `${listPath} does not exist`);
    assert.ok(programs.length > 0, `${listPath} names no program`);
  });
  after(() => {
    // "N/T check, N/T compile, N/T run a packet" over some of the outcomes.
    const figures = (of: Outcome[]) => {
      const count = (...r: Outcome['reached'][]) => of.filter((o) => r.includes(o.reached)).length;
      const t = of.length;
      return `${count('compile', 'run', 'runs')}/${t} check, ${count('run', 'runs')}/${t} compile, ${count('runs')}/${t} run a packet`;
    };
    const all = [...outcomes.values()];
    process.stdout.write(`Research programs: ${figures(all)}\n`);
    for (const target of [...new Set(all.map((o) => o.target))])
      process.stdout.write(`  target ${target}: ${figures(all.filter((o) => o.target === target))}\n`);
    for (const [name, o] of outcomes)
      process.stdout.write(`  ${o.reached.padEnd(8)} ${name}${o.why ? `  ${o.why}` : ''}\n`);
  });
  for (const p of programs) {
    const name = `${p.project}/${p.path}`;
    it(name, () => {
      const o = { ...runProgram(corpus as string, p), target: p.target };
      outcomes.set(name, o);
      assert.equal(o.reached, 'runs', `stopped at ${o.reached}: ${o.why}`);
    });
  }
});
