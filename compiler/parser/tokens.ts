// The P4_16 lexer: every token type in the order the lexer tries them (spec §6.3 "Lexical
// constructs"; p4c frontends/parsers/p4/p4lexer.ll). A token's `label` is what syntax errors print.
// `>` is always lexed alone: a shift `>>` is two adjacent `>` tokens (p4c's R_ANGLE_SHIFT), so
// `bit<bit<8>>` closes two type argument lists.

import type { ILexingResult, IToken, TokenType } from 'chevrotain';
import { createToken, Lexer } from './chevrotain.js';

/** Every token except parentheses: an annotation body `@x(...)` is a free token list. */
export const AnnotationBodyToken = createToken({ name: 'AnnotationBodyToken', pattern: Lexer.NA });
const inBody = [AnnotationBodyToken];
/** Names that can denote a value: identifiers and the contextual keywords (p4c `nonTypeName`). */
export const NonTypeNameToken = createToken({ name: 'NonTypeNameToken', pattern: Lexer.NA, label: 'identifier' });
/** Any name (p4c `name`): also type names and `list`. */
export const NameToken = createToken({ name: 'NameToken', pattern: Lexer.NA, label: 'name' });
/** Infix operators of expressions (`>>` is two `>`; see grammar-expressions.ts). */
export const BinaryOperatorToken = createToken({ name: 'BinaryOperatorToken', pattern: Lexer.NA, label: 'operator' });
/** `=` and the compound assignments of an assignment statement. */
export const AssignmentOperatorToken = createToken({
  name: 'AssignmentOperatorToken',
  pattern: Lexer.NA,
  label: 'assignment operator',
});
const assignment = [AnnotationBodyToken, AssignmentOperatorToken];
const valueName = [AnnotationBodyToken, NonTypeNameToken, NameToken];
const binary = [AnnotationBodyToken, BinaryOperatorToken];

function punct(name: string, text: string, categories = inBody): TokenType {
  const pattern = new RegExp(text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return createToken({ name, pattern, label: `'${text}'`, categories });
}

// ---- trivia (skipped) ------------------------------------------------------------------------
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v]+/, group: Lexer.SKIPPED });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n\r]*/, group: Lexer.SKIPPED });
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*[\s\S]*?\*\//,
  group: Lexer.SKIPPED,
  line_breaks: true,
});

// ---- identifiers and keywords ----------------------------------------------------------------
/** A name that is not (yet) a declared type. The grammar turns it into a TypeIdentifier when
 *  the scoped set of type names says so (see grammar-base.ts), as p4c's lexer does. */
export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  label: 'identifier',
  categories: valueName,
});
/** Never produced by the lexer: an Identifier reclassified as a declared type name. */
export const TypeIdentifier = createToken({
  name: 'TypeIdentifier',
  pattern: Lexer.NA,
  label: 'type name',
  categories: [AnnotationBodyToken, NameToken],
});

function keyword(text: string, categories = inBody): TokenType {
  const name = `Kw${text
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('')}`;
  const type = createToken({ name, pattern: Lexer.NA, label: `'${text}'`, categories });
  keywordByText.set(text, type);
  return type;
}

/** Keywords are lexed as identifiers and then looked up here: one regular expression and a
 *  map lookup per word instead of trying ~50 keyword patterns (see `tokenize`). */
const keywordByText = new Map<string, TokenType>();

