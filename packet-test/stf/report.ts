// Renders an STF run for people (one line per failed expectation, `FILE:LINE: …`, then a
// summary) and for programs (`--json`: the same facts as one JSON object).

import type { StfParseError } from './commands.js';
import type { StfResult } from './runner.js';

export function formatStfResult(r: StfResult, options: { verbose?: boolean } = {}): string {
  const lines: string[] = [];
  for (const f of r.failures) lines.push(`${r.file}:${f.line}: ${f.message}`);
  if (options.verbose === true) for (const l of r.log) lines.push(`${r.file}:${l.line}: ${l.text}`);
  if (r.unchecked.length > 0)
    lines.push(
      `${r.file}: note: packets came out of port(s) ${r.unchecked.join(', ')}, which no packet or expect names (not checked)`,
    );
  const failedLines = new Set(r.failures.map((f) => f.line)).size;
  const verdict = r.failures.length === 0 ? 'PASS' : 'FAIL';
  lines.push(
    `${verdict} ${r.file}: ${r.expectations} expectation${r.expectations === 1 ? '' : 's'}, ${r.failures.length} failure${r.failures.length === 1 ? '' : 's'}${r.failures.length > 0 ? ` on ${failedLines} line${failedLines === 1 ? '' : 's'}` : ''}; ${r.packetsSent} packet${r.packetsSent === 1 ? '' : 's'} sent, ${r.outputs.length} out (${r.arch})`,
  );
  return lines.join('\n');
}

export function stfResultJson(r: StfResult): unknown {
  return {
    file: r.file,
    arch: r.arch,
    passed: r.failures.length === 0,
    expectations: r.expectations,
    failures: r.failures,
    packetsSent: r.packetsSent,
    outputs: r.outputs.map((o) => ({ port: o.port, line: o.line, frame: Buffer.from(o.frame).toString('hex') })),
    unchecked: r.unchecked,
    log: r.log,
    engine: r.engineStats,
  };
}

export function formatParseErrors(file: string, errors: readonly StfParseError[]): string {
  return errors.map((e) => `${file}:${e.line}: error: ${e.message}`).join('\n');
}
