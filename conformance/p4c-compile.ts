// Suite p4c-compile: p4c's v1model and PSA samples as a user brings them. Each program is
// checked (`p4ts check`), compiled without target checks (`p4ts compile --no-target-checks`),
// and one packet is run through the generated pipeline in process (the STF runner with the
// research run's one-packet STF). Samples p4c itself runs only on another backend are counted apart.

import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { checkFile, targetFromText } from '../compiler/compile.js';
import { DiagnosticSink } from '../compiler/diagnostics/index.js';
import { lineColOf } from '../compiler/source/source-file.js';
import { compileForTest } from '../packet-test/stf/load.js';
import { parseStf } from '../packet-test/stf/parse.js';
import { runStf } from '../packet-test/stf/runner.js';
import { validateP4Info } from '../runtime/p4info.js';
import { p4FilesIn } from './corpus-files.js';
import type { Figure } from './figures.js';
import { classifyOnePacketReport, ONE_PACKET_STF } from './one-packet.js';
import type { SuiteResult } from './p4c-parse.js';

/**
 * Samples p4c's own bmv2 test list expects to fail (XFAIL_TESTS in p4c's
 * backends/bmv2/CMakeLists.txt, reasons in our words): p4c-bm2-ss or bmv2 refuses them, so a
 * refusal here is no miss. Counted apart, with the figures of those we run anyway.
 */
export const BMV2_XFAIL: Readonly<Record<string, string>> = {
  'issue907-bmv2.p4': 'two lpm keys in one table',
  'issue986-bmv2.p4': 'a table graph bmv2 cannot implement',
  'issue1062-bmv2.p4': "a table key of type 'error'",
  'issue1193-bmv2.p4': 'an undefined extern',
  'issue1205-bmv2.p4': 'an incorrect model',
  'issue692-bmv2.p4': 'reads stack.next',
  'issue1765-bmv2.p4': 'computations in the verify/update checksum controls',
  'issue1765-1-bmv2.p4': 'computations in the verify/update checksum controls',
  'issue1882-bmv2.p4': 'an unknown extern',
  'issue1882-1-bmv2.p4': 'an unknown extern',
  'issue2664-bmv2.p4': 'an unknown extern',
  'hashing-non-tuple-bmv2.p4': 'hashes a value that is not a tuple',
  'issue584-1-bmv2.p4': 'hashes a bit<W> value',
  'psa-example-digest-bmv2.p4': "psa_switch's digest",
  'psa-example-parser-checksum.p4': 'an unsupported exact key expression',
  'psa-meter4.p4': 'a p4c compiler bug',
  'psa-meter5.p4': 'a p4c compiler bug',
  'psa-table-hit-miss.p4': 'a path from a table back to itself',
};

/** Folders below p4_16_samples whose v1model programs p4c's bmv2 tests run. */
const V1MODEL_SUBFOLDERS = ['dash', 'fabric_20190420', 'omec', 'pins', 'parser-inline'];

/**
 * The group a sample is counted in: v1model and bmv2 PSA programs are the ones measured;
 * p4c's bmv2 xfails and programs for DPDK's PSA (`dpdk/psa.p4`, p4c-dpdk only) apart.
 */
type Group = 'v1model' | 'v1model-suites' | 'v1model-xfail' | 'v1model-no-switch' | 'psa' | 'psa-xfail' | 'psa-dpdk';

const GROUP_LABEL: Record<Group, string> = {
  v1model: "v1model samples (p4c's p4_16_samples)",
  'v1model-suites': "v1model programs in p4c's bmv2 sub-suites (dash, fabric, omec, pins, parser-inline)",
  'v1model-xfail': "v1model samples p4c's bmv2 tests expect to fail (counted apart)",
  'v1model-no-switch':
    'v1model samples whose main is no V1Switch (none, or a package of their own): nothing for simple_switch to run (counted apart)',
  psa: 'PSA samples for bmv2 (bmv2/psa.p4)',
  'psa-xfail': "PSA samples p4c's bmv2 tests expect to fail (counted apart)",
  'psa-dpdk': 'PSA samples for DPDK only (dpdk/psa.p4; counted apart)',
};