export const Abstract = keyword('abstract');
export const Action = keyword('action');
export const Actions = keyword('actions', valueName);
export const Apply = keyword('apply', valueName);
export const Bool = keyword('bool');
export const Bit = keyword('bit');
export const Break = keyword('break');
export const Const = keyword('const');
export const Continue = keyword('continue');
export const Control = keyword('control');
export const Default = keyword('default');
export const Else = keyword('else');
export const Entries = keyword('entries', valueName);
export const Enum = keyword('enum');
export const ErrorKw = keyword('error');
export const Exit = keyword('exit');
export const Extern = keyword('extern');
export const False = keyword('false');
export const For = keyword('for');
export const Header = keyword('header');
export const HeaderUnion = keyword('header_union');
export const If = keyword('if');
export const In = keyword('in');
export const Inout = keyword('inout');
export const Int = keyword('int');
export const Key = keyword('key', valueName);
export const List = keyword('list', [AnnotationBodyToken, NameToken]);
export const MatchKind = keyword('match_kind');
export const Out = keyword('out');
export const Parser = keyword('parser');
export const Package = keyword('package');
export const Priority = keyword('priority', valueName);
export const Return = keyword('return');
export const Select = keyword('select');
export const State = keyword('state', valueName);
export const StringKw = keyword('string');
export const Struct = keyword('struct');
export const Switch = keyword('switch');
export const Table = keyword('table');
export const This = keyword('this');
export const Transition = keyword('transition');
export const True = keyword('true');
export const Tuple = keyword('tuple');
export const Type = keyword('type', valueName);
export const Typedef = keyword('typedef');
export const Varbit = keyword('varbit');
export const ValueSet = keyword('value_set');
export const Void = keyword('void');
export const DontCare = createToken({
  name: 'DontCare',
  pattern: /_/,
  label: "'_'",
  longer_alt: Identifier,
  categories: inBody,
});

/** Keywords (matched through keywordByText, so their order does not matter). */
const keywords = [
  Abstract,
  Actions,
  Action,
  Apply,
  Bool,
  Bit,
  Break,
  Const,
  Continue,
  Control,
  Default,
  Else,
  Entries,
  Enum,
  ErrorKw,
  Exit,
  Extern,
  False,
  For,
  HeaderUnion,
  Header,
  If,
  Inout,
  Int,
  In,
  Key,
  List,
  MatchKind,
  Out,
  Parser,
  Package,
  Priority,
  Return,
  Select,
  State,
  StringKw,
  Struct,
  Switch,
  Table,
  This,
  Transition,
  True,
  Tuple,
  Typedef,
  Type,
  Varbit,
  ValueSet,
  Void,
];

// ---- literals --------------------------------------------------------------------------------
/** All integer forms: `[width][ws]` prefix, then `0x`/`0d`/`0o`/`0b` or decimal, with `_`. */
export const IntegerLiteral = createToken({
  name: 'IntegerLiteral',
  pattern:
    /[0-9]+[ws](?:0[xX][0-9a-fA-F_]+|0[dD][0-9_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*)|0[xX][0-9a-fA-F_]+|0[dD][0-9_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*/,
  label: 'integer',
  categories: inBody,
});
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /"(?:[^"\\]|\\[\s\S])*"/,
  label: 'string literal',
  line_breaks: true,
  categories: inBody,
});

// ---- operators and punctuation (longest first) -----------------------------------------------
export const Mask = punct('Mask', '&&&');
export const Dots = punct('Dots', '...');
export const Range = punct('Range', '..');
export const AssignPlusSat = punct('AssignPlusSat', '|+|=', assignment);
export const AssignMinusSat = punct('AssignMinusSat', '|-|=', assignment);
export const PlusSat = punct('PlusSat', '|+|', binary);
export const MinusSat = punct('MinusSat', '|-|', binary);
export const AssignShl = punct('AssignShl', '<<=', assignment);
export const AssignShr = punct('AssignShr', '>>=', assignment);
export const Invalid = punct('Invalid', '{#}');
export const Shl = punct('Shl', '<<', binary);
export const And = punct('And', '&&', binary);
export const Or = punct('Or', '||', binary);
export const Eq = punct('Eq', '==', binary);
export const Ne = punct('Ne', '!=', binary);
export const Ge = punct('Ge', '>=', binary);
export const Le = punct('Le', '<=', binary);
export const PlusPlus = punct('PlusPlus', '++', binary);
export const AssignPlus = punct('AssignPlus', '+=', assignment);
export const AssignMinus = punct('AssignMinus', '-=', assignment);
export const AssignMul = punct('AssignMul', '*=', assignment);
export const AssignDiv = punct('AssignDiv', '/=', assignment);
export const AssignMod = punct('AssignMod', '%=', assignment);
export const AssignAnd = punct('AssignAnd', '&=', assignment);
export const AssignOr = punct('AssignOr', '|=', assignment);
export const AssignXor = punct('AssignXor', '^=', assignment);
export const PlusColon = punct('PlusColon', '+:');
export const Plus = punct('Plus', '+', binary);
export const Minus = punct('Minus', '-', binary);
export const Star = punct('Star', '*', binary);
export const Slash = punct('Slash', '/', binary);
export const Percent = punct('Percent', '%', binary);
export const BitOr = punct('BitOr', '|', binary);
export const BitAnd = punct('BitAnd', '&', binary);
export const BitXor = punct('BitXor', '^', binary);
export const Tilde = punct('Tilde', '~');
export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: "')'" });
export const LBracket = punct('LBracket', '[');
export const RBracket = punct('RBracket', ']');
export const LBrace = punct('LBrace', '{');
export const RBrace = punct('RBrace', '}');
export const LAngle = punct('LAngle', '<', binary);
export const RAngle = punct('RAngle', '>', binary);
export const Not = punct('Not', '!');
export const Colon = punct('Colon', ':');
export const Comma = punct('Comma', ',');
export const Question = punct('Question', '?');
export const Dot = punct('Dot', '.');
export const Assign = punct('Assign', '=', assignment);
export const Semicolon = punct('Semicolon', ';');
export const At = punct('At', '@');

