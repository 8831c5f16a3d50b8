// `p4ts compile FILE [--target tna] [-I DIR]... [-D N[=V]]... [-o DIR]`: the whole compiler;
// writes DIR/pipeline.js, DIR/pipeline.d.ts and DIR/p4info.json (DIR defaults to
// build/<program name>). `p4ts check FILE [--target …]`: the front end and the type checker
// only. Both print diagnostics on stderr; exit 0 (no errors), 1 (program errors), 2 (usage or
// I/O error).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { compileFile, programName } from '../../compiler/compile.js';
import { DiagnosticSink } from '../../compiler/diagnostics/index.js';
import { DUMP_POINTS } from '../../compiler/midend/index.js';
import type { Target } from '../../compiler/preprocess/index.js';
import { formatResources, type GressExecution, resourcesJson } from '../../compiler/targets/tofino/index.js';
import { headerLayoutsOf } from '../../packet-test/stf/decode.js';
import {
  type DiagnosticsFormat,
  EXIT_OK,
  EXIT_PROGRAM_ERRORS,
  EXIT_USAGE,
  parseDefines,
  printDiagnostics,
  programOptions,
} from '../cli-common.js';

export interface CompileArgs {
  file: string;
  I?: string[];
  D?: string[];
  U?: string[];
  target?: Target;
  output?: string;
  quiet?: boolean;
  'target-checks'?: boolean;
  'disable-parse-depth-limit'?: boolean;
  'strict-fit'?: boolean;
  'diagnostics-format'?: DiagnosticsFormat;
  'dump-ir-after'?: string;
}

function options<T>(y: Argv<T>) {
  return programOptions(y, 'the architecture (default: from the includes)')
    .option('target-checks', {
      type: 'boolean',
      default: true,
      describe:
        "check the target's resource rules (Tofino stages, stateful ALUs); --no-target-checks runs any valid P4 on the emulator",
    })
    .option('disable-parse-depth-limit', {
      type: 'boolean',
      describe:
        'bf-p4c\'s option of the same name: do not check Tofino 1\'s egress parse depth (160 bytes; the program may also say @command_line("--disable-parse-depth-limit"))',
    })
    .option('strict-fit', {
      type: 'boolean',
      describe:
        "reject a Tofino program whenever p4ts's own placement overflows, also where only its estimates do and bf-p4c may fit it (warnings 4007-4009)",
    })
    .option('diagnostics-format', { choices: ['text', 'json'] as const, default: 'text' as const });
}

