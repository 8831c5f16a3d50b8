// Macro definitions: what `#define` records, how it is checked (parameters, '#' and '##'),
// and when a redefinition is the same one (C's rule: same parameters, same body tokens, same
// whitespace between them). Expansion itself lives in expand.ts.

import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import type { Location } from '../source/source-file.js';
import { PreprocessMessages as M } from './messages.js';
import { isPunctuator, type MacroRef, type Token } from './tokens.js';

export interface MacroDefinition {
  readonly name: string;
  readonly kind: 'object' | 'function' | 'builtin';
  /** Parameter names; a variadic macro's last one is `__VA_ARGS__` (or the GNU `name...` name). */
  readonly params: readonly string[];
  readonly variadic: boolean;
  readonly body: readonly Token[];
  /** For each body token, the index of the parameter it names, or -1. */
  readonly paramIndex: readonly number[];
  /** Reported as the macro's origin: the body text, or the name when the body is empty. */
  readonly ref: MacroRef;
}

export const BUILTIN_MACROS: readonly string[] = ['__FILE__', '__LINE__'];

export type MacroTable = Map<string, MacroDefinition>;

export function createMacroTable(builtinAt: Location): MacroTable {
  const table: MacroTable = new Map();
  for (const name of BUILTIN_MACROS) {
    table.set(name, {
      name,
      kind: 'builtin',
      params: [],
      variadic: false,
      body: [],
      paramIndex: [],
      ref: { name, definedAt: builtinAt },
    });
  }
  return table;
}

function locOf(t: Token): Location {
  return { file: t.file, start: t.start, end: t.end };
}

/**
 * Parses the tokens after `#define` (name first). Returns undefined, after reporting, when the
 * definition is malformed.
 */
export function parseDefine(
  tokens: readonly Token[],
  directive: Token,
  sink: DiagnosticSink,
): MacroDefinition | undefined {
  const nameToken = tokens[0];
  if (nameToken === undefined || nameToken.kind !== 'identifier') {
    sink.reportAt(M.expectedMacroName, locOf(nameToken ?? directive), 'define');
    return undefined;
  }
  const name = nameToken.text;
  if (name === 'defined') {
    sink.reportAt(M.definedNotDefinable, locOf(nameToken));
    return undefined;
  }
  let i = 1;
  const params: string[] = [];
  let variadic = false;
  let kind: 'object' | 'function' = 'object';
  const open = tokens[1];
  // Only a '(' glued to the name makes a function-like macro: `#define F (x)` is object-like.
  if (isPunctuator(open, '(') && open !== undefined && !open.space) {
    kind = 'function';
    i = 2;
    const bad = (detail: string, at: Token | undefined): undefined => {
      sink.reportAt(M.badMacroParameters, locOf(at ?? nameToken), detail);
      return undefined;
    };
    if (isPunctuator(tokens[i], ')')) i++;
    else {
      for (;;) {
        const p = tokens[i];
        if (p === undefined) return bad(`missing ')' in the parameter list of '${name}'`, open);
        if (isPunctuator(p, '...')) {
          variadic = true;
          params.push('__VA_ARGS__');
          i++;
        } else if (p.kind === 'identifier') {
          if (p.text === '__VA_ARGS__') return bad(`'__VA_ARGS__' can only name the variable arguments`, p);
          if (params.includes(p.text)) return bad(`duplicate parameter '${p.text}'`, p);
          params.push(p.text);
          i++;
          if (isPunctuator(tokens[i], '...')) {
            variadic = true;
            i++;
          }
        } else return bad(`expected a parameter name but found '${p.text}'`, p);
        const sep = tokens[i];
        if (isPunctuator(sep, ')')) {
          i++;
          break;
        }
        if (variadic) return bad(`expected ')' after '...'`, sep ?? p);
        if (!isPunctuator(sep, ',')) return bad(`expected ',' or ')' in the parameter list of '${name}'`, sep ?? p);
        i++;
      }
    }
  }
  const body = tokens.slice(i).map((t, k) => (k === 0 && t.space ? { ...t, space: false } : t));
  const paramIndex = body.map((t) => (kind === 'function' && t.kind === 'identifier' ? params.indexOf(t.text) : -1));
  if (!checkBody(body, paramIndex, kind, sink)) return undefined;
  const first = body[0];
  const last = body[body.length - 1];
  const definedAt: Location =
    first !== undefined && last !== undefined && first.file === last.file
      ? { file: first.file, start: first.start, end: last.end }
      : locOf(nameToken);
  return { name, kind, params, variadic, body, paramIndex, ref: { name, definedAt } };
}

function checkBody(
  body: readonly Token[],
  paramIndex: readonly number[],
  kind: 'object' | 'function',
  sink: DiagnosticSink,
): boolean {
  const first = body[0];
  const last = body[body.length - 1];
  if (isPunctuator(first, '##') && first !== undefined) {
    sink.reportAt(M.pasteAtEdge, locOf(first));
    return false;
  }
  if (isPunctuator(last, '##') && last !== undefined) {
    sink.reportAt(M.pasteAtEdge, locOf(last));
    return false;
  }
  if (kind === 'function') {
    for (let k = 0; k < body.length; k++) {
      const t = body[k] as Token;
      if (isPunctuator(t, '#') && (paramIndex[k + 1] ?? -1) < 0) {
        sink.reportAt(M.stringizeNotParameter, locOf(t));
        return false;
      }
    }
  }
  return true;
}

/** C's rule for a harmless redefinition: identical parameters and body, whitespace included. */
export function sameDefinition(a: MacroDefinition, b: MacroDefinition): boolean {
  if (a.kind !== b.kind || a.variadic !== b.variadic || a.params.length !== b.params.length) return false;
  for (let k = 0; k < a.params.length; k++) if (a.params[k] !== b.params[k]) return false;
  if (a.body.length !== b.body.length) return false;
  for (let k = 0; k < a.body.length; k++) {
    const x = a.body[k] as Token;
    const y = b.body[k] as Token;
    if (x.text !== y.text || (k > 0 && x.space !== y.space)) return false;
  }
  return true;
}
