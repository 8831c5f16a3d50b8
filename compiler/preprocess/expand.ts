// Macro expansion by hide sets (Prosser's algorithm, the one C's standard describes): every
// token carries the names of the macros it came out of, so self-reference stops ("painted
// blue") however the expansions nest. Arguments are expanded before substitution unless they
// meet '#' or '##'; results are rescanned together with the rest of the text.

import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import { type Location, lineColOf } from '../source/source-file.js';
import type { MacroDefinition, MacroTable } from './macros.js';
import { PreprocessMessages as M } from './messages.js';
import { type Expansion, expandedToken, isPunctuator, singleTokenKind, type Token } from './tokens.js';

/** Tokens still to expand, front last; `refill` supplies more lines when they run out. */
export class TokenStack {
  private readonly reversed: Token[] = [];

  constructor(
    tokens: readonly Token[],
    private readonly refill?: () => Token[] | undefined,
  ) {
    this.pushFront(tokens);
  }

  pushFront(tokens: readonly Token[]): void {
    for (let k = tokens.length - 1; k >= 0; k--) this.reversed.push(tokens[k] as Token);
  }

  /** The next token; only a caller that is inside a construct (a macro's arguments) asks for more lines. */
  next(refill = false): Token | undefined {
    if (this.reversed.length === 0 && !(refill && this.fill())) return undefined;
    return this.reversed.pop();
  }

  /** The next token without taking it, reading more lines if needed (is a '(' coming?). */
  peek(): Token | undefined {
    if (this.reversed.length === 0 && !this.fill()) return undefined;
    return this.reversed[this.reversed.length - 1];
  }

  private fill(): boolean {
    while (this.reversed.length === 0) {
      const more = this.refill?.();
      if (more === undefined) return false;
      this.pushFront(more);
    }
    return true;
  }
}

/** Tokens one expansion may produce before the rest is left alone (stops macro "bombs"). */
export const EXPANSION_TOKEN_LIMIT = 200_000;
/** Arguments nested deeper than this are rescanned, not pre-expanded, to bound recursion. */
const ARGUMENT_DEPTH_LIMIT = 256;

function locOf(t: Token): Location {
  return { file: t.file, start: t.start, end: t.end };
}

/**
 * Hide sets are interned: the same set plus the same name is the same object, so the many
 * tokens of one expansion share a set and a long chain of expansions builds each set once.
 */
class HideSets {
  private readonly singles = new Map<string, ReadonlySet<string>>();
  private readonly added = new WeakMap<ReadonlySet<string>, Map<string, ReadonlySet<string>>>();
  private readonly unions = new WeakMap<ReadonlySet<string>, WeakMap<ReadonlySet<string>, ReadonlySet<string>>>();

  withName(hide: ReadonlySet<string> | undefined, name: string): ReadonlySet<string> {
    if (hide === undefined) {
      let single = this.singles.get(name);
      if (single === undefined) {
        single = new Set([name]);
        this.singles.set(name, single);
      }
      return single;
    }
    if (hide.has(name)) return hide;
    let byName = this.added.get(hide);
    if (byName === undefined) {
      byName = new Map();
      this.added.set(hide, byName);
    }
    let grown = byName.get(name);
    if (grown === undefined) {
      grown = new Set(hide).add(name);
      byName.set(name, grown);
    }
    return grown;
  }

  union(a: ReadonlySet<string> | undefined, b: ReadonlySet<string>): ReadonlySet<string> {
    if (a === undefined || a === b || a.size === 0) return b;
    let withA = this.unions.get(a);
    if (withA === undefined) {
      withA = new WeakMap();
      this.unions.set(a, withA);
    }
    let result = withA.get(b);
    if (result === undefined) {
      result = b;
      for (const name of a) result = this.withName(result, name);
      withA.set(b, result);
    }
    return result;
  }

  intersection(
    a: ReadonlySet<string> | undefined,
    b: ReadonlySet<string> | undefined,
  ): ReadonlySet<string> | undefined {
    if (a === undefined || b === undefined) return undefined;
    if (a === b) return a;
    let common: ReadonlySet<string> | undefined;
    for (const name of a) if (b.has(name)) common = this.withName(common, name);
    return common;
  }
}

function placemarker(at: Token): Token {
  return { ...at, kind: 'placemarker', text: '', hide: undefined };
}

