// p4ts-parser: the self-contained P4_16 front end (preprocessor, lexer, parser, AST, printer),
// usable without the rest of p4ts. chevrotain is its only dependency.

export * from './diagnostics/index.js';
export { type FrontEndOptions, type ParsedUnit, parseFile } from './frontend.js';
export * from './parser/index.js';
export {
  type PreprocessedSource,
  type PreprocessOptions,
  preprocessFile,
  preprocessText,
  type Target,
  targetDefines,
} from './preprocess/index.js';
export { createSourceFile, type Location, type SourceFile } from './source/source-file.js';
export type { Origin, SourceMap, Span } from './source/span.js';