/** The offset just past a token. The lexer tracks only start offsets (the fastest mode);
 *  tokens invented by error recovery have NaN offsets, and so get a NaN end. */
export function tokenEnd(token: IToken): number {
  return token.startOffset + token.image.length;
}

/** A stray ASCII character. p4c lexes it as UNEXPECTED_TOKEN, which annotation bodies accept
 *  (`@description(That's it)`); anywhere else the parser reports it. Other characters are lexer
 *  errors (a catch-all pattern would defeat the lexer's first-character optimization). */
export const UnexpectedCharacter = createToken({
  name: 'UnexpectedCharacter',
  pattern: /['#$`\\]/,
  label: 'character',
  categories: inBody,
});

/** Token types in the order the lexer tries them. */
export const lexerTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  DontCare,
  Identifier,
  IntegerLiteral,
  StringLiteral,
  Mask,
  Dots,
  Range,
  AssignPlusSat,
  AssignMinusSat,
  PlusSat,
  MinusSat,
  AssignShl,
  AssignShr,
  Invalid,
  Shl,
  And,
  Or,
  Eq,
  Ne,
  Ge,
  Le,
  PlusPlus,
  AssignPlus,
  AssignMinus,
  AssignMul,
  AssignDiv,
  AssignMod,
  AssignAnd,
  AssignOr,
  AssignXor,
  PlusColon,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  BitOr,
  BitAnd,
  BitXor,
  Tilde,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  LAngle,
  RAngle,
  Not,
  Colon,
  Comma,
  Question,
  Dot,
  Assign,
  Semicolon,
  At,
  UnexpectedCharacter,
];

/** Everything the parser knows: the lexer's tokens plus the ones only the grammar assigns. */
export const allTokens: TokenType[] = [
  ...lexerTokens,
  ...keywords,
  TypeIdentifier,
  AnnotationBodyToken,
  NonTypeNameToken,
  NameToken,
  BinaryOperatorToken,
  AssignmentOperatorToken,
];

export const p4Lexer = new Lexer(lexerTokens, {
  positionTracking: 'onlyOffset',
  ensureOptimizations: true,
  skipValidations: false,
});

/** Lexes P4 text: chevrotain's lexer, then identifiers that spell a keyword become keywords. */
export function tokenize(text: string): ILexingResult {
  const result = p4Lexer.tokenize(text);
  const identifierIdx = Identifier.tokenTypeIdx;
  for (const token of result.tokens) {
    if (token.tokenTypeIdx !== identifierIdx) continue;
    const kw = keywordByText.get(token.image);
    if (kw !== undefined) {
      token.tokenType = kw;
      token.tokenTypeIdx = kw.tokenTypeIdx!;
    }
  }
  return result;
}