/** A string literal's spelling of some tokens (the '#' operator). */
function stringizeText(tokens: readonly Token[]): string {
  let text = '';
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (k > 0 && t.space) text += ' ';
    text += t.kind === 'string' ? t.text.replace(/[\\"]/g, '\\$&') : t.text;
  }
  return `"${text}"`;
}

export class MacroExpander {
  private budget = EXPANSION_TOKEN_LIMIT;
  private argumentDepth = 0;
  private readonly hideSets = new HideSets();

  constructor(
    private readonly macros: MacroTable,
    private readonly sink: DiagnosticSink,
  ) {}

  /** Expands everything `stack` yields into `out`. */
  expand(stack: TokenStack, out: Token[]): void {
    this.budget = EXPANSION_TOKEN_LIMIT;
    this.expandInto(stack, out);
  }

  private expandInto(stack: TokenStack, out: Token[]): void {
    for (;;) {
      const t = stack.next();
      if (t === undefined) return;
      if (t.kind !== 'identifier') {
        out.push(t);
        continue;
      }
      const m = this.macros.get(t.text);
      if (m === undefined || t.hide?.has(t.text) === true || this.budget < 0) {
        out.push(t);
        continue;
      }
      if (m.kind === 'builtin') {
        out.push(this.builtin(m, t));
        continue;
      }
      if (m.kind === 'object') {
        stack.pushFront(this.substitute(m, t, [], undefined));
        continue;
      }
      // A function-like macro's name expands only when a '(' comes next.
      if (!isPunctuator(stack.peek(), '(')) {
        out.push(t);
        continue;
      }
      const call = this.collectArguments(stack, m, t);
      if (call === undefined) {
        out.push(t);
        continue;
      }
      const args = this.checkArgumentCount(m, t, call.args);
      if (args === undefined) {
        // As cpp does, a call with the wrong arguments leaves nothing (only a mark of where it was).
        out.push(this.erasedCall(t, call.rparen));
        continue;
      }
      stack.pushFront(this.substitute(m, t, args, call.rparen));
    }
  }

  private collectArguments(
    stack: TokenStack,
    m: MacroDefinition,
    name: Token,
  ): { args: Token[][]; rparen: Token } | undefined {
    const consumed: Token[] = [stack.next(true) as Token];
    const args: Token[][] = [];
    let current: Token[] = [];
    let depth = 0;
    for (;;) {
      const t = stack.next(true);
      if (t === undefined) {
        this.sink.reportAt(M.unterminatedMacroCall, name.expansion?.loc ?? locOf(name), m.name);
        stack.pushFront(consumed);
        return undefined;
      }
      consumed.push(t);
      if (t.kind === 'punctuator') {
        if (t.text === '(') depth++;
        else if (t.text === ')') {
          if (depth === 0) {
            args.push(current);
            // Collecting counts against the budget too: arguments nested thousands deep are
            // collected again at every level.
            this.spend(consumed.length, name);
            return { args, rparen: t };
          }
          depth--;
        } else if (t.text === ',' && depth === 0 && !(m.variadic && args.length >= m.params.length - 1)) {
          args.push(current);
          current = [];
          continue;
        }
      }
      current.push(t);
    }
  }

  private checkArgumentCount(m: MacroDefinition, name: Token, args: Token[][]): Token[][] | undefined {
    const wanted = m.params.length;
    if (wanted === 0 && args.length === 1 && args[0]?.length === 0) return [];
    if (args.length === wanted) return args;
    if (m.variadic && args.length === wanted - 1) return [...args, []];
    const expected = m.variadic
      ? `at least ${wanted - 1} argument${wanted - 1 === 1 ? '' : 's'}`
      : `${wanted} argument${wanted === 1 ? '' : 's'}`;
    this.sink.reportAt(M.macroArgumentCount, name.expansion?.loc ?? locOf(name), m.name, expected, args.length);
    return undefined;
  }

  /** The replacement of one invocation, ready to be rescanned. */
  private substitute(m: MacroDefinition, name: Token, args: Token[][], rparen: Token | undefined): Token[] {
    const hideSets = this.hideSets;
    const hide = hideSets.withName(
      rparen === undefined ? name.hide : hideSets.intersection(name.hide, rparen.hide),
      m.name,
    );
    const callStart = name.expansion?.callStart ?? name.start;
    const callEnd = Math.max(
      name.expansion?.callEnd ?? name.end,
      rparen === undefined ? 0 : (rparen.expansion?.callEnd ?? rparen.end),
    );
    const bodyExpansion: Expansion = {
      callStart,
      callEnd,
      loc: name.expansion?.loc ?? locOf(name),
      macro: name.expansion?.macro ?? m.ref,
    };
    const fromArgument = (a: Token): Token =>
      expandedToken(a, hideSets.union(a.hide, hide), {
        callStart,
        callEnd,
        loc: a.expansion?.loc ?? locOf(a),
        macro: a.expansion?.macro ?? m.ref,
      });
    const expandedArgs: (Token[] | undefined)[] = [];
    const expandedArg = (p: number): Token[] => {
      let done = expandedArgs[p];
      if (done === undefined) {
        done = this.expandArgument(args[p] ?? []).map(fromArgument);
        expandedArgs[p] = done;
      }
      return done;
    };
    const rawArg = (p: number): Token[] => (args[p] ?? []).map(fromArgument);
    // An argument's first token takes the whitespace of the parameter it replaces.
    const spacedLike = (tokens: Token[], param: Token): Token[] => {
      const first = tokens[0];
      if (first === undefined || first.space === param.space) return tokens;
      return [{ ...first, space: param.space }, ...tokens.slice(1)];
    };
    const stringize = (p: number, hash: Token): Token => ({
      kind: 'string',
      text: stringizeText(args[p] ?? []),
      space: hash.space,
      file: name.file,
      start: name.start,
      end: name.end,
      hide,
      expansion: bodyExpansion,
    });
    const isFunction = m.kind === 'function';
    const body = m.body;
    const out: Token[] = [];
    for (let k = 0; k < body.length; k++) {
      const t = body[k] as Token;
      const p = m.paramIndex[k] ?? -1;
      if (isFunction && isPunctuator(t, '#')) {
        out.push(stringize(m.paramIndex[k + 1] ?? -1, t));
        k++;
        continue;
      }
      if (isPunctuator(t, '##')) {
        k++;
        const r = body[k] as Token;
        const rp = m.paramIndex[k] ?? -1;
        let rhs: Token[];
        if (isFunction && isPunctuator(r, '#')) {
          rhs = [stringize(m.paramIndex[k + 1] ?? -1, r)];
          k++;
        } else if (rp >= 0) {
          rhs = rawArg(rp);
        } else rhs = [expandedToken(r, hide, bodyExpansion)];
        const lhs = out.pop() ?? placemarker(t);
        // GNU `, ## __VA_ARGS__`: the comma goes away with empty variable arguments, else stays unpasted.
        if (m.variadic && rp === m.params.length - 1 && isPunctuator(lhs, ',')) {
          if (rhs.length > 0) out.push(lhs, ...rhs);
          continue;
        }
        const [first, ...rest] = rhs;
        out.push(...(first === undefined ? [lhs] : this.paste(lhs, first, hide, bodyExpansion)), ...rest);
        continue;
      }
      if (p >= 0) {
        if (isPunctuator(body[k + 1], '##')) {
          const raw = spacedLike(rawArg(p), t);
          out.push(...(raw.length > 0 ? raw : [placemarker(t)]));
        } else out.push(...spacedLike(expandedArg(p), t));
        continue;
      }
      out.push(expandedToken(t, hide, bodyExpansion));
    }
    const result = out.some((t) => t.kind === 'placemarker') ? out.filter((t) => t.kind !== 'placemarker') : out;
    this.spend(result.length, name);
    // An empty expansion still leaves a mark, so the output knows the invocation's text is gone.
    const first = result[0];
    if (first === undefined) return [{ ...placemarker(name), hide, expansion: bodyExpansion }];
    // The expansion stands where the name stood, with the name's leading whitespace.
    if (first.space !== name.space) result[0] = { ...first, space: name.space };
    return result;
  }

  private erasedCall(name: Token, rparen: Token): Token {
    return {
      ...placemarker(name),
      expansion: {
        callStart: name.expansion?.callStart ?? name.start,
        callEnd: Math.max(name.expansion?.callEnd ?? name.end, rparen.expansion?.callEnd ?? rparen.end),
        loc: name.expansion?.loc ?? locOf(name),
        macro: name.expansion?.macro,
      },
    };
  }

  private spend(tokens: number, at: Token): void {
    const wasWithin = this.budget >= 0;
    this.budget -= tokens;
    if (wasWithin && this.budget < 0)
      this.sink.reportAt(M.expansionTooLarge, at.expansion?.loc ?? locOf(at), EXPANSION_TOKEN_LIMIT);
  }

  private expandArgument(tokens: Token[]): Token[] {
    if (tokens.length === 0) return tokens;
    if (this.argumentDepth >= ARGUMENT_DEPTH_LIMIT) return tokens;
    this.argumentDepth++;
    const out: Token[] = [];
    this.expandInto(new TokenStack(tokens), out);
    this.argumentDepth--;
    return out;
  }

  private paste(lhs: Token, rhs: Token, hide: ReadonlySet<string>, expansion: Expansion): Token[] {
    if (lhs.kind === 'placemarker') return [rhs];
    if (rhs.kind === 'placemarker') return [lhs];
    const text = lhs.text + rhs.text;
    const kind = singleTokenKind(text);
    // gcc reports this in C, but not in the assembler-with-cpp mode p4c runs it in: there the
    // two tokens simply stay side by side. Real Tofino programs rely on it (`a ## [1]`-style
    // array macros in switch-p4-16), so we do the same.
    if (kind === undefined) return [lhs, rhs];
    return [{ kind, text, space: lhs.space, file: lhs.file, start: lhs.start, end: lhs.end, hide, expansion }];
  }

  private builtin(m: MacroDefinition, name: Token): Token {
    const loc = name.expansion?.loc ?? locOf(name);
    const text =
      m.name === '__LINE__'
        ? String(lineColOf(loc.file, loc.start).line)
        : `"${loc.file.path.replace(/[\\"]/g, '\\$&')}"`;
    return {
      kind: m.name === '__LINE__' ? 'number' : 'string',
      text,
      space: name.space,
      file: name.file,
      start: name.start,
      end: name.end,
      hide: name.hide,
      expansion: {
        callStart: name.expansion?.callStart ?? name.start,
        callEnd: name.expansion?.callEnd ?? name.end,
        loc,
        macro: name.expansion?.macro,
      },
    };
  }
}
