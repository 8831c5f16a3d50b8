// The foundation of the P4 grammar: the scoped set of declared type names (p4c's
// ProgramStructure), the token reclassification that turns an Identifier into a TypeIdentifier
// when it names a type (p4c's lexer feedback), and the look-ahead scanners that gates use to
// tell declarations from statements and generic calls from comparisons.

import type { IParserErrorMessageProvider, IRuleConfig, IToken, ParserMethod, TokenType } from 'chevrotain';
import type { Span } from '../source/span.js';
import type { Annotation, Identifier } from './ast.js';
import { EmbeddedActionsParser, tokenMatcher } from './chevrotain.js';
import { describeToken } from './error-messages.js';
import * as T from './tokens.js';

/** A problem found while building the AST (not a token mismatch): a bad literal, say. */
export interface BuildProblem {
  /** `syntax`: a rule the grammar accepts but p4c rejects; `text` is the whole message. */
  readonly kind: 'invalidInteger' | 'notAStatement' | 'syntax';
  readonly text: string;
  readonly span: Span;
}

const noSpan: Span = { start: 0, end: 0 };

/** What a rule without a better recovery value returns after a syntax error. */
function recoveredNode(): object {
  return {
    kind: 'EmptyStatement',
    span: noSpan,
    name: { kind: 'Identifier', name: '<missing>', span: noSpan },
    annotations: [],
    typeParameters: [],
    parameters: [],
  };
}

const typeStartKeywords = new Set<TokenType>([
  T.Bit,
  T.Int,
  T.Varbit,
  T.Bool,
  T.StringKw,
  T.ErrorKw,
  T.MatchKind,
  T.Tuple,
  T.List,
]);

/** Token types that can never appear inside a type argument list: scanning stops there. */
const notInTypeArgs = new Set<TokenType>([
  T.Semicolon,
  T.LBrace,
  T.RBrace,
  T.Assign,
  T.And,
  T.Or,
  T.Question,
  T.Colon,
  T.Eq,
  T.Ne,
]);

export abstract class P4GrammarBase extends EmbeddedActionsParser {
  /** Innermost last. A name maps to true when it names a type in that scope, false when a value
   *  declared there shadows an outer type. */
  private scopes: Map<string, boolean>[] = [new Map()];
  /** Changes whenever `scopes` does, so token classifications can be cached. */
  private scopeVersion = 0;
  protected problems: BuildProblem[] = [];

