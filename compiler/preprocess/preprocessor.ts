// The preprocessor's engine: walks a file line by line, copies plain lines through in runs,
// hands lines that use macros to the expander, follows #include into other files and keeps
// the #if stack of each file. The directives themselves are in directives.ts.

import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import { createSourceFile, type Location, type SourceFile } from '../source/source-file.js';
import { type DirectiveContext, runDirective } from './directives.js';
import { MacroExpander, TokenStack } from './expand.js';
import { type IncludedFile, IncludeResolver, type ReadFile } from './includes.js';
import { type LogicalLine, LogicalText, readLogicalLine } from './line-reader.js';
import { createMacroTable, type MacroTable } from './macros.js';
import { PreprocessMessages as M } from './messages.js';
import type { OriginMap } from './origin-map.js';
import { OutputWriter } from './output-writer.js';
import { type Token, tokenizeLine } from './tokens.js';

/** One open #if, #ifdef or #ifndef of a file. */
export interface ConditionalFrame {
  readonly directive: string;
  readonly loc: Location;
  /** active: this group is being read; pending: no group taken yet; done: a group was taken (or the parent is skipped). */
  state: 'active' | 'pending' | 'done';
  elseLoc: Location | undefined;
}

/** A file being read: where we are, under which name and line numbers (#line), and its #if stack. */
export interface FileState {
  readonly real: SourceFile;
  readonly key: string;
  view: SourceFile;
  pos: number;
  readonly conditions: ConditionalFrame[];
  /** A leading `#ifndef X` that may guard the whole file, and whether it does. */
  guard: { readonly macro: string; closed: boolean; broken: boolean } | undefined;
}

/** More nested #includes than this are an error (a cycle that guards did not stop). */
export const INCLUDE_DEPTH_LIMIT = 200;

export interface EngineOptions {
  readonly includeDirs: readonly string[];
  readonly readFile: ReadFile;
  readonly systemIncludeDir: string | undefined;
}

export class Preprocessor implements DirectiveContext {
  readonly macros: MacroTable;
  readonly expander: MacroExpander;
  readonly writer: OutputWriter;
  readonly resolver: IncludeResolver;
  private readonly includeStack: FileState[] = [];
  private readonly onceFiles = new Set<string>();
  private readonly guardOf = new Map<string, string>();
  private readonly leadingGuards = new Map<string, string | null>();
  private readonly isMacroName = (name: string): boolean => this.macros.has(name);

  private readonly root: IncludedFile;

  constructor(
    readonly sink: DiagnosticSink,
    rootPath: string,
    rootText: string,
    options: EngineOptions,
  ) {
    this.macros = createMacroTable({ file: createSourceFile('<built-in>', ''), start: 0, end: 0 });
    this.expander = new MacroExpander(this.macros, sink);
    this.resolver = new IncludeResolver(options.readFile, options.includeDirs, options.systemIncludeDir);
    this.root = this.resolver.load(rootPath, rootText) as IncludedFile;
    this.writer = new OutputWriter(this.root.file);
  }

  /** Runs `#define`/`#undef` lines that stand for command-line options (they write no text). */
  runCommandLine(text: string): void {
    const file = createSourceFile('<command line>', text);
    const state = this.newState({ path: file.path, key: file.path, file });
    while (state.pos < text.length) {
      const line = readLogicalLine(text, state.pos, undefined);
      state.pos = line.end;
      if (line.directive) runDirective(this, state, line, true);
    }
  }

  processRoot(): { text: string; map: OriginMap } {
    this.processFile(this.root);
    return this.writer.finish();
  }

  isActive(state: FileState): boolean {
    const top = state.conditions[state.conditions.length - 1];
    return top === undefined || top.state === 'active';
  }

  /** Expands tokens that cannot grow (a directive's operands). */
  expandTokens(tokens: readonly Token[]): Token[] {
    const out: Token[] = [];
    this.expander.expand(new TokenStack(tokens), out);
    return out.some((t) => t.kind === 'placemarker') ? out.filter((t) => t.kind !== 'placemarker') : out;
  }

  include(found: IncludedFile, at: Location): void {
    if (this.onceFiles.has(found.key)) return;
    const guard = this.guardOf.get(found.key);
    if (guard !== undefined && this.macros.has(guard)) return;
    const open = this.includeStack.findIndex((s) => s.key === found.key);
    if (open >= 0) {
      // Re-entering a file is harmless when its guard is already defined; otherwise it never ends.
      const lead = this.leadingGuard(found);
      if (lead !== undefined && this.macros.has(lead)) return;
      const chain = [...this.includeStack.slice(open).map((s) => s.real.path), found.path].join(' -> ');
      this.sink.reportAt(M.includeCycle, at, chain);
      return;
    }
    if (this.includeStack.length > INCLUDE_DEPTH_LIMIT) {
      this.sink.reportAt(M.includeTooDeep, at, INCLUDE_DEPTH_LIMIT);
      return;
    }
    this.processFile(found);
  }

