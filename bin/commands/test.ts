// `p4ts test PROGRAM.p4 [TEST.stf] | TEST.stf (its program lines name the programs) [--target tna|tofino2|v1model|psa] [-I DIR]... [-D N[=V]]...
// [--json] [--trace FILE]`: compiles the program in process, runs the STF packet test against
// it (TEST defaults to PROGRAM.stf beside it) and prints one line per failed expectation and a
// summary. Exit 0 every expectation holds, 1 the program does not compile, 2 usage or I/O
// error (including a malformed STF file), 3 an expectation failed.

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { DiagnosticSink } from '../../compiler/diagnostics/index.js';
import type { Target } from '../../compiler/preprocess/index.js';
import type { StfFile } from '../../packet-test/stf/commands.js';
import { type CompiledForTest, compileForTest } from '../../packet-test/stf/load.js';
import { parseStf } from '../../packet-test/stf/parse.js';
import { formatParseErrors, formatStfResult, stfResultJson } from '../../packet-test/stf/report.js';
import { runStf, type StfProgram, type StfResult } from '../../packet-test/stf/runner.js';
import { PortCapture } from '../../runtime/ports/pcap-writer.js';
import { JsonLinesTraceSink } from '../../runtime/trace/json-lines.js';
import { EXIT_OK, EXIT_PROGRAM_ERRORS, EXIT_USAGE, parseDefines, printDiagnostics } from '../cli-common.js';

export const EXIT_EXPECTATION_FAILED = 3;

export interface TestArgs {
  program: string;
  stf?: string;
  target?: Target;
  I?: string[];
  D?: string[];
  json?: boolean;
  trace?: string;
  pcap?: string;
  verbose?: boolean;
  'target-checks'?: boolean;
  'disable-parse-depth-limit'?: boolean;
  'strict-fit'?: boolean;
}

/** The run as a pcap set, as `p4ts switch --pcap` writes one: what went in and what came out, per port. */
async function writeCaptures(dir: string, stf: StfFile, outputs: StfResult['outputs']): Promise<string | undefined> {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    return (e as Error).message;
  }
  const capture = new PortCapture(dir);
  // Timestamps: one microsecond apart in file order, so captures of two runs line up.
  let t = 0;
  const outsByLine = new Map<number, StfResult['outputs'][number][]>();
  for (const o of outputs) outsByLine.set(o.line, [...(outsByLine.get(o.line) ?? []), o]);
  for (const c of stf.commands) {
    if (c.cmd !== 'packet') continue;
    capture.write(c.port, 'in', c.data, ++t);
    for (const o of outsByLine.get(c.line) ?? []) capture.write(o.port, 'out', o.frame, ++t);
  }
  const errors = await capture.close();
  return errors[0]?.message;
}

/** Reads and parses an STF file; undefined (the error printed) when it cannot. */
function readStf(stfPath: string): StfFile | undefined {
  let text: string;
  try {
    text = readFileSync(stfPath, 'utf8');
  } catch (e) {
    process.stderr.write(
      `p4ts test: cannot read ${stfPath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`,
    );
    return undefined;
  }
  const stf = parseStf(text, stfPath);
  if (stf.errors.length > 0) {
    process.stderr.write(`${formatParseErrors(stfPath, stf.errors)}\n`);
    return undefined;
  }
  return stf;
}

/** A `program` line's PATH: beside the STF file, else in each -I folder in turn. */
function programPath(path: string, stfPath: string, includeDirs: readonly string[]): string | undefined {
  if (isAbsolute(path)) return existsSync(path) ? path : undefined;
  return [dirname(stfPath), ...includeDirs].map((d) => join(d, path)).find((f) => existsSync(f));
}

