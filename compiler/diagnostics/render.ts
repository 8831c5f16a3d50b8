// Renders diagnostics the GCC/clang way: `FILE:LINE:COL: error: MESSAGE [name]`, the source
// line verbatim, and a caret line that copies the line's tabs so it lines up under them.

import { type Location, lineColOf, lineText } from '../source/source-file.js';
import type { Diagnostic } from './diagnostic.js';

export interface RenderOptions {
  /** ANSI colours (only when stderr is a TTY and NO_COLOR is unset; the CLI decides). */
  readonly color?: boolean;
}

const COLORS = {
  error: '\x1b[1;31m',
  warning: '\x1b[1;35m',
  note: '\x1b[1;36m',
  bold: '\x1b[1m',
  green: '\x1b[1;32m',
  reset: '\x1b[0m',
};

export function formatLocation(loc: Location | undefined): string {
  if (loc === undefined) return 'p4ts';
  const { line, col } = lineColOf(loc.file, loc.start);
  return `${loc.file.path}:${line}:${col}`;
}

function excerpt(loc: Location, color: boolean): string[] {
  const { line, col } = lineColOf(loc.file, loc.start);
  const text = lineText(loc.file, line);
  const prefix = text.slice(0, col - 1).replace(/[^\t]/g, ' ');
  const endOnLine = Math.min(loc.end - loc.start, Math.max(1, text.length - (col - 1)));
  const underline = '^' + '~'.repeat(Math.max(0, endOnLine - 1));
  const caret = color ? `${COLORS.green}${underline}${COLORS.reset}` : underline;
  return [text, prefix + caret];
}

function header(
  loc: Location | undefined,
  severity: string,
  message: string,
  name: string | undefined,
  color: boolean,
): string {
  const where = formatLocation(loc);
  const suffix = name === undefined ? '' : ` [${name}]`;
  if (!color) return `${where}: ${severity}: ${message}${suffix}`;
  const sevColor = COLORS[severity as 'error' | 'warning' | 'note'] ?? COLORS.bold;
  return `${COLORS.bold}${where}:${COLORS.reset} ${sevColor}${severity}:${COLORS.reset} ${COLORS.bold}${message}${COLORS.reset}${suffix}`;
}

export function renderDiagnostic(d: Diagnostic, options: RenderOptions = {}): string {
  const color = options.color ?? false;
  const lines = [header(d.loc, d.severity, d.message, d.name, color)];
  if (d.loc !== undefined) lines.push(...excerpt(d.loc, color));
  for (const r of d.related) {
    lines.push(header(r.loc, 'note', r.message, undefined, color));
    lines.push(...excerpt(r.loc, color));
  }
  return lines.join('\n');
}

export function renderDiagnostics(ds: readonly Diagnostic[], options: RenderOptions = {}): string {
  return ds.map((d) => renderDiagnostic(d, options)).join('\n');
}

/** The same values as JSON (--diagnostics-format=json), with line and column resolved. */
export function diagnosticToJson(d: Diagnostic): object {
  const at = (loc: Location | undefined) =>
    loc === undefined
      ? null
      : { file: loc.file.path, ...lineColOf(loc.file, loc.start), end: lineColOf(loc.file, loc.end) };
  return {
    severity: d.severity,
    code: d.code,
    name: d.name,
    message: d.message,
    location: at(d.loc),
    related: d.related.map((r) => ({ message: r.message, location: at(r.loc) })),
  };
}
