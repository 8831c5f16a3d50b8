// The indenting text writer every emitter writes through (like TypeScript's emit text writer):
// `line`, `indent`/`dedent`, `block`, and `sourceComment`, which puts the P4 line a statement
// came from above it (`// netmigrate.p4:118  meta.idx = hdr.kv.key;`), mapped through the
// preprocessor's origin map so that the comment names the file the user wrote.

import { basename } from 'node:path';
import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import { lineColOf, lineText } from '../source/source-file.js';
import type { Span } from '../source/span.js';

const MAX_SOURCE_TEXT = 100;

export class Writer {
  private readonly lines: string[] = [];
  private depth = 0;
  /** The last source comment written, so a run of code from one P4 line is annotated once. */
  private lastComment = '';

  constructor(private readonly sink?: DiagnosticSink) {}

  line(text = ''): this {
    this.lines.push(text === '' ? '' : '  '.repeat(this.depth) + text);
    return this;
  }

  indent(): this {
    this.depth++;
    return this;
  }

  dedent(): this {
    this.depth--;
    return this;
  }

  /** `head {`, the body indented, `}` (or `tail`). */
  block(head: string, body: () => void, tail = '}'): this {
    this.line(head === '' ? '{' : `${head} {`);
    this.indent();
    body();
    this.dedent();
    this.line(tail);
    return this;
  }

  /** `// file.p4:LINE  source text` for the P4 statement at `span` (skipped when unknown or repeated). */
  sourceComment(span: Span | undefined): this {
    const c = span === undefined ? undefined : this.describe(span);
    if (c !== undefined && c !== this.lastComment) {
      this.line(`// ${c}`);
      this.lastComment = c;
    }
    return this;
  }

  /** `file.p4:LINE  text of that line`, or undefined when the span cannot be located. */
  describe(span: Span): string | undefined {
    const loc = this.sink?.locate(span);
    if (loc === undefined) return undefined;
    const { line } = lineColOf(loc.file, loc.start);
    let text = lineText(loc.file, line).trim().replace(/\s+/g, ' ');
    if (text.length > MAX_SOURCE_TEXT) text = `${text.slice(0, MAX_SOURCE_TEXT - 1)}…`;
    return `${basename(loc.file.path)}:${line}  ${text}`;
  }

  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}
