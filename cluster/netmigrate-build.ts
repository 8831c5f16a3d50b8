// The switch program an experiment runs: build/netmigrate (pipeline.js + p4info.json), compiled
// from p4/netmigrate.p4 with the p4ts compiler when it is missing or older than its sources or
// the compiler. A compiler that cannot be loaded or that rejects the program is a coded error
// naming the phase: the orchestrator never runs an experiment without the real switch program.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { err, ok, type Result } from '../runtime/result.js';

/** The repository root, from this module's place in dist/cluster/. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const NETMIGRATE_SOURCE = join(REPO_ROOT, 'p4', 'netmigrate.p4');
export const DEFAULT_BUILD_DIR = join(REPO_ROOT, 'build', 'netmigrate');

export type BuildErrorCode = 'COMPILER_UNAVAILABLE' | 'COMPILE_FAILED' | 'IO_ERROR';

export interface BuildOptions {
  /** Where pipeline.js and p4info.json go (default build/netmigrate). */
  readonly buildDir?: string;
  /** Extra -D defines (e.g. NETMIGRATE_ARTIFACT_SIZES); a change forces a rebuild. */
  readonly defines?: Readonly<Record<string, string>>;
  /** Compile even when the build looks fresh. */
  readonly force?: boolean;
}

export interface BuildOutcome {
  readonly dir: string;
  /** False when the existing build was fresh. */
  readonly compiled: boolean;
  readonly ms: number;
}

/** Every file the generated program depends on: the P4 sources, the include files, the compiler. */
function inputFiles(): string[] {
  const files: string[] = [];
  const visit = (p: string) => {
    if (!existsSync(p)) return;
    if (statSync(p).isDirectory()) for (const e of readdirSync(p).sort()) visit(join(p, e));
    else if (/\.(p4|js)$/.test(p)) files.push(p);
  };
  for (const p of [
    join(REPO_ROOT, 'p4', 'netmigrate.p4'),
    join(REPO_ROOT, 'p4', 'netmigrate'),
    join(REPO_ROOT, 'p4', 'include'),
    join(REPO_ROOT, 'dist', 'compiler'),
  ])
    visit(p);
  return files;
}

/**
 * A digest of the inputs' contents and the defines. Contents, not times: every `tsc` run
 * rewrites dist/, which must not force a recompile when nothing changed.
 */
export function buildFingerprint(defines: Readonly<Record<string, string>> = {}): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(sorted(defines)));
  for (const f of inputFiles()) {
    h.update(relative(REPO_ROOT, f));
    h.update(readFileSync(f));
  }
  return h.digest('hex');
}

const BUILD_INFO = 'build-info.json';

/** True when pipeline.js and p4info.json exist and were compiled from exactly these inputs. */
export function isBuildFresh(buildDir: string, defines: Readonly<Record<string, string>> = {}): boolean {
  if (!existsSync(join(buildDir, 'pipeline.js')) || !existsSync(join(buildDir, 'p4info.json'))) return false;
  const info = readJson(join(buildDir, BUILD_INFO)) as { fingerprint?: unknown } | undefined;
  return info?.fingerprint === buildFingerprint(defines);
}

function sorted(r: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

interface CompilerApi {
  compileFile: (
    path: string,
    options: { target: 'tna'; includeDirs: string[]; defines: Record<string, string>; outDir: string },
    sink: unknown,
  ) => { pipeline?: { pipelineJs: string; pipelineDts?: string; p4info: unknown } } | undefined;
  DiagnosticSink: new () => { diagnostics: unknown[]; hasErrors(): boolean };
  renderDiagnostics?: (ds: unknown[], o: { color: boolean }) => string;
}

/** Loads the compiler's entry points; absent or broken → COMPILER_UNAVAILABLE naming the phase. */
async function loadCompiler(): Promise<Result<CompilerApi, 'COMPILER_UNAVAILABLE'>> {
  try {
    const compile = (await import('../compiler/compile.js')) as Partial<CompilerApi>;
    const diags = (await import('../compiler/diagnostics/index.js')) as Partial<CompilerApi>;
    if (typeof compile.compileFile !== 'function' || typeof diags.DiagnosticSink !== 'function')
      return err(
        'COMPILER_UNAVAILABLE',
        'the p4ts compile phase is not available: compiler/compile.ts exports no compileFile (code generation unfinished?)',
      );
    return ok({
      compileFile: compile.compileFile,
      DiagnosticSink: diags.DiagnosticSink,
      ...(typeof diags.renderDiagnostics === 'function' ? { renderDiagnostics: diags.renderDiagnostics } : {}),
    });
  } catch (e) {
    return err(
      'COMPILER_UNAVAILABLE',
      `the p4ts compile phase is not available (cannot load compiler/compile.js: ${(e as Error).message})`,
    );
  }
}

/**
 * Makes sure `buildDir` holds a fresh compile of p4/netmigrate.p4 for TNA. Writes into a
 * sibling temporary folder first and renames it, so a concurrent reader never sees half a build.
 */
export async function ensureNetMigrateBuild(o: BuildOptions = {}): Promise<Result<BuildOutcome, BuildErrorCode>> {
  const dir = resolve(o.buildDir ?? DEFAULT_BUILD_DIR);
  const defines = sorted(o.defines ?? {});
  const t0 = Date.now();
  const fingerprint = buildFingerprint(defines);
  if (o.force !== true && isBuildFresh(dir, defines)) return ok({ dir, compiled: false, ms: Date.now() - t0 });
  const compiler = await loadCompiler();
  if (!compiler.ok) return compiler;
  const sink = new compiler.value.DiagnosticSink();
  let result: ReturnType<CompilerApi['compileFile']>;
  try {
    result = compiler.value.compileFile(
      NETMIGRATE_SOURCE,
      { target: 'tna', includeDirs: [join(REPO_ROOT, 'p4', 'include')], defines, outDir: dir },
      sink,
    );
  } catch (e) {
    return err('COMPILE_FAILED', `p4ts compile p4/netmigrate.p4 crashed: ${(e as Error).message}`);
  }
  if (result?.pipeline === undefined) {
    const text =
      compiler.value.renderDiagnostics?.(sink.diagnostics, { color: false }) ??
      `${sink.diagnostics.length} diagnostics`;
    return err('COMPILE_FAILED', `p4ts compile p4/netmigrate.p4 reported errors:\n${text}`);
  }
  const tmp = `${dir}.tmp-${process.pid}`;
  try {
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    writeFileSync(join(tmp, 'pipeline.js'), result.pipeline.pipelineJs);
    if (result.pipeline.pipelineDts !== undefined)
      writeFileSync(join(tmp, 'pipeline.d.ts'), result.pipeline.pipelineDts);
    writeFileSync(join(tmp, 'p4info.json'), `${JSON.stringify(result.pipeline.p4info, null, 2)}\n`);
    writeFileSync(join(tmp, BUILD_INFO), `${JSON.stringify({ fingerprint, defines }, null, 2)}\n`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dirname(dir), { recursive: true });
    renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    return err('IO_ERROR', `cannot write ${dir}: ${(e as Error).message}`);
  }
  return ok({ dir, compiled: true, ms: Date.now() - t0 });
}
