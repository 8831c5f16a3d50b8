// The p4ts compiler's public API. Phases in order (each stops the chain when it reports errors):
// preprocess → parse (frontend.ts) → check → IR → target checks → code generation.

export { type CompileOptions, type CompileResult, compileFile } from './compile.js';
export { type Diagnostic, DiagnosticSink, renderDiagnostics } from './diagnostics/index.js';
export * from './parser-api.js';