/** Runs `p4ts compile` (or `p4ts check` with checkOnly); returns the exit code. */
export function runCompile(args: CompileArgs, checkOnly = false): number {
  const sink = new DiagnosticSink();
  const outDir = args.output ?? join('build', programName(args.file));
  const r = compileFile(
    args.file,
    {
      includeDirs: args.I ?? [],
      defines: parseDefines(args.D),
      undefines: args.U ?? [],
      checkOnly,
      outDir,
      targetChecks: args['target-checks'] !== false,
      parseDepthLimit: args['disable-parse-depth-limit'] !== true,
      strictFit: args['strict-fit'] === true,
      ...(args.target === undefined ? {} : { target: args.target }),
      ...(args['dump-ir-after'] === undefined
        ? {}
        : { dumpIrAfter: args['dump-ir-after'], dumpIr: (text: string) => process.stdout.write(text) }),
    },
    sink,
  );
  printDiagnostics(sink.diagnostics, args['diagnostics-format'] ?? 'text');
  if (r === undefined) return sink.diagnostics.some((d) => d.code === 1) ? EXIT_USAGE : EXIT_PROGRAM_ERRORS;
  if (checkOnly || r.pipeline === undefined) return sink.hasErrors() ? EXIT_PROGRAM_ERRORS : EXIT_OK;
  try {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'pipeline.js'), r.pipeline.pipelineJs);
    writeFileSync(join(outDir, 'pipeline.d.ts'), r.pipeline.pipelineDts);
    writeFileSync(join(outDir, 'p4info.json'), `${JSON.stringify(r.pipeline.p4info, null, 2)}\n`);
    // Header layouts, so `p4ts diff --program DIR` can name the field a difference falls in.
    writeFileSync(join(outDir, 'headers.json'), `${JSON.stringify(headerLayoutsOf(r.ir))}\n`);
    if (r.resources !== undefined) writeFileSync(join(outDir, 'resources.json'), resourcesJson(r.resources));
  } catch (e) {
    process.stderr.write(`p4ts compile: cannot write ${outDir}: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
  if (args.quiet !== true) {
    process.stdout.write(`${compileSummary(args.file, outDir, r.pipeline)}\n`);
    if (r.pipeline.execution.length > 0) process.stdout.write(`${executionSummary(r.pipeline.execution)}\n`);
  }
  return EXIT_OK;
}

/** One line for a person: what was written and what the program holds. */
function compileSummary(file: string, outDir: string, pipeline: { pipelineJs: string; p4info: object }): string {
  const info = pipeline.p4info as Record<string, unknown>;
  const count = (key: string) => {
    const n = Array.isArray(info[key]) ? (info[key] as unknown[]).length : 0;
    return `${n} ${n === 1 ? key.slice(0, -1) : key}`;
  };
  const kb = (pipeline.pipelineJs.length / 1024).toFixed(0);
  const parts = [count('tables'), count('actions'), count('registers'), count('digests')];
  return `p4ts: compiled ${file} -> ${outDir}/pipeline.js (${kb} KB) and p4info.json: ${parts.join(', ')}`;
}

/** `p4ts: ingress runs in stage order (10 stages); egress in program order (why)`. */
function executionSummary(execution: readonly GressExecution[]): string {
  const parts = execution.map((e) =>
    e.order === 'stage'
      ? `${e.gress} runs in stage order (${e.stages} stage${e.stages === 1 ? '' : 's'})`
      : `${e.gress} runs in program order (${e.reason})`,
  );
  return `p4ts: ${parts.join('; ')}`;
}

/** Runs `p4ts resources`: the checks up to the target's, then the stage-by-stage table. */
export function runResources(args: CompileArgs): number {
  const sink = new DiagnosticSink();
  const r = compileFile(
    args.file,
    {
      includeDirs: args.I ?? [],
      defines: parseDefines(args.D),
      undefines: args.U ?? [],
      checkOnly: true,
      parseDepthLimit: args['disable-parse-depth-limit'] !== true,
      strictFit: args['strict-fit'] === true,
      ...(args.target === undefined ? {} : { target: args.target }),
    },
    sink,
  );
  printDiagnostics(sink.diagnostics, args['diagnostics-format'] ?? 'text');
  if (r === undefined) return sink.diagnostics.some((d) => d.code === 1) ? EXIT_USAGE : EXIT_PROGRAM_ERRORS;
  if (r.resources === undefined) {
    process.stderr.write(`p4ts resources: no resource model for target '${r.target}' (Tofino targets only)\n`);
    return EXIT_USAGE;
  }
  process.stdout.write(`${formatResources(r.resources)}\n`);
  return EXIT_OK;
}

export const resourcesCommand: CommandModule<object, CompileArgs> = {
  command: 'resources <file>',
  describe: 'print where each table, gateway and register lands on Tofino, stage by stage',
  builder: (y: Argv<object>) => options(y) as unknown as Argv<CompileArgs>,
  handler: (args) => {
    process.exitCode = runResources(args);
  },
};

export const compileCommand: CommandModule<object, CompileArgs> = {
  command: 'compile <file>',
  describe: 'compile a TNA program to DIR/pipeline.js and DIR/p4info.json for p4ts switch',
  builder: (y: Argv<object>) =>
    options(y)
      .option('quiet', { alias: 'q', type: 'boolean', describe: 'print nothing on success' })
      .option('output', {
        alias: 'o',
        type: 'string',
        describe: 'output directory (default build/<program name>)',
        requiresArg: true,
      })
      .option('dump-ir-after', {
        type: 'string',
        choices: DUMP_POINTS,
        describe: 'print the IR (P4-like text) on stdout after this mid-end pass; `lowered` is before the first',
        requiresArg: true,
      }) as unknown as Argv<CompileArgs>,
  handler: (args) => {
    process.exitCode = runCompile(args);
  },
};

export const checkCommand: CommandModule<object, CompileArgs> = {
  command: 'check <file>',
  describe: 'preprocess, parse and type-check a P4_16 program; report every error',
  builder: (y: Argv<object>) => options(y) as unknown as Argv<CompileArgs>,
  handler: (args) => {
    process.exitCode = runCompile(args, true);
  },
};
