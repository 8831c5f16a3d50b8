// The whole compiler as one call: preprocess and parse, check, lower to the IR, run the mid
// end's passes, plan for Tofino, generate the pipeline module. Each phase runs only if the
// ones before it reported no errors (a tree with syntax errors is never checked). The target is the option's, else the architecture the
// program includes (tna.p4 → tna, v1model.p4 → v1model).

import { readFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkProgram } from './check/index.js';
import { type GeneratedPipeline, generatePipeline } from './codegen/index.js';
import { CodegenMessages } from './codegen/messages.js';
import type { DiagnosticSink } from './diagnostics/diagnostic.js';
import { type FrontEndOptions, parseFile } from './frontend.js';
import { lowerToIr } from './ir/index.js';
import type * as Ir from './ir/nodes.js';
import { runMidend } from './midend/index.js';
import type * as Ast from './parser/ast.js';
import type { Target } from './preprocess/index.js';
import { planTofino, type ResourceMap, type StagePlan } from './targets/tofino/index.js';

export interface CompileOptions {
  readonly target?: Target;
  readonly includeDirs?: readonly string[];
  readonly defines?: Readonly<Record<string, string>>;
  readonly undefines?: readonly string[];
  /** Stop after the type checker (`p4ts check`). */
  readonly checkOnly?: boolean;
  /** The specifier pipeline.js imports the runtime from; default: relative to `outDir`. */
  readonly runtimeImport?: string;
  /** Where pipeline.js will be written (to make the runtime import relative). */
  readonly outDir?: string;
  readonly readFile?: (path: string) => string | undefined;
  /** Run the target's resource checks (Tofino stages, stateful ALUs); default true. */
  readonly targetChecks?: boolean;
  /**
   * false: bf-p4c's `--disable-parse-depth-limit` (Tofino 1's egress parse depth not checked;
   * docs/tofino-resources.md "Parse depth"). A program can ask for it itself with
   * `@command_line("--disable-parse-depth-limit")`, as bf-p4c reads it.
   */
  readonly parseDepthLimit?: boolean;
  /** `--strict-fit`: Tofino overflows of p4ts's estimates are errors (docs/tofino-resources.md). */
  readonly strictFit?: boolean;
  /** Print the IR after this mid-end pass (or `lowered`) through `dumpIr` (compiler/midend). */
  readonly dumpIrAfter?: string;
  readonly dumpIr?: (text: string) => void;
}

/** What `checkFile` gives: the program checked (target checks included), without code. */
export interface CheckResult {
  readonly program: string;
  readonly target: Target;
  readonly ir: Ir.Program;
  /** Where every table, gateway and register landed (Tofino targets, unless targetChecks is false). */
  readonly resources?: ResourceMap;
}

export interface CompileResult {
  readonly program: string;
  readonly target: Target;
  readonly ir: Ir.Program;
  /** Absent with `checkOnly`. */
  readonly pipeline?: GeneratedPipeline;
  /** Where every table, gateway and register landed (Tofino targets, unless targetChecks is false). */
  readonly resources?: ResourceMap;
}

/** This module's dist/ location: dist/compiler/compile.js → dist/runtime/index.js. */
export const RUNTIME_INDEX = join(dirname(fileURLToPath(import.meta.url)), '..', 'runtime', 'index.js');

