#!/usr/bin/env node
// The p4ts command line (thin: parse arguments, call the compiler, render, exit).
// Contract: diagnostics on stderr as FILE:LINE:COL; exit 0 no errors, 1 program errors,
// 2 usage or I/O error, 70 internal error.

import { writeFileSync } from 'node:fs';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { DiagnosticSink } from '../compiler/diagnostics/index.js';
import { parseFile } from '../compiler/frontend.js';
import { printP4 } from '../compiler/parser/index.js';
import type { Target } from '../compiler/preprocess/index.js';
import {
  type DiagnosticsFormat,
  EXIT_OK,
  EXIT_PROGRAM_ERRORS,
  EXIT_USAGE,
  parseDefines,
  printDiagnostics,
  programOptions,
  runGuarded,
  splitAttachedOptions,
} from './cli-common.js';
import { checkCommand, compileCommand, resourcesCommand, runCompile, runResources } from './commands/compile.js';
import { ctlCommand, runCtl } from './commands/ctl.js';
import { diffCommand, runDiff } from './commands/diff.js';
import { runSwitch, switchCommand } from './commands/switch.js';
import { runTest, testCommand } from './commands/test.js';

function frontEndOptions<T>(y: Argv<T>) {
  return programOptions(y, "predefine the target's macros (__TARGET_TOFINO__, …)").option('diagnostics-format', {
    choices: ['text', 'json'] as const,
    default: 'text' as const,
  });
}

interface FrontEndArgs {
  file: string;
  I?: string[];
  D?: string[];
  U?: string[];
  target?: Target;
  'diagnostics-format': DiagnosticsFormat;
}

function runParse(args: FrontEndArgs & { print?: boolean; 'dump-ast'?: boolean; output?: string }): number {
  const sink = new DiagnosticSink();
  const unit = parseFile(
    args.file,
    {
      includeDirs: args.I ?? [],
      defines: parseDefines(args.D),
      undefines: args.U ?? [],
      ...(args.target === undefined ? {} : { target: args.target }),
    },
    sink,
  );
  printDiagnostics(sink.diagnostics, args['diagnostics-format']);
  if (unit === undefined) return EXIT_USAGE;
  if (sink.hasErrors()) return EXIT_PROGRAM_ERRORS;
  let out: string | undefined;
  if (args['dump-ast'] === true)
    out = `${JSON.stringify(unit.program, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`;
  else if (args.print === true) out = printP4(unit.program);
  if (out !== undefined) {
    if (args.output === undefined) process.stdout.write(out);
    else writeFileSync(args.output, out);
  }
  return EXIT_OK;
}

/** Bad arguments: yargs has printed the usage; we print the reason and exit 2. */
class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  let exitCode = EXIT_OK;
  try {
    await parseCommandLine(argv, (code) => {
      exitCode = code;
    });
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`\np4ts: ${e.message}\n`);
    return EXIT_USAGE;
  }
  return exitCode;
}

async function parseCommandLine(argv: string[], setExitCode: (code: number) => void): Promise<void> {
  await yargs(argv)
    .scriptName('p4ts')
    .usage('$0 <command> [options]\n\nA P4_16 compiler and software switch for Tofino (TNA) and v1model programs.')
    .command(
      'parse <file>',
      'preprocess and parse a P4_16 program; report syntax errors',
      (y) =>
        frontEndOptions(y)
          .option('print', { type: 'boolean', describe: 'write the program back out as P4' })
          .option('dump-ast', { type: 'boolean', describe: 'write the AST as JSON' })
          .option('output', { alias: 'o', type: 'string', describe: 'write --print/--dump-ast output to FILE' })
          .conflicts('print', 'dump-ast'),
      async (args) => {
        setExitCode(await runGuarded(() => runParse(args as unknown as FrontEndArgs)));
      },
    )
    .command({ ...checkCommand, handler: async (a) => setExitCode(await runGuarded(() => runCompile(a, true))) })
    .command({ ...compileCommand, handler: async (a) => setExitCode(await runGuarded(() => runCompile(a))) })
    .command({ ...resourcesCommand, handler: async (a) => setExitCode(await runGuarded(() => runResources(a))) })
    .command({ ...switchCommand, handler: async (a) => setExitCode(await runGuarded(() => runSwitch(a))) })
    .command({ ...ctlCommand, handler: async (a) => setExitCode(await runGuarded(() => runCtl(a))) })
    .command({ ...testCommand, handler: async (a) => setExitCode(await runGuarded(() => runTest(a))) })
    .command({ ...diffCommand, handler: async (a) => setExitCode(await runGuarded(() => runDiff(a))) })
    .demandCommand(1, 'Name a command (see the list above).')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .fail((message, error, y) => {
      if (error !== undefined && error !== null) throw error;
      y.showHelp((s: string) => process.stderr.write(`${s}\n`));
      throw new UsageError(message);
    })
    .parseAsync();
}

main(splitAttachedOptions(hideBin(process.argv))).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`p4ts: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 70;
  },
);
