// Conformance runs over STF suites we do not ship: every `NAME.stf` of a folder with its
// `NAME.p4`, compiled and run in process; the result is a pass rate and the failures grouped
// by cause. Used by conformance.test.ts (opt-in through environment variables) and runnable
// alone: `node dist/test/stf/conformance.js DIR [-I INCLUDE_DIR]...`.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiagnosticSink } from '../../../compiler/diagnostics/index.js';
import { compileForTest } from '../../../packet-test/stf/load.js';
import { parseStf } from '../../../packet-test/stf/parse.js';
import { runStf } from '../../../packet-test/stf/runner.js';

export type Outcome = 'pass' | 'compile' | 'load' | 'stf-syntax' | 'command' | 'expectation' | 'crash';

export interface CaseResult {
  readonly name: string;
  /** The architecture the program includes (v1model, psa, ebpf, ubpf, pna, tna, t2na, tofino.h, or none). */
  readonly arch: string;
  readonly outcome: Outcome;
  /** The cause, normalised so that equal causes group (names and numbers replaced). */
  readonly cause: string;
  readonly detail: string;
}

/** "error: no table named 'foo' (known: …)" → "no table named '…'". */
function normalise(message: string): string {
  return message
    .replace(/\(known: [^)]*\)/g, '')
    .replace(/'[^']*'|"[^"]*"|`[^`]*`/g, "'…'")
    .replace(/0x[0-9a-f]+|\b\d+\b/gi, 'N')
    .replace(/\b[A-Za-z_][\w]*(\.[A-Za-z_][\w$[\]]*)+/g, 'NAME')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 110);
}

const ARCH_INCLUDE =
  /#\s*include\s*[<"](?:[\w/]*\/)?(v1model|psa|pna|tna|t2na|ebpf_model|ubpf_model|xdp_model)\.p4[>"]/;

/**
 * bf-p4c's `includes/tofino.h` declares a four-block `Switch` of its own over a v1model-like
 * `standard_metadata`: no target runs it (bf-p4c's TofinoTests.cmake excludes every program
 * including it; only its front-end test does), so such programs are counted apart.
 */
const TOFINO_H_INCLUDE = /#\s*include\s*[<"]tofino\.h[>"]/;

function archOf(p4Text: string): string {
  if (TOFINO_H_INCLUDE.test(p4Text)) return 'tofino.h';
  return ARCH_INCLUDE.exec(p4Text)?.[1]?.replace(/_model$/, '') ?? 'none';
}

export async function runCase(dir: string, name: string, includeDirs: readonly string[]): Promise<CaseResult> {
  const r = await runCaseBody(dir, name, includeDirs);
  let text = '';
  try {
    text = readFileSync(join(dir, `${name}.p4`), 'utf8');
  } catch {}
  return { ...r, arch: archOf(text) };
}

async function runCaseBody(
  dir: string,
  name: string,
  includeDirs: readonly string[],
): Promise<Omit<CaseResult, 'arch'>> {
  const stfText = readFileSync(join(dir, `${name}.stf`), 'utf8');
  const stf = parseStf(stfText, `${name}.stf`);
  if (stf.errors.length > 0) {
    const e = stf.errors[0] as { line: number; message: string };
    return { name, outcome: 'stf-syntax', cause: normalise(e.message), detail: `${name}.stf:${e.line}: ${e.message}` };
  }
  const sink = new DiagnosticSink();
  let compiled: Awaited<ReturnType<typeof compileForTest>>;
  try {
    compiled = await compileForTest(join(dir, `${name}.p4`), { includeDirs }, sink);
  } catch (e) {
    return { name, outcome: 'crash', cause: `compiler threw: ${normalise((e as Error).message)}`, detail: String(e) };
  }
  if (compiled === undefined) {
    const d = sink.diagnostics.find((x) => x.severity === 'error');
    const msg = d?.message ?? 'unknown error';
    return { name, outcome: 'compile', cause: normalise(msg), detail: msg };
  }
  if (!compiled.ok) return { name, outcome: 'load', cause: normalise(compiled.message), detail: compiled.message };
  let r: ReturnType<typeof runStf>;
  try {
    r = runStf(stf, {
      module: compiled.value.module,
      headers: compiled.value.headers,
      keyMasks: compiled.value.keyMasks,
      sliceBaseWidths: compiled.value.sliceBaseWidths,
    });
  } catch (e) {
    return { name, outcome: 'crash', cause: `runner threw: ${normalise((e as Error).message)}`, detail: String(e) };
  }
  if ('error' in r) return { name, outcome: 'load', cause: normalise(r.error), detail: r.error };
  if (r.failures.length === 0) return { name, outcome: 'pass', cause: '', detail: '' };
  const command = r.failures.find((f) => f.kind === 'command');
  const f = command ?? (r.failures[0] as (typeof r.failures)[number]);
  const cause =
    command !== undefined
      ? normalise(command.message)
      : f.kind === 'packet_differs' && f.field !== undefined
        ? `packet differs in a header field (${f.kind})`
        : f.kind;
  return {
    name,
    outcome: command !== undefined ? 'command' : 'expectation',
    cause,
    detail: `${name}.stf:${f.line}: ${f.message}`,
  };
}

export interface SuiteReport {
  readonly total: number;
  readonly passed: number;
  readonly results: readonly CaseResult[];
  readonly text: string;
}

export async function runSuite(dir: string, includeDirs: readonly string[]): Promise<SuiteReport> {
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.stf') && existsSync(join(dir, f.replace(/\.stf$/, '.p4'))))
    .map((f) => f.replace(/\.stf$/, ''))
    .sort();
  const results: CaseResult[] = [];
  for (const n of names) results.push(await runCase(dir, n, includeDirs));
  const passed = results.filter((r) => r.outcome === 'pass').length;
  const groups = new Map<string, CaseResult[]>();
  for (const r of results) {
    if (r.outcome === 'pass') continue;
    const k = `${r.outcome} [${r.arch}]: ${r.cause}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const pct = (a: number, b: number) => (b === 0 ? '0' : ((100 * a) / b).toFixed(1));
  const lines = [`${dir}: ${passed}/${names.length} STF tests pass (${pct(passed, names.length)}%)`];
  const archs = [...new Set(results.map((r) => r.arch))].sort();
  for (const a of archs) {
    const of = results.filter((r) => r.arch === a);
    const ok = of.filter((r) => r.outcome === 'pass').length;
    lines.push(`  ${a} programs: ${ok}/${of.length} pass (${pct(ok, of.length)}%)`);
  }
  for (const [k, rs] of [...groups].sort((x, y) => y[1].length - x[1].length)) {
    lines.push(`  ${String(rs.length).padStart(4)}  ${k}`);
    lines.push(
      `        e.g. ${rs
        .slice(0, 3)
        .map((r) => r.name)
        .join(', ')}`,
    );
  }
  return { total: names.length, passed, results, text: lines.join('\n') };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const dir = args[0];
  const includes: string[] = [];
  for (let i = 1; i < args.length; i++)
    if (args[i] === '-I' && args[i + 1] !== undefined) includes.push(args[++i] as string);
  if (dir === undefined) {
    process.stderr.write('usage: node dist/test/stf/conformance.js DIR [-I INCLUDE_DIR]...\n');
    process.exitCode = 2;
  } else {
    const r = await runSuite(dir, includes);
    process.stdout.write(`${r.text}\n`);
    if (process.env.P4TS_CONFORMANCE_DETAILS === '1')
      for (const x of r.results)
        if (x.outcome !== 'pass') process.stdout.write(`${x.name}: ${x.outcome}: ${x.detail}\n`);
  }
}
