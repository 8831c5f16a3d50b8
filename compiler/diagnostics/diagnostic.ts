// Diagnostics are values: every phase reports into a DiagnosticSink it is handed, and the
// edge of the program (CLI, tests) renders them once. Nothing in the compiler throws for a
// user error; CompilerBug is reserved for broken internal invariants.

import type { Location } from '../source/source-file.js';
import type { SourceMap, Span } from '../source/span.js';

export type Severity = 'error' | 'warning' | 'note';

/** One entry of a message table: a stable numeric code, a kebab-case name and its text. */
export interface MessageDef<A extends unknown[]> {
  readonly code: number;
  readonly name: string;
  readonly severity: Severity;
  readonly text: (...args: A) => string;
}

/** Builds a message table entry. Codes go by phase: 1xxx preprocess/lex/parse, 2xxx names and
 *  types, 3xxx architecture, 4xxx Tofino resources, 5xxx codegen. */
export function msg<A extends unknown[]>(
  code: number,
  name: string,
  text: (...args: A) => string,
  severity: Severity = 'error',
): MessageDef<A> {
  return { code, name, severity, text };
}

export interface RelatedInfo {
  readonly loc: Location;
  readonly message: string;
}

export interface Diagnostic {
  readonly code: number;
  readonly name: string;
  readonly severity: Severity;
  readonly message: string;
  /** Where, in an original source file. Undefined only for errors with no place (a missing root file). */
  readonly loc: Location | undefined;
  readonly related: readonly RelatedInfo[];
}

/** Collects diagnostics for one compilation. Spans of the preprocessed text are resolved to
 *  original locations through the source map given by the phase that owns the text. */
export class DiagnosticSink {
  readonly diagnostics: Diagnostic[] = [];
  private sourceMap: SourceMap | undefined;
  /** Stop recording errors past this count (warnings are still counted in errorCount). */
  readonly maxErrors: number;

  constructor(options: { maxErrors?: number } = {}) {
    this.maxErrors = options.maxErrors ?? 100;
  }

  /** Phases after preprocessing report in preprocessed spans; this tells the sink how to map them. */
  setSourceMap(map: SourceMap): void {
    this.sourceMap = map;
  }

  /** A sink for a trial run whose diagnostics are read, not shown: it locates spans as this one does. */
  fork(): DiagnosticSink {
    const f = new DiagnosticSink({ maxErrors: this.maxErrors });
    f.sourceMap = this.sourceMap;
    return f;
  }

  get errorCount(): number {
    let n = 0;
    for (const d of this.diagnostics) if (d.severity === 'error') n++;
    return n;
  }

  hasErrors(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }

  /** Report at a location in an original file (the preprocessor, the CLI). */
  reportAt<A extends unknown[]>(def: MessageDef<A>, loc: Location | undefined, ...args: A): Diagnostic {
    return this.push(def, loc, args);
  }

  /** Report at a span of the preprocessed text. */
  report<A extends unknown[]>(def: MessageDef<A>, span: Span, ...args: A): Diagnostic {
    return this.push(def, this.locate(span), args);
  }

  /** Attach a note to the last reported diagnostic ("'x' declared here"). */
  addRelated(d: Diagnostic, span: Span | Location, message: string): void {
    const loc = 'file' in span ? span : this.locate(span);
    if (loc === undefined) return;
    (d.related as RelatedInfo[]).push({ loc, message });
  }

  locate(span: Span): Location | undefined {
    if (this.sourceMap === undefined) return undefined;
    const origin = this.sourceMap.resolve(span);
    return origin.loc;
  }

  private push<A extends unknown[]>(def: MessageDef<A>, loc: Location | undefined, args: A): Diagnostic {
    const d: Diagnostic = {
      code: def.code,
      name: def.name,
      severity: def.severity,
      message: def.text(...args),
      loc,
      related: [],
    };
    if (d.severity !== 'error' || this.errorCount < this.maxErrors) this.diagnostics.push(d);
    return d;
  }
}

/** A broken internal invariant: never a user error. Rendered as "internal error" at the edge. */
export class CompilerBug extends Error {
  constructor(
    message: string,
    readonly loc?: Location,
  ) {
    super(message);
    this.name = 'CompilerBug';
  }
}

export function bug(message: string, loc?: Location): never {
  throw new CompilerBug(message, loc);
}