  constructor(errorMessageProvider: IParserErrorMessageProvider) {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 2,
      errorMessageProvider,
      skipValidations: process.env.P4TS_PARSER_VALIDATE !== '1',
    });
  }

  /** The text being parsed: `@pragma` annotations end at the end of their line. */
  protected text = '';

  /** Every rule gets a recovery value, so that a parent rule that error recovery resumes never
   *  reads a property of `undefined`: an empty node carrying the fields parents commonly read.
   *  Rules that can do better pass their own `recoveryValueFunc`. */
  // biome-ignore lint/suspicious/noExplicitAny: the signature of chevrotain's own RULE.
  protected override RULE<F extends (...args: any[]) => any>(
    name: string,
    implementation: F,
    config?: IRuleConfig<ReturnType<F>>,
  ): ParserMethod<Parameters<F>, ReturnType<F>> {
    const recoveryValueFunc = config?.recoveryValueFunc ?? (() => recoveredNode() as ReturnType<F>);
    return super.RULE(name, implementation, { ...config, recoveryValueFunc });
  }

  /** Starts a new parse of `text`: the caller then sets `input`. */
  resetState(text: string): void {
    this.scopes = [new Map()];
    this.scopeVersion++;
    this.widthStarts = [];
    this.problems = [];
    this.text = text;
  }

  /** LA(1) starts on the line where LA(0) ends. */
  protected nextTokenOnSameLine(): boolean {
    const next = this.LA(1);
    if (next.tokenType.name === 'EOF') return false;
    const gap = this.text.slice(T.tokenEnd(this.LA(0)), next.startOffset);
    return !gap.includes('\n') && !gap.includes('\r');
  }

  takeProblems(): BuildProblem[] {
    return this.problems;
  }

  // ---- the scoped set of type names (updated only inside ACTION) ----------------------------

  protected declareType(name: Identifier | undefined): void {
    this.scopeVersion++;
    if (name !== undefined) this.scopes[this.scopes.length - 1]?.set(name.name, true);
  }

  protected declareValue(name: Identifier | undefined): void {
    this.scopeVersion++;
    if (name === undefined) return;
    const scope = this.scopes[this.scopes.length - 1];
    // Only a value that hides a type needs an entry: the default for unknown names is "value".
    if (scope !== undefined && this.isTypeName(name.name)) scope.set(name.name, false);
  }

  protected pushScope(): void {
    this.scopeVersion++;
    this.scopes.push(new Map());
  }

  protected popScope(): void {
    this.scopeVersion++;
    if (this.scopes.length > 1) this.scopes.pop();
  }

  /** Token indices where the widths of `bit<W>` being parsed start, innermost last. */
  private widthStarts: number[] = [];

  protected enterWidth(): void {
    this.widthStarts.push(this.position());
  }

  protected leaveWidth(): void {
    this.widthStarts.pop();
  }

  /** Inside `bit<W>`, a `>` that is not nested in brackets closes the type argument. */
  protected isClosingWidth(): boolean {
    const start = this.widthStarts[this.widthStarts.length - 1];
    if (start === undefined) return false;
    let depth = 0;
    for (let k = start + 1 - this.position(); k <= 0; k++) {
      const t = this.tokenAt(k);
      if (t === T.LParen || t === T.LBracket || t === T.LBrace) depth++;
      else if (t === T.RParen || t === T.RBracket || t === T.RBrace) depth--;
    }
    return depth <= 0;
  }

  protected position(): number {
    return (this as unknown as { currIdx: number }).currIdx;
  }

  /** Error recovery can skip a popScope: every top-level declaration starts at global scope. */
  protected resetToGlobalScope(): void {
    this.scopeVersion++;
    this.scopes.length = 1;
    this.widthStarts.length = 0;
  }

  protected isTypeName(name: string): boolean {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const entry = this.scopes[i]?.get(name);
      if (entry !== undefined) return entry;
    }
    return false;
  }

  // ---- reclassification: what p4c's lexer does with TYPE_IDENTIFIER -------------------------

  private classify(token: IToken, howMuch: number): IToken {
    const idx = token.tokenTypeIdx;
    if (idx === T.Identifier.tokenTypeIdx || idx === T.TypeIdentifier.tokenTypeIdx) {
      // Look-ahead asks about the same tokens many times: classify once per state of the scopes.
      const cached = token as IToken & { scopeVersion?: number };
      if (cached.scopeVersion === this.scopeVersion) return token;
      cached.scopeVersion = this.scopeVersion;
      const isType = this.isDotPrefixed(howMuch)
        ? this.scopes[0]?.get(token.image) === true
        : this.isTypeName(token.image);
      const type = isType ? T.TypeIdentifier : T.Identifier;
      token.tokenType = type;
      token.tokenTypeIdx = type.tokenTypeIdx!;
    }
    return token;
  }

  /** `.x` as a prefix (not a member access) names x in the global scope. */
  private isDotPrefixed(howMuch: number): boolean {
    const vector = (this as unknown as { tokVector: IToken[] }).tokVector;
    const at = this.position() + howMuch;
    if (vector[at - 1]?.tokenType !== T.Dot) return false;
    const before = vector[at - 2];
    if (before === undefined) return true;
    const t = before.tokenType;
    return !(
      tokenMatcher(before, T.NameToken) ||
      t === T.RParen ||
      t === T.RBracket ||
      t === T.RAngle ||
      t === T.This ||
      t === T.ErrorKw
    );
  }

  protected override LA(howMuch: number): IToken {
    return this.classify(super.LA(howMuch), howMuch);
  }

  protected override LA_FAST(howMuch: number): IToken {
    return this.classify(super.LA_FAST(howMuch), howMuch);
  }

  // ---- spans ---------------------------------------------------------------------------------

  /** The span from `first` to the last consumed token. Recovered tokens have NaN offsets. */
  protected spanFrom(first: IToken | Span | undefined): Span {
    const last = this.LA(0);
    let start: number;
    if (first === undefined) start = Number.NaN;
    else if ('startOffset' in first) start = first.startOffset;
    else start = first.start;
    let end = T.tokenEnd(last);
    if (Number.isNaN(end)) end = Number.isNaN(start) ? 0 : start;
    if (Number.isNaN(start)) start = end;
    return { start, end: Math.max(start, end) };
  }

  protected tokenSpan(token: IToken): Span {
    const start = token.startOffset;
    if (Number.isNaN(start)) {
      const prev = this.LA(0);
      const prevEnd = T.tokenEnd(prev);
      const at = Number.isNaN(prevEnd) ? 0 : prevEnd;
      return { start: at, end: at };
    }
    return { start, end: T.tokenEnd(token) };
  }

  protected identifier(token: IToken): Identifier {
    return { kind: 'Identifier', name: token.image, span: this.tokenSpan(token) };
  }

  /** The first token of a node that may start with annotations. */
  protected startOf(annotations: readonly Annotation[], fallback: IToken | Span): Span | IToken {
    return annotations[0]?.span ?? fallback;
  }

  // ---- look-ahead scanners used by gates (never consume) -------------------------------------

  protected tokenAt(k: number): TokenType {
    return this.LA(k).tokenType;
  }

  protected isNameToken(k: number): boolean {
    return tokenMatcher(this.LA(k), T.NameToken);
  }

  /** Skips `< ... >` starting at LA(k) (which must be `<`); returns the index after the `>`,
   *  or 0 when the tokens cannot be a type argument list. */
  protected skipAngles(k: number): number {
    let depth = 0;
    let parens = 0;
    for (let i = k; i < k + 200; i++) {
      const t = this.tokenAt(i);
      if (t === T.LAngle) depth++;
      else if (t === T.RAngle) {
        depth--;
        if (depth === 0) return i + 1;
      } else if (t === T.LParen) parens++;
      else if (t === T.RParen) {
        if (--parens < 0) return 0;
      } else if (notInTypeArgs.has(t) || t.name === 'EOF') return 0;
    }
    return 0;
  }

  /** Skips a balanced group `(...)`, `[...]` or `{...}` starting at LA(k) (all three kinds nest
   *  inside); returns the index after its closing token, or 0 when it does not close. */
  protected skipBalanced(k: number): number {
    let depth = 0;
    for (let i = k; i < k + 20000; i++) {
      const t = this.tokenAt(i);
      if (t === T.LParen || t === T.LBracket || t === T.LBrace) depth++;
      else if (t === T.RParen || t === T.RBracket || t === T.RBrace) {
        depth--;
        if (depth === 0) return i + 1;
        if (depth < 0) return 0;
      } else if (t.name === 'EOF') return 0;
    }
    return 0;
  }

  /** If LA(k) starts something that reads as a type reference, the index after it; else 0. */
  protected scanTypeRef(k: number): number {
    let i = k;
    const t = this.tokenAt(i);
    if (t === T.Bit || t === T.Int || t === T.Varbit || t === T.Tuple || t === T.List) {
      i++;
      if (this.tokenAt(i) === T.LAngle) i = this.skipAngles(i);
      else if (t !== T.Bit && t !== T.Int) return 0;
    } else if (typeStartKeywords.has(t)) {
      i++;
    } else {
      if (t === T.Dot) i++;
      if (this.tokenAt(i) !== T.TypeIdentifier) return 0;
      i++;
      if (this.tokenAt(i) === T.LAngle) i = this.skipAngles(i);
    }
    while (i > 0 && this.tokenAt(i) === T.LBracket) i = this.skipBalanced(i);
    return i;
  }

  /** Skips annotations starting at LA(k); returns the index of the first token after them. */
  protected skipAnnotations(k: number): number {
    let i = k;
    while (this.tokenAt(i) === T.At) {
      i += 2;
      const t = this.tokenAt(i);
      if (t === T.LParen || t === T.LBracket) {
        const after = this.skipBalanced(i);
        if (after === 0) return i;
        i = after;
      }
    }
    return i;
  }

  /** At LA(k): `typeRef name` (a variable) or `typeRef (args) name` (an instantiation). */
  protected isTypedDeclarationAt(k: number): boolean {
    const afterType = this.scanTypeRef(k);
    if (afterType === 0) return false;
    if (this.isNameToken(afterType)) return true;
    if (this.tokenAt(afterType) !== T.LParen) return false;
    const afterArgs = this.skipBalanced(afterType);
    return afterArgs !== 0 && this.isNameToken(afterArgs);
  }

  /** At LA(1) `<`: a type argument list followed by `(`, i.e. a generic call `f<T>(x)`. */
  protected isGenericCallAhead(): boolean {
    const first = this.tokenAt(2);
    if (
      first !== T.TypeIdentifier &&
      first !== T.Void &&
      first !== T.DontCare &&
      first !== T.Dot &&
      !typeStartKeywords.has(first)
    ) {
      return false;
    }
    const after = this.skipAngles(1);
    return after !== 0 && this.tokenAt(after) === T.LParen;
  }

  /** At LA(1) `(`: `(typeRef) expr`, a cast. */
  protected isCastAhead(): boolean {
    const afterType = this.scanTypeRef(2);
    return afterType !== 0 && this.tokenAt(afterType) === T.RParen;
  }

  /** At LA(1) `(`: a tuple keyset `( ... )` directly followed by `:`. */
  protected isTupleKeysetAhead(): boolean {
    const after = this.skipBalanced(1);
    return after !== 0 && this.tokenAt(after) === T.Colon;
  }

  protected invalidInteger(text: string, span: Span): void {
    this.problems.push({ kind: 'invalidInteger', text, span });
  }

  protected notAStatement(span: Span): void {
    // An empty span is an expression error recovery made up from inserted tokens: the
    // syntax error that caused it is already reported where the text goes wrong.
    if (span.end <= span.start) return;
    this.problems.push({ kind: 'notAStatement', text: '', span });
  }

  protected syntaxProblem(text: string, span: Span): void {
    this.problems.push({ kind: 'syntax', text, span });
  }

  /** The token at LA(1) as a message quotes it. */
  protected describeNext(): string {
    return describeToken(this.LA(1));
  }
}