export async function runTest(args: TestArgs): Promise<number> {
  // `p4ts test TEST.stf`: the STF names its programs (`program` lines, docs/stf.md).
  const stfOnly = args.program.endsWith('.stf') && args.stf === undefined;
  const stfPath = stfOnly ? args.program : (args.stf ?? args.program.replace(/\.p4$/, '') + '.stf');
  if (!existsSync(args.program)) {
    process.stderr.write(`p4ts test: ${args.program}: no such file\n`);
    return EXIT_USAGE;
  }
  if (args.program.endsWith('.stf') && !stfOnly) {
    process.stderr.write(
      `p4ts test: ${args.program} is an STF file: name the P4 program first (p4ts test PROGRAM.p4 TEST.stf)\n`,
    );
    return EXIT_USAGE;
  }
  const stf = readStf(stfPath);
  if (stf === undefined) return EXIT_USAGE;
  const programLines = stf.commands.filter((c) => c.cmd === 'program');
  if (stfOnly && programLines.length === 0) {
    process.stderr.write(
      `p4ts test: ${stfPath} names no program: name the P4 program first (p4ts test PROGRAM.p4 ${stfPath}), or give the STF program lines\n`,
    );
    return EXIT_USAGE;
  }
  if (!stfOnly && programLines.length > 0) {
    process.stderr.write(
      `p4ts test: ${stfPath} loads its own programs (line ${programLines[0]?.line}): run it as p4ts test ${stfPath}\n`,
    );
    return EXIT_USAGE;
  }
  const sources: { name?: string; file: string; pipes?: readonly number[] }[] = [];
  for (const c of programLines) {
    const file = programPath(c.path, stfPath, args.I ?? []);
    if (file === undefined) {
      process.stderr.write(
        `${stfPath}:${c.line}: error: program ${c.name}: ${c.path} not found beside the STF file or in any -I folder\n`,
      );
      return EXIT_USAGE;
    }
    sources.push({ name: c.name, file, pipes: c.pipes });
  }
  if (sources.length === 0) sources.push({ file: args.program });
  const compiledPrograms: (StfProgram & CompiledForTest)[] = [];
  for (const src of sources) {
    const sink = new DiagnosticSink();
    const compiled = await compileForTest(
      src.file,
      {
        includeDirs: args.I ?? [],
        defines: parseDefines(args.D),
        targetChecks: args['target-checks'] !== false,
        parseDepthLimit: args['disable-parse-depth-limit'] !== true,
        strictFit: args['strict-fit'] === true,
        ...(args.target === undefined ? {} : { target: args.target }),
      },
      sink,
    );
    printDiagnostics(sink.diagnostics, 'text');
    if (compiled === undefined) return sink.diagnostics.some((d) => d.code === 1) ? EXIT_USAGE : EXIT_PROGRAM_ERRORS;
    if (!compiled.ok) {
      process.stderr.write(`p4ts test: ${src.name === undefined ? '' : `program ${src.name}: `}${compiled.message}\n`);
      return EXIT_PROGRAM_ERRORS;
    }
    compiledPrograms.push({ ...compiled.value, name: src.name ?? '', pipes: src.pipes ?? [] });
  }
  const compiled = { value: compiledPrograms[0] as StfProgram & CompiledForTest };
  const trace = args.trace === undefined ? undefined : new JsonLinesTraceSink(args.trace);
  const result = runStf(stf, {
    module: compiled.value.module,
    headers: compiled.value.headers,
    keyMasks: compiled.value.keyMasks,
    sliceBaseWidths: compiled.value.sliceBaseWidths,
    ...(trace === undefined ? {} : { trace }),
    ...(programLines.length > 0 ? { programs: compiledPrograms } : {}),
  });
  const traceError = await trace?.close();
  if (traceError !== undefined) {
    process.stderr.write(`p4ts test: cannot write ${args.trace}: ${traceError.message}\n`);
    return EXIT_USAGE;
  }
  if ('error' in result) {
    process.stderr.write(`p4ts test: ${result.error}\n`);
    return EXIT_PROGRAM_ERRORS;
  }
  if (args.pcap !== undefined) {
    const e = await writeCaptures(args.pcap, stf, result.outputs);
    if (e !== undefined) {
      process.stderr.write(`p4ts test: cannot write ${args.pcap}: ${e}\n`);
      return EXIT_USAGE;
    }
  }
  if (args.json === true) process.stdout.write(`${JSON.stringify(stfResultJson(result), null, 2)}\n`);
  else process.stdout.write(`${formatStfResult(result, { verbose: args.verbose === true })}\n`);
  return result.failures.length === 0 ? EXIT_OK : EXIT_EXPECTATION_FAILED;
}

export const testCommand: CommandModule<object, TestArgs> = {
  command: 'test <program> [stf]',
  describe: 'compile a P4 program and run an STF packet test against it (exit 3 when an expectation fails)',
  builder: (y: Argv<object>) =>
    y
      .positional('program', {
        type: 'string',
        describe: 'the P4_16 program (or an STF file whose program lines load several programs)',
        demandOption: true,
      })
      .positional('stf', { type: 'string', describe: 'the STF file (default: PROGRAM.stf beside the program)' })
      // nargs 1: `-I DIR PROGRAM.p4` must leave PROGRAM.p4 to the positional.
      .option('I', { type: 'string', array: true, nargs: 1, describe: 'add DIR to the include search path' })
      .option('D', { type: 'string', array: true, nargs: 1, describe: 'define macro NAME[=VALUE]' })
      .option('target', {
        choices: ['tna', 'tofino2', 'v1model', 'psa'] as const,
        describe: 'the architecture (default: from the includes)',
      })
      .option('json', { type: 'boolean', describe: 'write the report as JSON on stdout' })
      .option('trace', { type: 'string', describe: 'write the per-packet trace (JSON lines) to FILE' })
      .option('pcap', {
        type: 'string',
        describe: 'write the packets in and out as DIR/port<N>-<in|out>.pcap (for p4ts diff)',
      })
      .option('verbose', { alias: 'v', type: 'boolean', describe: 'also print what register_read and the like read' })
      .option('target-checks', {
        type: 'boolean',
        default: true,
        describe: "check the target's resource rules; --no-target-checks runs any valid P4",
      })
      .option('disable-parse-depth-limit', {
        type: 'boolean',
        describe: "bf-p4c's option of the same name: do not check Tofino 1's egress parse depth",
      })
      .option('strict-fit', {
        type: 'boolean',
        describe:
          "reject a Tofino program whenever p4ts's own placement overflows, also where only its estimates do and bf-p4c may fit it (warnings 4007-4009)",
      }) as unknown as Argv<TestArgs>,
  handler: async (args) => {
    process.exitCode = await runTest(args);
  },
};
