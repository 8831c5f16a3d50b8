// The P4 front end's public API: text (already preprocessed) in, AST and diagnostics out, and
// the AST printed back as P4. Nothing here throws on bad input: syntax errors are diagnostics.

import type { IRecognitionException, IToken } from 'chevrotain';
import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import type { Span } from '../source/span.js';
import type { Program } from './ast.js';
import { P4Parser } from './grammar.js';
import { ParseMessages } from './messages.js';
import { tokenEnd, tokenize } from './tokens.js';

export type * from './ast.js';
export { ParseMessages } from './messages.js';
export { printExpression, printP4, printType } from './print.js';
export { stripSpans } from './strip-spans.js';

/** Syntax errors reported per parse; later ones are usually consequences of the first. */
export const maxSyntaxErrors = 20;

let parser: P4Parser | undefined;

function sharedParser(): P4Parser {
  parser ??= new P4Parser();
  return parser;
}

interface PendingError {
  readonly span: Span;
  readonly report: (sink: DiagnosticSink) => void;
}

/** Parses preprocessed P4_16 text. Errors are reported into `sink` in offsets of `text`. */
export function parseP4(text: string, sink: DiagnosticSink): Program {
  const empty: Program = { kind: 'Program', declarations: [], span: { start: 0, end: text.length } };
  const pending: PendingError[] = [];
  let program = empty;
  try {
    const lexed = tokenize(text);
    for (const e of lexed.errors) {
      const span = { start: e.offset, end: e.offset + Math.max(1, e.length) };
      const chars = text.slice(span.start, span.end);
      pending.push({ span, report: (s) => s.report(ParseMessages.unexpectedCharacter, span, chars) });
    }
    const p = sharedParser();
    p.resetState(text);
    p.input = lexed.tokens;
    program = { ...p.program(), span: { start: 0, end: text.length } };
    for (const e of p.errors) {
      const span = errorSpan(e, text.length);
      pending.push({ span, report: (s) => s.report(ParseMessages.syntaxError, span, e.message) });
    }
    for (const problem of p.takeProblems()) {
      const span = problem.span;
      const report =
        problem.kind === 'invalidInteger'
          ? (s: DiagnosticSink) => s.report(ParseMessages.invalidInteger, span, problem.text)
          : problem.kind === 'syntax'
            ? (s: DiagnosticSink) => s.report(ParseMessages.syntaxError, span, problem.text)
            : (s: DiagnosticSink) => s.report(ParseMessages.notAStatement, span);
      pending.push({ span, report });
    }
  } catch (err) {
    // A grammar bug must still not crash the compiler: report it where parsing stopped.
    const message = err instanceof Error ? err.message : String(err);
    const span = { start: 0, end: 0 };
    pending.push({ span, report: (s) => s.report(ParseMessages.internalError, span, message) });
    program = empty;
  }
  pending.sort((a, b) => a.span.start - b.span.start);
  for (const e of pending.slice(0, maxSyntaxErrors)) e.report(sink);
  if (pending.length > maxSyntaxErrors) {
    const last = pending[maxSyntaxErrors - 1]!.span;
    sink.report(ParseMessages.tooManySyntaxErrors, last, maxSyntaxErrors);
  }
  return program;
}

/** Where a recognition error points: the offending token, or (for the end of input and for
 *  tokens that recovery invented, which have NaN offsets) just after the previous real token. */
function errorSpan(e: IRecognitionException, textLength: number): Span {
  const token = e.token;
  if (!Number.isNaN(token.startOffset) && token.tokenType.name !== 'EOF') {
    return { start: token.startOffset, end: tokenEnd(token) };
  }
  const previous = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
  if (previous !== undefined && !Number.isNaN(tokenEnd(previous))) {
    const at = tokenEnd(previous);
    return { start: at, end: at };
  }
  return { start: textLength, end: textLength };
}