export function compilerVersion(): string {
  try {
    const pkg = JSON.parse(
      readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json'), 'utf8'),
    );
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** The specifier a module in `outDir` uses to import the runtime. */
export function runtimeImportFrom(outDir: string): string {
  const rel = relative(outDir, RUNTIME_INDEX).split('\\').join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** bf-p4c's options that turn its parse-depth limit off (all of it, the maximum, the minimum). */
const PARSE_DEPTH_OFF = /^"--disable-parse-(max-)?depth-limit"$/;

/**
 * Whether a `@command_line(...)` annotation anywhere at the top level passes one of bf-p4c's
 * options that turn the maximum parse depth off: bf-p4c reads that annotation's strings as
 * command-line options (its own tests use it this way).
 */
export function commandLineDisablesParseDepth(program: Ast.Program): boolean {
  return program.declarations.some((d) =>
    ('annotations' in d ? d.annotations : []).some(
      (a) => a.name.name === 'command_line' && a.tokens.some((t) => PARSE_DEPTH_OFF.test(t.text)),
    ),
  );
}

const ARCH_INCLUDE = /^\s*#\s*include\s*[<"](?:bmv2\/|dpdk\/)?(tna|t2na|v1model|psa)\.p4[>"]/gm;

/**
 * The architecture a program's own includes name. A program written for both Tofinos
 * (`#if __TARGET_TOFINO__ == 2 #include <t2na.p4> #else #include <tna.p4>`) names both: it is
 * compiled for Tofino 1, whose predefines make the preprocessor take tna.p4.
 */
export function targetFromText(text: string | undefined): Target | undefined {
  if (text === undefined) return undefined;
  const named = [...text.matchAll(ARCH_INCLUDE)].map((m) => m[1] as string);
  if (named.length === 0) return undefined;
  if (named.includes('tna')) return 'tna';
  const first = named[0] as string;
  return first === 't2na' ? 'tofino2' : (first as Target);
}

export function programName(path: string): string {
  return basename(path, extname(path));
}

/**
 * Preprocesses, parses, checks and (for TNA) generates the pipeline module of the program at
 * `path`. Every problem goes to `sink`; undefined when there were errors.
 */
export function compileFile(path: string, options: CompileOptions, sink: DiagnosticSink): CompileResult | undefined {
  let rootText: string | undefined;
  try {
    rootText = options.readFile?.(path) ?? readFileSync(path, 'utf8');
  } catch {
    rootText = undefined;
  }
  let target = options.target ?? targetFromText(rootText);
  const fe: FrontEndOptions = {
    includeDirs: options.includeDirs ?? [],
    defines: options.defines ?? {},
    undefines: options.undefines ?? [],
    ...(target === undefined ? {} : { target }),
    ...(options.readFile === undefined ? {} : { readFile: options.readFile }),
  };
  const unit = parseFile(path, fe, sink);
  if (unit === undefined || sink.hasErrors()) return undefined;
  if (target === undefined) {
    const names = unit.source.files.map((f) => basename(f.path));
    target = names.includes('v1model.p4') ? 'v1model' : names.includes('psa.p4') ? 'psa' : 'tna';
  }
  const checked = checkProgram(unit.program, sink);
  if (sink.hasErrors()) return undefined;
  const ir = runMidend(lowerToIr(checked), sink, {
    ...(options.dumpIrAfter === undefined ? {} : { dumpAfter: options.dumpIrAfter }),
    ...(options.dumpIr === undefined ? {} : { dump: options.dumpIr }),
  });
  if (sink.hasErrors()) return undefined;
  const program = programName(path);
  let resources: ResourceMap | undefined;
  let stagePlans: StagePlan[] | undefined;
  // A PSA program compiled for Tofino (bf-p4c's way) gets Tofino's psa.p4 types, and runs on
  // the PSA engine: Tofino's stage allocation is for TNA programs.
  const psaMain = ir.main?.packageType === 'PSA_Switch';
  if (options.targetChecks !== false && (target === 'tna' || target === 'tofino2') && !psaMain) {
    const parseDepthLimit = options.parseDepthLimit !== false && !commandLineDisablesParseDepth(unit.program);
    const planned = planTofino(ir, sink, {
      model: target === 'tofino2' ? 'tofino2' : 'tofino',
      parseDepthLimit,
      strictFit: options.strictFit === true,
    });
    resources = planned.resources;
    stagePlans = planned.plans;
    if (sink.hasErrors()) return undefined;
  }
  const checkedResult = { program, target, ir, ...(resources === undefined ? {} : { resources }) };
  if (options.checkOnly === true) return checkedResult;
  // Tofino 2 programs run on the TNA engine: the differences (prefix sizes, true egress
  // accounting) come from the program's own t2na.p4 types (docs/tna-semantics.md).
  if (target !== 'tna' && target !== 'tofino2' && target !== 'v1model' && target !== 'psa') {
    sink.report(CodegenMessages.targetMismatch, ir.main?.span ?? { start: 0, end: 0 }, target);
    return undefined;
  }
  const runtimeImport = options.runtimeImport ?? runtimeImportFrom(options.outDir ?? join('build', program));
  const pipeline = generatePipeline(
    ir,
    {
      program,
      runtimeImport,
      compilerVersion: compilerVersion(),
      source: basename(path),
      ...(stagePlans === undefined ? { noStagePlan: 'no stage allocation: --no-target-checks' } : { stagePlans }),
      describeOptions: JSON.stringify({
        target,
        ...(options.defines !== undefined && Object.keys(options.defines).length > 0
          ? { defines: options.defines }
          : {}),
      }),
    },
    sink,
  );
  if (pipeline === undefined || sink.hasErrors()) return undefined;
  const placed = resources === undefined ? {} : { resources: { ...resources, execution: pipeline.execution } };
  return { ...checkedResult, ...placed, pipeline };
}

/** `p4ts check`: the front end, the checker and the target's checks, no code generation. */
export function checkFile(
  path: string,
  options: Omit<CompileOptions, 'checkOnly' | 'runtimeImport' | 'outDir'>,
  sink: DiagnosticSink,
): CheckResult | undefined {
  const r = compileFile(path, { ...options, checkOnly: true }, sink);
  return r === undefined
    ? undefined
    : {
        program: r.program,
        target: r.target,
        ir: r.ir,
        ...(r.resources === undefined ? {} : { resources: r.resources }),
      };
}
