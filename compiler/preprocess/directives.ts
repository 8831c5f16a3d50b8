// The directives, one handler each: conditionals (#if #ifdef #ifndef #elif #else #endif), which
// are followed even in skipped groups to keep the nesting, and #define #undef #include #line
// #error #warning #pragma, which only act in groups being read.

import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import type { Location } from '../source/source-file.js';
import { evaluateCondition, replaceDefined } from './conditions.js';
import type { IncludedFile, IncludeResolver } from './includes.js';
import { type LogicalLine, LogicalText } from './line-reader.js';
import { lineView } from './line-view.js';
import { BUILTIN_MACROS, type MacroTable, parseDefine, sameDefinition } from './macros.js';
import { PreprocessMessages as M } from './messages.js';
import type { ConditionalFrame, FileState } from './preprocessor.js';
import { isPunctuator, spell, type Token, tokenizeLine } from './tokens.js';

/** What the handlers need from the engine. */
export interface DirectiveContext {
  readonly sink: DiagnosticSink;
  readonly macros: MacroTable;
  readonly resolver: IncludeResolver;
  expandTokens(tokens: readonly Token[]): Token[];
  include(found: IncludedFile, at: Location): void;
  markOnce(state: FileState): void;
}

function locOf(t: Token): Location {
  return t.expansion?.loc ?? { file: t.file, start: t.start, end: t.end };
}

function spanOf(tokens: readonly Token[], fallback: Token): Location {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  if (first === undefined || last === undefined || first.file !== last.file || first.expansion || last.expansion)
    return locOf(first ?? fallback);
  return { file: first.file, start: first.start, end: last.end };
}

/** Runs the directive on `line`; `active` says whether the group it sits in is being read. */
export function runDirective(ctx: DirectiveContext, state: FileState, line: LogicalLine, active: boolean): void {
  const tokens: Token[] = [];
  tokenizeLine(new LogicalText(state.real.text, line), state.view, tokens);
  const nameToken = tokens[1];
  if (nameToken === undefined) return; // the null directive
  const name = nameToken.kind === 'identifier' ? nameToken.text : '';
  const operands = tokens.slice(2);
  switch (name) {
    case 'if':
    case 'ifdef':
    case 'ifndef':
      openConditional(ctx, state, name, nameToken, operands, active);
      return;
    case 'elif':
    case 'else':
      nextGroup(ctx, state, name, nameToken, operands);
      return;
    case 'endif':
      closeConditional(ctx, state, nameToken, operands);
      return;
  }
  if (!active) return;
  switch (name) {
    case 'define':
      define(ctx, operands, nameToken);
      return;
    case 'undef':
      undefine(ctx, operands, nameToken);
      return;
    case 'include':
      include(ctx, state, operands, nameToken);
      return;
    case 'line':
      lineDirective(ctx, state, line, ctx.expandTokens(operands), nameToken);
      return;
    case 'error':
      ctx.sink.reportAt(M.errorDirective, locOf(nameToken), spell(operands));
      return;
    case 'warning':
      ctx.sink.reportAt(M.warningDirective, locOf(nameToken), spell(operands));
      return;
    case 'pragma':
      // `#pragma once` is the only one with a meaning here; P4's own pragmas are @pragma annotations.
      if (operands.length === 1 && operands[0]?.text === 'once') ctx.markOnce(state);
      return;
  }
  if (nameToken.kind === 'number') {
    // GCC's line marker `# 12 "file"` (what `cpp` itself writes), read as #line without expansion.
    lineDirective(ctx, state, line, [nameToken, ...operands.slice(0, 1)], nameToken);
    return;
  }
  // Any other line starting with '#' (`# Choose one`, `########`, `#hdr.x = 1;`): p4c's
  // preprocessor (cpp -x assembler-with-cpp) passes it through and p4c's lexer skips it, so it
  // is dropped here too, with a warning when a name follows the '#', in case it was meant as a
  // directive (docs/p4-sources.md); a banner of '#'s or other punctuation is dropped silently.
  if (nameToken.kind === 'identifier') ctx.sink.reportAt(M.unknownDirective, locOf(nameToken), nameToken.text);
}

