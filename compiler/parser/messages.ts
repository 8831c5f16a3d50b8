// Message table entries of the lexer and parser (1xxx). Chevrotain's own mismatch reports are
// phrased by error-messages.ts with the texts below and reported as `syntaxError`.

import { msg } from '../diagnostics/diagnostic.js';

/** How a token is named in a message: its label (`';'`, `identifier`) or its text. */
export const ParseTexts = {
  expectedButFound: (expected: string, found: string) => `expected ${expected} but found ${found}`,
  unexpected: (found: string) => `unexpected ${found}`,
  expectedConstructButFound: (construct: string, found: string) => `expected ${construct} but found ${found}`,
};

export const ParseMessages = {
  syntaxError: msg(1101, 'syntax-error', (text: string) => text),
  unexpectedCharacter: msg(1102, 'syntax-error', (text: string) => `unexpected character '${text}'`),
  invalidInteger: msg(1103, 'syntax-error', (text: string) => `invalid integer literal '${text}'`),
  notAStatement: msg(1104, 'syntax-error', () => 'expected an assignment or a method call'),
  internalError: msg(1106, 'internal-error', (text: string) => `internal parser error: ${text} (please report)`),
  tooManySyntaxErrors: msg(1105, 'syntax-error', (n: number) => `too many syntax errors; stopped after ${n}`, 'note'),
};