type Stage = 'check' | 'compile' | 'load' | 'run';

interface Outcome {
  readonly file: string;
  readonly group: Group;
  /** The step that failed; undefined when the packet went through. */
  readonly stopped?: Stage;
  readonly why: string;
}

function groupOf(file: string, text: string, subfolder: boolean): Group | undefined {
  if (/^\s*#\s*include\s*[<"]dpdk\/psa\.p4[>"]/m.test(text)) return 'psa-dpdk';
  const target = targetFromText(text);
  const xfail = BMV2_XFAIL[basename(file)] !== undefined;
  if (target === 'v1model') return xfail ? 'v1model-xfail' : subfolder ? 'v1model-suites' : 'v1model';
  if (target !== 'psa') return undefined;
  return xfail ? 'psa-xfail' : 'psa';
}

/** "error: no table named 'foo'" → "no table named '…'": equal causes group together. */
export function normaliseCause(message: string): string {
  return message
    .replace(/'[^']*'|"[^"]*"|`[^`]*`/g, "'…'")
    .replace(/0x[0-9a-f]+|\b\d+\b/gi, 'N')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100);
}

function firstError(sink: DiagnosticSink): string {
  const d = sink.diagnostics.find((x) => x.severity === 'error');
  if (d === undefined) return 'unknown error';
  const where = d.loc === undefined ? '' : `${basename(d.loc.file.path)}:${lineColOf(d.loc.file, d.loc.start).line}: `;
  return `${where}${d.message}`;
}

async function runOne(file: string, group: Group, p4include: string): Promise<Outcome> {
  const arch = group.startsWith('psa') ? 'psa' : 'v1model';
  // Our own p4/include serves core.p4, v1model.p4 and bmv2/psa.p4; DPDK's psa.p4 only p4c ships.
  const includeDirs = group === 'psa-dpdk' ? [dirname(file), p4include] : [dirname(file)];
  const options = { target: arch, includeDirs, targetChecks: false } as const;
  const checkSink = new DiagnosticSink();
  try {
    const checked = checkFile(file, options, checkSink);
    if (checked === undefined) return { file, group, stopped: 'check', why: firstError(checkSink) };
    // p4c's front-end samples that include v1model.p4 for its types but instantiate no V1Switch.
    const main = checked.ir.main?.packageType;
    if (arch === 'v1model' && main !== 'V1Switch')
      return { file, group: 'v1model-no-switch', why: main === undefined ? 'no main' : `main is a ${main}` };
  } catch (e) {
    return { file, group, stopped: 'check', why: `the checker threw: ${(e as Error).message}` };
  }
  const sink = new DiagnosticSink();
  let compiled: Awaited<ReturnType<typeof compileForTest>>;
  try {
    compiled = await compileForTest(file, options, sink);
  } catch (e) {
    return { file, group, stopped: 'compile', why: `the compiler threw: ${(e as Error).message}` };
  }
  if (compiled === undefined) return { file, group, stopped: 'compile', why: firstError(sink) };
  if (!compiled.ok) return { file, group, stopped: 'load', why: compiled.message };
  // The p4info as `p4ts switch` reads it back from p4info.json (the in-process loader does not).
  const info = validateP4Info(JSON.parse(JSON.stringify(compiled.value.module.p4info)));
  if (!info.ok) return { file, group, stopped: 'load', why: `p4info.json: ${info.message}` };
  const stf = parseStf(readFileSync(ONE_PACKET_STF, 'utf8'), 'one-packet.stf');
  try {
    const r = runStf(stf, {
      module: compiled.value.module,
      headers: compiled.value.headers,
      keyMasks: compiled.value.keyMasks,
      sliceBaseWidths: compiled.value.sliceBaseWidths,
    });
    if ('error' in r) return { file, group, stopped: 'run', why: r.error };
    const verdict = classifyOnePacketReport(r);
    return verdict.ran ? { file, group, why: verdict.summary } : { file, group, stopped: 'run', why: verdict.why };
  } catch (e) {
    return { file, group, stopped: 'run', why: `the pipeline threw: ${(e as Error).message}` };
  }
}

