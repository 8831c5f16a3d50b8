// Shared pieces of the command-line edge: turning diagnostics into stderr text and exit codes.
// Inside the compiler errors are values; here they become messages, and exit codes follow the
// contract: 0 no errors, 1 the program has errors, 2 usage or I/O error, 70 internal error.

import type { Argv } from 'yargs';
import { CompilerBug, type Diagnostic, diagnosticToJson, renderDiagnostics } from '../compiler/diagnostics/index.js';

export const EXIT_OK = 0;
export const EXIT_PROGRAM_ERRORS = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 70;

export type DiagnosticsFormat = 'text' | 'json';

const TARGETS = ['tna', 'tofino2', 'v1model', 'psa'] as const;

/**
 * What every command that reads a P4 program takes: the program, -I/-D/-U as the preprocessor
 * uses them, and --target (described as the command uses it). Repeatable options take one value
 * each (`nargs: 1`): with `array: true` alone yargs reads every following word as a value, so
 * `p4ts check -I DIR prog.p4` lost its program.
 */
export function programOptions<T>(y: Argv<T>, describeTarget: string) {
  return y
    .positional('file', { type: 'string', describe: 'the P4_16 program', demandOption: true })
    .option('I', {
      type: 'string',
      array: true,
      nargs: 1,
      describe: 'add DIR to the include search path',
      requiresArg: true,
    })
    .option('D', { type: 'string', array: true, nargs: 1, describe: 'define macro NAME[=VALUE]', requiresArg: true })
    .option('U', { type: 'string', array: true, nargs: 1, describe: 'undefine macro NAME', requiresArg: true })
    .option('target', { choices: TARGETS, describe: describeTarget });
}

export function useColor(): boolean {
  return process.stderr.isTTY === true && process.env.NO_COLOR === undefined;
}

export function printDiagnostics(ds: readonly Diagnostic[], format: DiagnosticsFormat): void {
  if (ds.length === 0) return;
  if (format === 'json') {
    process.stderr.write(`${JSON.stringify(ds.map(diagnosticToJson), null, 2)}\n`);
    return;
  }
  process.stderr.write(`${renderDiagnostics(ds, { color: useColor() })}\n`);
  const errors = ds.filter((d) => d.severity === 'error').length;
  const warnings = ds.filter((d) => d.severity === 'warning').length;
  if (errors + warnings > 0) {
    const parts = [];
    if (errors > 0) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
    if (warnings > 0) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
    process.stderr.write(`${parts.join(' and ')} generated.\n`);
  }
}

/** Runs a command body; an internal invariant failure becomes "internal error", never a bare stack. */
export async function runGuarded(body: () => Promise<number> | number): Promise<number> {
  try {
    return await body();
  } catch (e) {
    const debug = process.env.P4TS_DEBUG === '1';
    const what = e instanceof CompilerBug ? e.message : e instanceof Error ? e.message : String(e);
    process.stderr.write(`p4ts: internal error: ${what} (please report this, with the input)\n`);
    if (debug && e instanceof Error && e.stack !== undefined) process.stderr.write(`${e.stack}\n`);
    else process.stderr.write('p4ts: set P4TS_DEBUG=1 for the stack trace\n');
    return EXIT_INTERNAL;
  }
}

/** Parses repeated `-D NAME[=VALUE]` options into a record (`NAME` alone means 1, as in cpp). */
export function parseDefines(values: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values ?? []) {
    const eq = v.indexOf('=');
    if (eq < 0) out[v] = '1';
    else out[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return out;
}

/**
 * Splits cpp-style attached values (`-Iinclude`, `-DWIDTH=16`, `-UX`) into two arguments, as
 * users of cc and p4c type them; yargs would read `-Iinclude` as a group of one-letter flags.
 * Arguments after `--` are left alone.
 */
export function splitAttachedOptions(argv: readonly string[], letters = 'IDU'): string[] {
  const out: string[] = [];
  let afterDashes = false;
  for (const a of argv) {
    if (a === '--') afterDashes = true;
    const m = afterDashes ? null : /^-([A-Za-z])(.+)$/.exec(a);
    if (m !== null && letters.includes(m[1] as string)) out.push(`-${m[1]}`, m[2] as string);
    else out.push(a);
  }
  return out;
}
