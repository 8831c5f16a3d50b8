// The switch program an experiment runs: a build folder (pipeline.js + p4info.json) compiled
// with the p4ts compiler from p4/netmigrate.p4, or from any TNA program given with --program
// (e.g. a fetched copy of the NetMigrate artifact's kv_migration.p4), when it is missing or
// older than its inputs: every file the compile read, its defines, and the compiler itself.
// A program the compiler rejects is a coded error with its diagnostics: no fallback switch.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CompileResult, compileFile, DiagnosticSink, renderDiagnostics } from '../compiler/index.js';
import { err, ok, type Result } from '../runtime/result.js';

/** The repository root, from this module's place in dist/cluster/. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const NETMIGRATE_SOURCE = join(REPO_ROOT, 'p4', 'netmigrate.p4');
export const DEFAULT_BUILD_DIR = join(REPO_ROOT, 'build', 'netmigrate');

export type BuildErrorCode = 'COMPILE_FAILED' | 'IO_ERROR';

export interface BuildOptions {
  /** The P4 program (default p4/netmigrate.p4). */
  readonly program?: string;
  /** Where pipeline.js and p4info.json go (default build/<program name>, build/netmigrate for ours). */
  readonly buildDir?: string;
  /** Extra -D defines (e.g. NETMIGRATE_ARTIFACT_SIZES); a change forces a rebuild. */
  readonly defines?: Readonly<Record<string, string>>;
  /** Compile even when the build looks fresh. */
  readonly force?: boolean;
}

export interface BuildOutcome {
  readonly dir: string;
  /** The P4 program it was compiled from (absolute). */
  readonly program: string;
  /** False when the existing build was fresh. */
  readonly compiled: boolean;
  readonly ms: number;
}

/** What build-info.json records: enough to tell whether a rebuild would read the same inputs. */
interface BuildInfo {
  readonly program: string;
  readonly defines: Record<string, string>;
  readonly compiler: string;
  /** Every file the compile read (the program, its includes, the architecture files) → content hash. */
  readonly inputs: Record<string, string>;
  /** Include candidates it looked for and did not find (one appearing would change the build). */
  readonly absent: readonly string[];
}

const BUILD_INFO = 'build-info.json';
const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The build folder for a program: build/<program name> in the repository. */
export function defaultBuildDir(program: string): string {
  return resolve(program) === NETMIGRATE_SOURCE
    ? DEFAULT_BUILD_DIR
    : join(REPO_ROOT, 'build', basename(program, extname(program)));
}

/**
 * A digest of the compiler's own files (dist/compiler). Contents, not times: every `tsc` run
 * rewrites dist/, which must not force a recompile when nothing changed.
 */
function compilerFingerprint(): string {
  const h = createHash('sha256');
  const visit = (p: string) => {
    if (!existsSync(p)) return;
    if (statSync(p).isDirectory()) for (const e of readdirSync(p).sort()) visit(join(p, e));
    else if (p.endsWith('.js')) {
      h.update(relative(REPO_ROOT, p));
      h.update(readFileSync(p));
    }
  };
  visit(join(REPO_ROOT, 'dist', 'compiler'));
  return h.digest('hex');
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

function hashOf(path: string): string | undefined {
  try {
    return sha(readFileSync(path));
  } catch {
    return undefined;
  }
}

/**
 * True when pipeline.js and p4info.json exist and were compiled from this program with these
 * defines, by this compiler, from files that have not changed since.
 */
export function isBuildFresh(
  buildDir: string,
  defines: Readonly<Record<string, string>> = {},
  program: string = NETMIGRATE_SOURCE,
): boolean {
  if (!existsSync(join(buildDir, 'pipeline.js')) || !existsSync(join(buildDir, 'p4info.json'))) return false;
  const info = readJson(join(buildDir, BUILD_INFO)) as Partial<BuildInfo> | undefined;
  if (info?.program !== resolve(program) || info.inputs === undefined || info.absent === undefined) return false;
  if (JSON.stringify(info.defines) !== JSON.stringify(sorted(defines))) return false;
  if (info.compiler !== compilerFingerprint()) return false;
  return (
    Object.entries(info.inputs).every(([path, hash]) => hashOf(path) === hash) &&
    info.absent.every((path) => !existsSync(path))
  );
}

/**
 * Makes sure the build folder holds a fresh compile of the program for TNA. Writes into a
 * sibling temporary folder first and renames it, so a concurrent reader never sees half a build.
 */
export async function ensureProgramBuild(o: BuildOptions = {}): Promise<Result<BuildOutcome, BuildErrorCode>> {
  const program = resolve(o.program ?? NETMIGRATE_SOURCE);
  const dir = resolve(o.buildDir ?? defaultBuildDir(program));
  const defines = sorted(o.defines ?? {});
  const t0 = Date.now();
  if (o.force !== true && isBuildFresh(dir, defines, program))
    return ok({ dir, program, compiled: false, ms: Date.now() - t0 });
  const name = relative(process.cwd(), program) || program;
  if (!existsSync(program)) return err('IO_ERROR', `no P4 program ${name}`);
  const inputs: Record<string, string> = {};
  const absent = new Set<string>();
  const readFile = (path: string): string | undefined => {
    const full = resolve(path);
    try {
      const data = readFileSync(full);
      inputs[full] = sha(data);
      return data.toString('utf8');
    } catch {
      absent.add(full);
      return undefined;
    }
  };
  const sink = new DiagnosticSink();
  let result: CompileResult | undefined;
  try {
    result = compileFile(program, { target: 'tna', defines, outDir: dir, readFile }, sink);
  } catch (e) {
    return err('COMPILE_FAILED', `p4ts compile ${name} crashed: ${(e as Error).message}`);
  }
  if (result?.pipeline === undefined) {
    const errors = sink.diagnostics.filter((d) => d.severity === 'error');
    return err(
      'COMPILE_FAILED',
      `p4ts compile ${name} reported errors:\n${renderDiagnostics(errors, { color: false })}`,
    );
  }
  const info: BuildInfo = {
    program,
    defines,
    compiler: compilerFingerprint(),
    inputs,
    absent: [...absent].filter((p) => inputs[p] === undefined).sort(),
  };
  const tmp = `${dir}.tmp-${process.pid}`;
  try {
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    writeFileSync(join(tmp, 'pipeline.js'), result.pipeline.pipelineJs);
    if (result.pipeline.pipelineDts !== undefined)
      writeFileSync(join(tmp, 'pipeline.d.ts'), result.pipeline.pipelineDts);
    writeFileSync(join(tmp, 'p4info.json'), `${JSON.stringify(result.pipeline.p4info, null, 2)}\n`);
    writeFileSync(join(tmp, BUILD_INFO), `${JSON.stringify(info, null, 2)}\n`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dirname(dir), { recursive: true });
    renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    return err('IO_ERROR', `cannot write ${dir}: ${(e as Error).message}`);
  }
  return ok({ dir, program, compiled: true, ms: Date.now() - t0 });
}

/** p4/netmigrate.p4, our own program (the default switch of every run). */
export function ensureNetMigrateBuild(o: Omit<BuildOptions, 'program'> = {}) {
  return ensureProgramBuild(o);
}
