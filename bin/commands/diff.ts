// `p4ts diff A B [--program P.p4|BUILD_DIR] [--ignore FIELD|bytes:OFF[:LEN]]... [--json]`:
// compares two runs packet by packet per port (each side a pcap directory, one pcap, or a
// p4ts trace); prints the first divergence per port, decoded with the program's headers when
// one is given, and a summary. Exit 0 the same, 3 they differ, 1 the program does not
// compile, 2 usage or I/O error. docs/diffing.md shows how to capture both sides.

import { statSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { DiagnosticSink } from '../../compiler/diagnostics/index.js';
import type { Target } from '../../compiler/preprocess/index.js';
import { type Direction, loadCaptureSide } from '../../packet-test/diff/capture.js';
import { diffCaptures, diffIsClean, formatDiff, type IgnoreSpec } from '../../packet-test/diff/compare.js';
import { HeaderPlacer } from '../../packet-test/stf/decode.js';
import { compileForTest, loadBuildForDecoding } from '../../packet-test/stf/load.js';
import { EXIT_OK, EXIT_PROGRAM_ERRORS, EXIT_USAGE, parseDefines, printDiagnostics } from '../cli-common.js';

export const EXIT_DIFFERENT = 3;

export interface DiffArgs {
  a: string;
  b: string;
  program?: string;
  I?: string[];
  D?: string[];
  target?: Target;
  ignore?: string[];
  direction?: Direction;
  json?: boolean;
}

function parseIgnore(s: string): IgnoreSpec | string {
  const m = /^bytes:(\d+)(?::(\d+))?$/.exec(s);
  if (m !== null) return { kind: 'bytes', offset: Number(m[1]), length: m[2] === undefined ? 1 : Number(m[2]) };
  if (/^[A-Za-z_][\w.[\]]*$/.test(s)) return { kind: 'field', name: s };
  return `--ignore ${s}: expected a header field (ipv4.hdr_checksum) or bytes:OFFSET[:LENGTH]`;
}

/** The program's decoder, from a .p4 file (compiled here) or a build directory. */
async function placerFor(args: DiffArgs): Promise<HeaderPlacer | number | undefined> {
  if (args.program === undefined) return undefined;
  let isDir = false;
  try {
    isDir = statSync(args.program).isDirectory();
  } catch {
    process.stderr.write(`p4ts diff: ${args.program}: no such file or directory\n`);
    return EXIT_USAGE;
  }
  if (isDir) {
    const b = await loadBuildForDecoding(args.program);
    if (!b.ok) {
      process.stderr.write(`p4ts diff: ${b.message}\n`);
      return EXIT_USAGE;
    }
    if (b.value.headers === undefined) {
      process.stderr.write(
        `p4ts diff: ${args.program} has no headers.json (compile it again): fields are not decoded\n`,
      );
      return undefined;
    }
    return new HeaderPlacer(b.value.module, b.value.headers);
  }
  const sink = new DiagnosticSink();
  const c = await compileForTest(
    args.program,
    {
      includeDirs: args.I ?? [],
      defines: parseDefines(args.D),
      targetChecks: false,
      ...(args.target === undefined ? {} : { target: args.target }),
    },
    sink,
  );
  printDiagnostics(sink.diagnostics, 'text');
  if (c === undefined) return EXIT_PROGRAM_ERRORS;
  if (!c.ok) {
    process.stderr.write(`p4ts diff: ${c.message}\n`);
    return EXIT_PROGRAM_ERRORS;
  }
  return new HeaderPlacer(c.value.module, c.value.headers);
}

export async function runDiff(args: DiffArgs): Promise<number> {
  const ignore: IgnoreSpec[] = [];
  for (const s of args.ignore ?? []) {
    const i = parseIgnore(s);
    if (typeof i === 'string') {
      process.stderr.write(`p4ts diff: ${i}\n`);
      return EXIT_USAGE;
    }
    ignore.push(i);
  }
  if (ignore.some((i) => i.kind === 'field') && args.program === undefined) {
    process.stderr.write('p4ts diff: --ignore FIELD needs --program (to know where the field is)\n');
    return EXIT_USAGE;
  }
  const direction = args.direction ?? 'out';
  const a = loadCaptureSide(args.a, direction);
  const b = loadCaptureSide(args.b, direction);
  for (const s of [a, b])
    if (!s.ok) {
      process.stderr.write(`p4ts diff: ${s.message}\n`);
      return EXIT_USAGE;
    }
  if (!a.ok || !b.ok) return EXIT_USAGE;
  const placer = await placerFor(args);
  if (typeof placer === 'number') return placer;
  // Two single pcap files are one port each, whatever their names say.
  let sideA = a.value;
  let sideB = b.value;
  if (sideA.kind === 'pcap' && sideB.kind === 'pcap') {
    sideA = { ...sideA, ports: new Map([[0, [...sideA.ports.values()][0] ?? []]]) };
    sideB = { ...sideB, ports: new Map([[0, [...sideB.ports.values()][0] ?? []]]) };
  }
  const r = diffCaptures(sideA, sideB, { ignore, ...(placer === undefined ? {} : { placer }) });
  if (args.json === true)
    process.stdout.write(`${JSON.stringify({ a: sideA.description, b: sideB.description, ...r }, null, 2)}\n`);
  else process.stdout.write(`${formatDiff(r, sideA, sideB)}\n`);
  return diffIsClean(r) ? EXIT_OK : EXIT_DIFFERENT;
}

export const diffCommand: CommandModule<object, DiffArgs> = {
  command: 'diff <a> <b>',
  describe: 'compare two runs packet by packet (pcap directories, pcap files or p4ts traces); exit 3 when they differ',
  builder: (y: Argv<object>) =>
    y
      .positional('a', {
        type: 'string',
        describe: 'side A: a pcap directory, a pcap file or a p4ts trace',
        demandOption: true,
      })
      .positional('b', { type: 'string', describe: 'side B: the same kinds', demandOption: true })
      .option('program', {
        type: 'string',
        describe: "decode packets with this program's headers (.p4 or a build directory)",
      })
      .option('I', { type: 'string', array: true, nargs: 1, describe: 'include directory for --program' })
      .option('D', { type: 'string', array: true, nargs: 1, describe: 'define macro NAME[=VALUE] for --program' })
      .option('target', { choices: ['tna', 'tofino2', 'v1model'] as const, describe: 'the architecture of --program' })
      .option('ignore', {
        type: 'string',
        array: true,
        nargs: 1,
        describe: 'a field that may differ (ipv4.hdr_checksum, needs --program) or bytes:OFFSET[:LENGTH]',
      })
      .option('direction', {
        choices: ['out', 'in'] as const,
        default: 'out' as const,
        describe: 'which pcap files of a directory to compare (port<N>-out.pcap or -in.pcap)',
      })
      .option('json', { type: 'boolean', describe: 'write the result as JSON' }) as unknown as Argv<DiffArgs>,
  handler: async (args) => {
    process.exitCode = await runDiff(args);
  },
};
