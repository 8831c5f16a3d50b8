// Compiles a P4 program in process and loads the generated pipeline module without a build
// directory the user sees: pipeline.js goes to a private temporary folder (importing the
// runtime by absolute URL), is imported, and the folder is removed. The header layouts for
// decoding differences come from the same compilation's IR.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { widthOf } from '../../compiler/check/types.js';
import { type CompileOptions, compileFile, RUNTIME_INDEX } from '../../compiler/compile.js';
import type { DiagnosticSink } from '../../compiler/diagnostics/index.js';
import type * as Ir from '../../compiler/ir/nodes.js';
import { loadP4Info, type P4Info } from '../../runtime/p4info.js';
import { err, ok, type Result } from '../../runtime/result.js';
import { type HeaderLayouts, headerLayoutsOf } from './decode.js';
import type { LoadedPipeline } from './engines.js';

export interface CompiledForTest {
  readonly module: LoadedPipeline;
  readonly headers: HeaderLayouts;
  readonly target: string;
  /** Keys written `field & MASK` (often with @name("field")), by `TABLE|KEY` (the table's own name). */
  readonly keyMasks: KeyMasks;
  /** The width of the whole field behind each key on a slice (`hdr.f[15:8]`), by `TABLE|KEY`. */
  readonly sliceBaseWidths: KeyMasks;
}

export type KeyMasks = ReadonlyMap<string, bigint>;

/** The constant mask of every table key written `expr & CONST` (or `CONST & expr`). */
export function keyMasksOf(ir: Ir.Program): KeyMasks {
  const out = new Map<string, bigint>();
  for (const c of ir.controls)
    for (const t of c.tables)
      for (const k of t.keys) {
        const e = k.expr;
        if (e.kind !== 'Binary' || e.op !== '&') continue;
        const m = e.right.kind === 'Const' ? e.right.value : e.left.kind === 'Const' ? e.left.value : undefined;
        if (typeof m === 'bigint') out.set(`${t.name}|${k.name}`, m);
      }
  return out;
}

/** For every table key on a constant slice of a field, the field's width (a `/LEN` prefix is over the whole field). */
export function sliceBaseWidthsOf(ir: Ir.Program): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const c of ir.controls)
    for (const t of c.tables)
      for (const k of t.keys) {
        const e = k.expr;
        if (e.kind !== 'Slice') continue;
        const w = widthOf(e.object.type);
        if (w !== undefined) out.set(`${t.name}|${k.name}`, BigInt(w));
      }
  return out;
}

/** A generated module's source → the module (imported from a temporary file). */
export async function importPipeline(js: string, p4info: P4Info): Promise<Result<LoadedPipeline, 'BAD_PIPELINE'>> {
  const dir = mkdtempSync(join(tmpdir(), 'p4ts-test-'));
  try {
    const file = join(dir, 'pipeline.js');
    writeFileSync(file, js);
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const m = (
      mod.default !== undefined && typeof (mod.default as { create?: unknown }).create === 'function'
        ? mod.default
        : mod
    ) as Record<string, unknown>;
    if (typeof m.create !== 'function') return err('BAD_PIPELINE', 'the generated module exports no create()');
    const arch = typeof m.arch === 'string' ? m.arch : p4info.arch;
    return ok({ arch, p4info, create: m.create as LoadedPipeline['create'] });
  } catch (e) {
    return err('BAD_PIPELINE', `cannot load the generated pipeline: ${(e as Error).message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Compiles `file` (diagnostics go to `sink`) and loads it. undefined when the program has
 * errors; a coded error when the generated module cannot be loaded.
 */
export async function compileForTest(
  file: string,
  options: Omit<CompileOptions, 'runtimeImport' | 'outDir' | 'checkOnly'>,
  sink: DiagnosticSink,
): Promise<Result<CompiledForTest, 'BAD_PIPELINE'> | undefined> {
  const r = compileFile(file, { ...options, runtimeImport: pathToFileURL(RUNTIME_INDEX).href }, sink);
  if (r?.pipeline === undefined || sink.hasErrors()) return undefined;
  const p4info = r.pipeline.p4info as unknown as P4Info;
  const m = await importPipeline(r.pipeline.pipelineJs, p4info);
  if (!m.ok) return m;
  return ok({
    module: m.value,
    headers: headerLayoutsOf(r.ir),
    target: r.target,
    keyMasks: keyMasksOf(r.ir),
    sliceBaseWidths: sliceBaseWidthsOf(r.ir),
  });
}

/**
 * A build directory (`p4ts compile -o DIR`): pipeline.js, p4info.json and headers.json (the
 * header layouts `p4ts compile` writes for decoding; without it packets are not decoded).
 */
export async function loadBuildForDecoding(
  dir: string,
): Promise<Result<{ module: LoadedPipeline; headers: HeaderLayouts | undefined }, 'BAD_PIPELINE'>> {
  const info = loadP4Info(join(dir, 'p4info.json'));
  if (!info.ok) return err('BAD_PIPELINE', info.message);
  const js = join(dir, 'pipeline.js');
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(js).href)) as Record<string, unknown>;
  } catch (e) {
    return err('BAD_PIPELINE', `cannot load ${js}: ${(e as Error).message}`);
  }
  if (typeof mod.create !== 'function') return err('BAD_PIPELINE', `${js} exports no create()`);
  const module: LoadedPipeline = {
    arch: typeof mod.arch === 'string' ? mod.arch : info.value.arch,
    p4info: info.value,
    create: mod.create as LoadedPipeline['create'],
  };
  const hj = join(dir, 'headers.json');
  if (!existsSync(hj)) return ok({ module, headers: undefined });
  try {
    return ok({ module, headers: JSON.parse(readFileSync(hj, 'utf8')) as HeaderLayouts });
  } catch (e) {
    return err('BAD_PIPELINE', `${hj}: ${(e as Error).message}`);
  }
}
