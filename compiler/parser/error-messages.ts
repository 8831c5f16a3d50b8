// Phrases chevrotain's recognition errors the way our diagnostics read: "expected ';' but found
// '}'", from token labels, or "expected a statement but found 'else'" when the grammar allowed
// too many tokens to list.

import type { IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import { ParseTexts } from './messages.js';

const constructOfRule: Record<string, string> = {
  expression: 'an expression',
  binaryExpression: 'an expression',
  prefixExpression: 'an expression',
  postfixExpression: 'an expression',
  primaryExpression: 'an expression',
  namedTypeExpression: 'an expression',
  braceExpression: 'an expression',
  argument: 'an argument',
  keysetExpression: 'a keyset expression',
  simpleKeyset: 'a keyset expression',
  typeRef: 'a type',
  baseType: 'a type',
  namedType: 'a type',
  typeArgument: 'a type',
  returnType: 'a type',
  typeWidth: 'a width',
  statement: 'a statement',
  statementOrDeclaration: 'a statement',
  bodyStatement: 'a statement',
  declaration: 'a declaration',
  functionOrInstantiation: 'a declaration',
  typedDeclaration: 'a declaration',
  parserLocalElement: 'a declaration or a state',
  controlLocalDeclaration: 'a declaration',
  tableProperty: 'a table property',
  otherTableProperty: 'a table property',
  name: 'a name',
  nonTypeName: 'an identifier',
};

/** The way a found token is quoted in a message. */
export function describeToken(token: IToken): string {
  if (token.tokenType.name === 'EOF') return 'end of input';
  return `'${token.image}'`;
}

function labelOf(type: TokenType): string {
  if (type.name === 'EOF') return 'end of input';
  return type.LABEL ?? type.name;
}

/** "a", "a or b", "a, b or c". */
function alternatives(labels: string[]): string {
  if (labels.length <= 1) return labels[0] ?? '';
  return `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
}

function expectedFromPaths(paths: TokenType[][], ruleName: string): string {
  const firsts = new Set<string>();
  for (const path of paths) {
    const first = path[0];
    if (first !== undefined) firsts.add(labelOf(first));
  }
  if (firsts.size > 0 && firsts.size <= 2) return alternatives([...firsts]);
  return constructOfRule[ruleName] ?? alternatives([...firsts].slice(0, 3));
}

export const p4ErrorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    return ParseTexts.expectedButFound(labelOf(expected), describeToken(actual));
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return ParseTexts.unexpected(describeToken(firstRedundant));
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const found = actual[0];
    const paths = expectedPathsPerAlt.flat();
    const expected = expectedFromPaths(paths, ruleName);
    return found === undefined
      ? ParseTexts.unexpected('input')
      : ParseTexts.expectedConstructButFound(expected, describeToken(found));
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    const found = actual[0];
    const expected = expectedFromPaths(expectedIterationPaths, ruleName);
    return found === undefined
      ? ParseTexts.unexpected('input')
      : ParseTexts.expectedConstructButFound(expected, describeToken(found));
  },
};
