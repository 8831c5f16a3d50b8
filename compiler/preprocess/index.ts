// The preprocessor phase: P4 source text with #include, #define and #if in, one expanded text
// and its origin map out. The lexer reads `text`; diagnostics map spans back through `sourceMap`.

import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import { CliMessages } from '../diagnostics/messages.js';
import type { SourceFile } from '../source/source-file.js';
import type { SourceMap } from '../source/span.js';
import { readFileFromDisk, systemIncludeDir } from './includes.js';
import type { OriginMap } from './origin-map.js';
import { Preprocessor } from './preprocessor.js';

export { systemIncludeDir } from './includes.js';
export { PreprocessMessages } from './messages.js';
export type { OriginMap } from './origin-map.js';
export { P4C_VERSION, type Target, targetDefines } from './target-defines.js';
export type { MacroRef } from './tokens.js';

export interface PreprocessOptions {
  /** -I directories, searched in order for <x> (and for "x" after the including file's own directory). */
  readonly includeDirs?: readonly string[];
  /** -D NAME=VALUE (a name may carry parameters: 'F(x)': 'x+1'). Pass '1' for a bare -D NAME. */
  readonly defines?: Readonly<Record<string, string>>;
  /** -U NAME, applied after the defines. */
  readonly undefines?: readonly string[];
  /** Reads a file, or undefined if it cannot; defaults to the disk (tests pass an in-memory one). */
  readonly readFile?: (path: string) => string | undefined;
  /** Replaces the project's p4/include, searched last; null searches no system directory. */
  readonly systemIncludeDir?: string | null;
}

export interface PreprocessedSource {
  readonly text: string;
  readonly sourceMap: SourceMap & OriginMap;
  /** Every file read, the root first, each once. */
  readonly files: SourceFile[];
}

/** Preprocesses a file from disk (or `options.readFile`); undefined only if it cannot be read. */
export function preprocessFile(
  path: string,
  options: PreprocessOptions,
  sink: DiagnosticSink,
): PreprocessedSource | undefined {
  const text = (options.readFile ?? readFileFromDisk)(path);
  if (text === undefined) {
    sink.reportAt(CliMessages.cannotReadFile, undefined, path, 'no such file, or not readable');
    return undefined;
  }
  return preprocessText(path, text, options, sink);
}

/** Preprocesses `text` as if it were the file `path` (includes resolve relative to it). */
export function preprocessText(
  path: string,
  text: string,
  options: PreprocessOptions,
  sink: DiagnosticSink,
): PreprocessedSource {
  const system = options.systemIncludeDir === null ? undefined : (options.systemIncludeDir ?? systemIncludeDir());
  const pp = new Preprocessor(sink, path, text, {
    includeDirs: options.includeDirs ?? [],
    readFile: options.readFile ?? readFileFromDisk,
    systemIncludeDir: system,
  });
  pp.runCommandLine(commandLineText(options));
  const { text: output, map } = pp.processRoot();
  return { text: output, sourceMap: map, files: pp.resolver.files };
}

/** -D and -U as the directives they stand for. */
function commandLineText(options: PreprocessOptions): string {
  let text = '';
  for (const [name, value] of Object.entries(options.defines ?? {})) {
    text += `#define ${name} ${value.replace(/[\r\n]+/g, ' ')}\n`;
  }
  for (const name of options.undefines ?? []) text += `#undef ${name}\n`;
  return text;
}
