// The front end as one call: preprocess a file (target macros first, the user's -D over them),
// then lex and parse the expanded text. The sink learns the origin map, so every later
// diagnostic in preprocessed offsets prints as FILE:LINE:COL of the file it came from.

import type { DiagnosticSink } from './diagnostics/diagnostic.js';
import type { Program } from './parser/ast.js';
import { parseP4 } from './parser/index.js';
import {
  type PreprocessedSource,
  type PreprocessOptions,
  preprocessFile,
  type Target,
  targetDefines,
} from './preprocess/index.js';

export interface FrontEndOptions {
  readonly includeDirs?: readonly string[];
  readonly defines?: Readonly<Record<string, string>>;
  readonly undefines?: readonly string[];
  /** Predefines the target's macros (`__TARGET_TOFINO__`, …) as the real compiler does. */
  readonly target?: Target;
  readonly readFile?: (path: string) => string | undefined;
}

export interface ParsedUnit {
  readonly source: PreprocessedSource;
  readonly program: Program;
}

/** Preprocesses and parses `path`; undefined only when the root file cannot be read. */
export function parseFile(path: string, options: FrontEndOptions, sink: DiagnosticSink): ParsedUnit | undefined {
  const ppOptions: PreprocessOptions = {
    includeDirs: options.includeDirs ?? [],
    defines: { ...targetDefines(options.target), ...options.defines },
    undefines: options.undefines ?? [],
    ...(options.readFile === undefined ? {} : { readFile: options.readFile }),
  };
  const source = preprocessFile(path, ppOptions, sink);
  if (source === undefined) return undefined;
  sink.setSourceMap(source.sourceMap);
  const program = parseP4(source.text, sink);
  return { source, program };
}