  markOnce(state: FileState): void {
    this.onceFiles.add(state.key);
  }

  private newState(found: IncludedFile): FileState {
    return { real: found.file, key: found.key, view: found.file, pos: 0, conditions: [], guard: undefined };
  }

  private processFile(found: IncludedFile): void {
    const state = this.newState(found);
    const lead = this.leadingGuard(found);
    if (lead !== undefined) state.guard = { macro: lead, closed: false, broken: false };
    this.includeStack.push(state);
    const text = found.file.text;
    const writer = this.writer;
    let runStart = -1;
    let skippedNewlines = 0;
    const flush = (): void => {
      if (runStart >= 0) {
        writer.copy(state.view, runStart, state.pos);
        runStart = -1;
      }
      if (skippedNewlines > 0) {
        writer.newlines(skippedNewlines);
        skippedNewlines = 0;
      }
    };
    while (state.pos < text.length) {
      const active = this.isActive(state);
      const line = readLogicalLine(text, state.pos, active ? this.isMacroName : undefined);
      this.checkComment(state, line);
      if (state.guard?.closed === true && line.significant) state.guard.broken = true;
      if (line.directive) {
        flush();
        state.pos = line.end;
        runDirective(this, state, line, active);
        writer.newlines(line.newlines);
        continue;
      }
      if (!active) {
        if (runStart >= 0) flush();
        skippedNewlines += line.newlines;
        state.pos = line.end;
        continue;
      }
      if (!line.macroUse && line.splices === undefined) {
        if (skippedNewlines > 0) flush();
        if (runStart < 0) runStart = line.start;
        state.pos = line.end;
        continue;
      }
      flush();
      this.expandText(state, line);
    }
    flush();
    for (const frame of state.conditions) this.sink.reportAt(M.unterminatedConditional, frame.loc, frame.directive);
    const guard = state.guard;
    if (guard?.closed === true && !guard.broken && state.conditions.length === 0)
      this.guardOf.set(state.key, guard.macro);
    this.includeStack.pop();
  }

  /** Expands one line, and the lines after it that a macro's arguments run on to. */
  private expandText(state: FileState, first: LogicalLine): void {
    const text = state.real.text;
    const tokens: Token[] = [];
    tokenizeLine(new LogicalText(text, first), state.view, tokens);
    state.pos = first.end;
    let unitEnd = first.end;
    const refill = (): Token[] | undefined => {
      if (state.pos >= text.length) return undefined;
      const next = readLogicalLine(text, state.pos, undefined);
      if (next.directive) return undefined;
      this.checkComment(state, next);
      state.pos = next.end;
      unitEnd = next.end;
      const more: Token[] = [];
      tokenizeLine(new LogicalText(text, next), state.view, more);
      return more;
    };
    const out: Token[] = [];
    this.expander.expand(new TokenStack(tokens, refill), out);
    this.writer.writeUnit(state.view, first.start, unitEnd, out);
  }

  private checkComment(state: FileState, line: LogicalLine): void {
    if (line.unterminatedCommentAt >= 0) {
      const at = line.unterminatedCommentAt;
      this.sink.reportAt(M.unterminatedComment, { file: state.view, start: at, end: at + 2 });
    }
  }

  /** The X of a file whose first line is `#ifndef X` or `#if !defined(X)`, if any. */
  private leadingGuard(found: IncludedFile): string | undefined {
    const known = this.leadingGuards.get(found.key);
    if (known !== undefined) return known ?? undefined;
    const text = found.file.text;
    let pos = 0;
    let guard: string | null = null;
    while (pos < text.length) {
      const line = readLogicalLine(text, pos, undefined);
      pos = line.end;
      if (!line.significant) continue;
      if (line.directive) {
        const tokens: Token[] = [];
        tokenizeLine(new LogicalText(text, line), found.file, tokens);
        const words = tokens.slice(1).map((t) => t.text);
        if (words[0] === 'ifndef' && words.length === 2) guard = words[1] ?? null;
        else if (words[0] === 'if' && words[1] === '!' && words[2] === 'defined') {
          const rest = words.slice(3).join(' ');
          const match = /^(?:\( )?([A-Za-z_$][\w$]*)(?: \))?$/.exec(rest);
          guard = match?.[1] ?? null;
        }
      }
      break;
    }
    this.leadingGuards.set(found.key, guard);
    return guard ?? undefined;
  }
}
