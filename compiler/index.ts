// The p4ts compiler's public API (the package's main export). Phases in order, each stopping
// the chain when it reports errors: preprocess → parse (frontend.ts) → check → IR → target
// checks → code generation. `compileFile` runs them all, `checkFile` all but code generation;
// both report into a DiagnosticSink, rendered as `FILE:LINE:COL: error: …` by
// renderDiagnostics. The front end alone is also exported as `p4ts/parser` (parser-api.ts).

export type { GeneratedPipeline } from './codegen/index.js';
export {
  type CheckResult,
  type CompileOptions,
  type CompileResult,
  checkFile,
  compileFile,
  compilerVersion,
  programName,
  runtimeImportFrom,
  targetFromText,
} from './compile.js';
export * from './parser-api.js';
export type { ResourceMap } from './targets/tofino/index.js';