/** The programs of the suite, each with its group. */
export function p4cCompileSamples(corpus: string): { file: string; group: Group }[] {
  const samples = join(corpus, 'p4c', 'testdata', 'p4_16_samples');
  const out: { file: string; group: Group }[] = [];
  const add = (file: string, subfolder: boolean) => {
    const group = groupOf(file, readFileSync(file, 'utf8'), subfolder);
    if (group !== undefined && (!subfolder || group.startsWith('v1model'))) out.push({ file, group });
  };
  for (const f of p4FilesIn(samples)) add(f, false);
  for (const sub of V1MODEL_SUBFOLDERS) {
    const dir = join(samples, sub);
    try {
      for (const f of p4FilesIn(dir)) add(f, true);
    } catch {
      // An older p4c snapshot without this folder: its programs are simply not counted.
    }
  }
  return out;
}

/**
 * Runs every program (or those whose path matches `only`); `onEach` sees each outcome as it
 * comes (progress for long runs).
 */
export async function measureP4cCompile(
  corpus: string,
  onEach?: (o: Outcome) => void,
  only?: RegExp,
): Promise<Outcome[]> {
  const p4include = join(corpus, 'p4c', 'p4include');
  const outcomes: Outcome[] = [];
  for (const { file, group } of p4cCompileSamples(corpus)) {
    if (only !== undefined && !only.test(file)) continue;
    const o = await runOne(file, group, p4include);
    onEach?.(o);
    outcomes.push(o);
  }
  return outcomes;
}

export async function runP4cCompile(corpus: string): Promise<SuiteResult> {
  const outcomes = await measureP4cCompile(corpus);
  const figures: Figure[] = [];
  const notes: string[] = [];
  const samples = join(corpus, 'p4c', 'testdata', 'p4_16_samples');
  for (const group of Object.keys(GROUP_LABEL) as Group[]) {
    const of = outcomes.filter((o) => o.group === group);
    const past = (s: Stage[]) => of.filter((o) => o.stopped === undefined || !s.includes(o.stopped)).length;
    const checked = past(['check']);
    const compiled = past(['check', 'compile', 'load']);
    const ran = past(['check', 'compile', 'load', 'run']);
    const key = `p4c-compile.${group}`;
    if (group === 'v1model-no-switch') {
      figures.push({ key: `${key}.programs`, label: GROUP_LABEL[group], value: of.length, direction: 'exactly' });
      continue;
    }
    figures.push(
      { key: `${key}.programs`, label: GROUP_LABEL[group], value: of.length, direction: 'exactly' },
      { key: `${key}.checked`, label: '  check clean', value: checked, of: of.length, direction: 'at-least' },
      { key: `${key}.compiled`, label: '  compile', value: compiled, of: of.length, direction: 'at-least' },
      { key: `${key}.ran`, label: '  run a packet', value: ran, of: of.length, direction: 'at-least' },
    );
    // The causes, most frequent first, then each program that stopped.
    const causes = new Map<string, string[]>();
    for (const o of of) {
      if (o.stopped === undefined) continue;
      const k = `${group} ${o.stopped}: ${normaliseCause(o.why.replace(/^[\w.-]+:\d+: /, ''))}`;
      causes.set(k, [...(causes.get(k) ?? []), basename(o.file)]);
    }
    for (const [k, files] of [...causes].sort((a, b) => b[1].length - a[1].length))
      notes.push(`${String(files.length).padStart(3)} × ${k} (e.g. ${files.slice(0, 3).join(', ')})`);
    for (const o of of)
      if (o.stopped !== undefined) notes.push(`${group} ${o.stopped}: ${o.file.slice(samples.length + 1)}: ${o.why}`);
  }
  return { figures, notes };
}