function openConditional(
  ctx: DirectiveContext,
  state: FileState,
  directive: string,
  nameToken: Token,
  operands: readonly Token[],
  active: boolean,
): void {
  const frame: ConditionalFrame = { directive, loc: locOf(nameToken), state: 'done', elseLoc: undefined };
  if (active) {
    const taken =
      directive === 'if' ? evaluateIf(ctx, operands, nameToken) : isDefined(ctx, directive, operands, nameToken);
    frame.state = taken ? 'active' : 'pending';
  }
  state.conditions.push(frame);
}

function isDefined(ctx: DirectiveContext, directive: string, operands: readonly Token[], nameToken: Token): boolean {
  const macroName = operands[0];
  if (macroName === undefined || macroName.kind !== 'identifier') {
    ctx.sink.reportAt(M.expectedMacroName, locOf(macroName ?? nameToken), directive);
    return false;
  }
  if (operands.length > 1) ctx.sink.reportAt(M.extraTokens, locOf(operands[1] as Token), directive);
  return ctx.macros.has(macroName.text) === (directive === 'ifdef');
}

function evaluateIf(ctx: DirectiveContext, operands: readonly Token[], nameToken: Token): boolean {
  const replaced = replaceDefined(operands, ctx.macros);
  if (replaced.problem !== undefined) {
    ctx.sink.reportAt(M.badIfExpression, replaced.problem.at, replaced.problem.detail);
    return false;
  }
  const result = evaluateCondition(ctx.expandTokens(replaced.tokens), ctx.macros);
  for (const problem of result.problems) {
    const at = problem.at === undefined ? locOf(nameToken) : locOf(problem.at);
    if (problem.kind === 'syntax') ctx.sink.reportAt(M.badIfExpression, at, problem.detail);
    else if (problem.kind === 'division-by-zero') ctx.sink.reportAt(M.divisionByZero, at);
    else ctx.sink.reportAt(M.integerTooLarge, at, problem.at.text);
  }
  return result.value ?? false;
}

function nextGroup(
  ctx: DirectiveContext,
  state: FileState,
  directive: 'elif' | 'else',
  nameToken: Token,
  operands: readonly Token[],
): void {
  const frame = state.conditions[state.conditions.length - 1];
  if (frame === undefined) {
    ctx.sink.reportAt(M.directiveWithoutIf, locOf(nameToken), directive);
    return;
  }
  if (state.conditions.length === 1 && state.guard !== undefined) state.guard.broken = true;
  if (frame.elseLoc !== undefined) {
    const d = ctx.sink.reportAt(M.directiveAfterElse, locOf(nameToken), directive);
    ctx.sink.addRelated(d, frame.elseLoc, M.conditionalStartsHere.text('else'));
    frame.state = 'done';
    return;
  }
  if (directive === 'else') {
    frame.elseLoc = locOf(nameToken);
    if (operands.length > 0 && frame.state !== 'done')
      ctx.sink.reportAt(M.extraTokens, locOf(operands[0] as Token), 'else');
    frame.state = frame.state === 'pending' ? 'active' : 'done';
    return;
  }
  // An #elif is evaluated only when no group of its #if was taken yet (and its #if is read at all).
  if (frame.state === 'active') frame.state = 'done';
  else if (frame.state === 'pending' && evaluateIf(ctx, operands, nameToken)) frame.state = 'active';
}

function closeConditional(ctx: DirectiveContext, state: FileState, nameToken: Token, operands: readonly Token[]): void {
  const frame = state.conditions.pop();
  if (frame === undefined) {
    ctx.sink.reportAt(M.directiveWithoutIf, locOf(nameToken), 'endif');
    return;
  }
  const parentActive = state.conditions.every((f) => f.state === 'active');
  if (operands.length > 0 && parentActive) ctx.sink.reportAt(M.extraTokens, locOf(operands[0] as Token), 'endif');
  if (state.conditions.length === 0 && state.guard !== undefined) state.guard.closed = true;
}

