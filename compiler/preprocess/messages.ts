// Diagnostics of the preprocessor (codes 1000-1099). Gathered into the compiler's one message
// table by compiler/diagnostics/messages.ts; the wording follows GCC's cpp where it exists.

import { msg } from '../diagnostics/diagnostic.js';

export const PreprocessMessages = {
  includeNotFound: msg(
    1000,
    'include-not-found',
    (name: string, searched: string) => `cannot find include file '${name}' (searched: ${searched})`,
  ),
  includeCycle: msg(1001, 'include-cycle', (chain: string) => `#include cycle: ${chain}`),
  includeTooDeep: msg(1002, 'include-depth', (limit: number) => `#include nested more than ${limit} levels deep`),
  badIncludeSyntax: msg(1003, 'directive-syntax', () => `#include expects "FILE" or <FILE>`),
  unterminatedConditional: msg(1004, 'unterminated-conditional', (directive: string) => `unterminated #${directive}`),
  directiveAfterElse: msg(1005, 'directive-syntax', (directive: string) => `#${directive} after #else`),
  directiveWithoutIf: msg(1006, 'directive-syntax', (directive: string) => `#${directive} without #if`),
  badIfExpression: msg(1007, 'if-expression', (detail: string) => `invalid #if expression: ${detail}`),
  divisionByZero: msg(1008, 'if-expression', () => 'division by zero in #if'),
  macroArgumentCount: msg(
    1009,
    'macro-arguments',
    (name: string, expected: string, given: number) =>
      `macro '${name}' requires ${expected}, but ${given} ${given === 1 ? 'was' : 'were'} given`,
  ),
  unterminatedMacroCall: msg(
    1010,
    'macro-arguments',
    (name: string) => `unterminated argument list invoking macro '${name}'`,
  ),
  errorDirective: msg(1011, 'error-directive', (text: string) => `#error ${text}`.trimEnd()),
  warningDirective: msg(1012, 'warning-directive', (text: string) => `#warning ${text}`.trimEnd(), 'warning'),
  // p4c and bf-p4c run cpp in assembler-with-cpp mode, which passes an unknown directive through,
  // and p4c's lexer then skips every line starting with '#': the line is ignored, not an error.
  unknownDirective: msg(
    1013,
    'directive-syntax',
    (name: string) => `unknown preprocessing directive #${name}: the line is ignored, as p4c does`,
    'warning',
  ),
  macroRedefined: msg(1014, 'macro-redefined', (name: string) => `'${name}' redefined`, 'warning'),
  previousDefinition: msg(1015, 'note', () => 'this is the location of the previous definition', 'note'),
  expectedMacroName: msg(1016, 'directive-syntax', (directive: string) => `#${directive} expects a macro name`),
  badMacroParameters: msg(1017, 'directive-syntax', (detail: string) => `invalid macro parameter list: ${detail}`),
  stringizeNotParameter: msg(1018, 'directive-syntax', () => `'#' is not followed by a macro parameter`),
  pasteAtEdge: msg(1019, 'directive-syntax', () => `'##' cannot appear at either end of a macro expansion`),
  badLineDirective: msg(
    1021,
    'directive-syntax',
    () => `#line expects a line number between 1 and 2147483647 and an optional "file name"`,
  ),
  extraTokens: msg(
    1022,
    'extra-tokens',
    (directive: string) => `extra tokens at end of #${directive} directive`,
    'warning',
  ),
  builtinMacro: msg(
    1023,
    'builtin-macro',
    (name: string) => `'${name}' is a builtin macro and cannot be defined or undefined`,
    'warning',
  ),
  unterminatedComment: msg(1024, 'unterminated-comment', () => 'unterminated comment'),
  integerTooLarge: msg(
    1025,
    'if-expression',
    (text: string) => `integer constant '${text}' is too large for its type`,
    'warning',
  ),
  definedNotDefinable: msg(1026, 'directive-syntax', () => `'defined' cannot be used as a macro name`),
  conditionalStartsHere: msg(1027, 'note', (directive: string) => `the #${directive} is here`, 'note'),
  expansionTooLarge: msg(
    1028,
    'macro-expansion-limit',
    (limit: number) => `macro expansion produces more than ${limit} tokens; the rest is left unexpanded`,
  ),
};