function define(ctx: DirectiveContext, operands: readonly Token[], nameToken: Token): void {
  const definition = parseDefine(operands, nameToken, ctx.sink);
  if (definition === undefined) return;
  const previous = ctx.macros.get(definition.name);
  if (previous?.kind === 'builtin') {
    ctx.sink.reportAt(M.builtinMacro, locOf(operands[0] as Token), definition.name);
    return;
  }
  if (previous !== undefined && !sameDefinition(previous, definition)) {
    const d = ctx.sink.reportAt(M.macroRedefined, locOf(operands[0] as Token), definition.name);
    ctx.sink.addRelated(d, previous.ref.definedAt, M.previousDefinition.text());
  }
  ctx.macros.set(definition.name, definition);
}

function undefine(ctx: DirectiveContext, operands: readonly Token[], nameToken: Token): void {
  const macroName = operands[0];
  if (macroName === undefined || macroName.kind !== 'identifier') {
    ctx.sink.reportAt(M.expectedMacroName, locOf(macroName ?? nameToken), 'undef');
    return;
  }
  if (macroName.text === 'defined') {
    ctx.sink.reportAt(M.definedNotDefinable, locOf(macroName));
    return;
  }
  if (BUILTIN_MACROS.includes(macroName.text)) {
    ctx.sink.reportAt(M.builtinMacro, locOf(macroName), macroName.text);
    return;
  }
  if (operands.length > 1) ctx.sink.reportAt(M.extraTokens, locOf(operands[1] as Token), 'undef');
  ctx.macros.delete(macroName.text);
}

/** The file name of `"name"` or `<name>` at the start of `tokens`, and how many tokens it used. */
function headerName(tokens: readonly Token[]): { name: string; angled: boolean; used: number } | undefined {
  const first = tokens[0];
  if (first?.kind === 'string') return { name: first.text.slice(1, -1), angled: false, used: 1 };
  if (isPunctuator(first, '<')) {
    const close = tokens.findIndex((t, k) => k > 0 && isPunctuator(t, '>'));
    if (close < 0) return undefined;
    const inner = tokens.slice(1, close).map((t, k) => (k === 0 ? { ...t, space: false } : t));
    return { name: spell(inner), angled: true, used: close + 1 };
  }
  return undefined;
}

function include(ctx: DirectiveContext, state: FileState, operands: readonly Token[], nameToken: Token): void {
  let header = headerName(operands);
  let tokens = operands;
  if (header === undefined) {
    // A computed include: `#include MACRO`.
    tokens = ctx.expandTokens(operands);
    header = headerName(tokens);
  }
  if (header === undefined || header.name.length === 0) {
    ctx.sink.reportAt(M.badIncludeSyntax, locOf(operands[0] ?? nameToken));
    return;
  }
  if (tokens.length > header.used) ctx.sink.reportAt(M.extraTokens, locOf(tokens[header.used] as Token), 'include');
  const at = spanOf(operands, nameToken);
  const found = ctx.resolver.resolve(header.name, header.angled, state.real.path);
  if ('searched' in found) {
    const searched = found.searched.length === 0 ? 'no directories' : found.searched.join(', ');
    ctx.sink.reportAt(M.includeNotFound, at, header.name, searched);
    return;
  }
  ctx.include(found, at);
}

function lineDirective(
  ctx: DirectiveContext,
  state: FileState,
  line: LogicalLine,
  operands: readonly Token[],
  nameToken: Token,
): void {
  const number = operands[0];
  const fileName = operands[1];
  const value = number !== undefined && /^[0-9]+$/.test(number.text) ? Number(number.text) : Number.NaN;
  if (
    !(value >= 1 && value <= 2147483647) ||
    (fileName !== undefined && fileName.kind !== 'string') ||
    operands.length > 2
  ) {
    ctx.sink.reportAt(M.badLineDirective, locOf(number ?? nameToken));
    return;
  }
  const path = fileName === undefined ? state.view.path : fileName.text.slice(1, -1).replace(/\\(.)/g, '$1');
  state.view = lineView(state.real, path, line.end, value);
}
