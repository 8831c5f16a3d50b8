// Prints expressions, types and annotations back as P4 text, with the fewest parentheses that
// keep the tree: parsing the output gives the same AST (spans aside).

import type { Annotation, AnnotationToken, Argument, Expression, TypeArgument } from './ast.js';
import { operatorPrecedence } from './grammar-expressions.js';

/** Binding strength of each expression form; binary operators use 1..10 (their table). */
const TERNARY = 0;
const PREFIX = 11;
const POSTFIX = 12;
const PRIMARY = 13;

function precedenceOf(e: Expression): number {
  switch (e.kind) {
    case 'ConditionalExpression':
    case 'MaskExpression':
    case 'RangeExpression':
      return TERNARY;
    case 'BinaryExpression':
      return operatorPrecedence(e.op);
    case 'UnaryExpression':
    case 'CastExpression':
      return PREFIX;
    case 'MemberExpression':
    case 'IndexExpression':
    case 'SliceExpression':
    case 'CallExpression':
    case 'ConstructorCallExpression':
      return POSTFIX;
    default:
      return PRIMARY;
  }
}

/** Prints `e`, parenthesized when it binds more loosely than `minPrecedence`. */
export function printExpression(e: Expression, minPrecedence = TERNARY): string {
  const text = printBare(e);
  return precedenceOf(e) < minPrecedence ? `(${text})` : text;
}

function printBare(e: Expression): string {
  switch (e.kind) {
    case 'IntegerLiteral':
    case 'StringLiteral':
      return e.text;
    case 'BooleanLiteral':
      return e.value ? 'true' : 'false';
    case 'PathExpression':
      return (e.global ? '.' : '') + e.name.name;
    case 'TypeNameExpression':
      return printType(e.type);
    case 'ThisExpression':
      return 'this';
    case 'DontCareExpression':
      return '_';
    case 'DotsExpression':
      return '...';
    case 'InvalidExpression':
      return '{#}';
    case 'DefaultExpression':
      return 'default';
    case 'MemberExpression':
      return `${printExpression(e.object, POSTFIX)}.${e.member.name}`;
    case 'IndexExpression':
      return `${printExpression(e.object, POSTFIX)}[${printExpression(e.index)}]`;
    case 'SliceExpression':
      return `${printExpression(e.object, POSTFIX)}[${printExpression(e.high)}${e.plusColon ? '+:' : ':'}${printExpression(e.low)}]`;
    case 'CallExpression': {
      const typeArgs = e.typeArgs.length > 0 ? `<${e.typeArgs.map(printType).join(', ')}>` : '';
      return `${printExpression(e.callee, POSTFIX)}${typeArgs}(${printArguments(e.args)})`;
    }
    case 'ConstructorCallExpression':
      return `${printType(e.type)}(${printArguments(e.args)})`;
    case 'UnaryExpression': {
      const operand = printExpression(e.operand, PREFIX);
      // `- -x` must not become `--x`, nor `+ +x` the `++` operator.
      const sep = operand.startsWith('-') || operand.startsWith('+') ? ' ' : '';
      return `${e.op}${sep}${operand}`;
    }
    case 'BinaryExpression': {
      const p = operatorPrecedence(e.op);
      return `${printExpression(e.left, p)} ${e.op} ${printExpression(e.right, p + 1)}`;
    }
    case 'ConditionalExpression':
      return `${printExpression(e.condition, 1)} ? ${printExpression(e.whenTrue)} : ${printExpression(e.whenFalse)}`;
    case 'CastExpression':
      return `(${printType(e.type)})${printExpression(e.operand, PREFIX)}`;
    case 'ListExpression':
      return `{${e.elements.map((x) => printExpression(x)).join(', ')}}`;
    case 'StructExpression': {
      const fields = e.fields.map((f) => `${f.name.name} = ${printExpression(f.value)}`);
      if (e.dots) fields.push('...');
      return `{${fields.join(', ')}}`;
    }
    case 'MaskExpression':
      return `${printExpression(e.value, 1)} &&& ${printExpression(e.mask, 1)}`;
    case 'RangeExpression':
      return `${printExpression(e.low, 1)} .. ${printExpression(e.high, 1)}`;
    case 'TupleKeysetExpression':
      return `(${e.elements.map((x) => printExpression(x)).join(', ')})`;
  }
}

export function printArguments(args: readonly Argument[]): string {
  return args.map((a) => (a.name === undefined ? '' : `${a.name.name} = `) + printExpression(a.value)).join(', ');
}

/** A width of `bit<W>`: literals and dotted names as they are, anything else in parentheses. */
function printWidth(w: Expression): string {
  const plain = (e: Expression): boolean =>
    e.kind === 'IntegerLiteral' || e.kind === 'PathExpression' || (e.kind === 'MemberExpression' && plain(e.object));
  return plain(w) ? printExpression(w) : `(${printExpression(w)})`;
}

export function printType(t: TypeArgument): string {
  switch (t.kind) {
    case 'BaseType':
      return t.width === undefined ? t.name : `${t.name}<${printWidth(t.width)}>`;
    case 'TypeName':
      return (t.global ? '.' : '') + t.name.name;
    case 'SpecializedType':
      return `${printType(t.base)}<${t.args.map(printType).join(', ')}>`;
    case 'HeaderStackType':
      return `${printType(t.element)}[${printExpression(t.size)}]`;
    case 'TupleType':
      return `tuple<${t.elements.map(printType).join(', ')}>`;
    case 'ListType':
      return `list<${printType(t.element)}>`;
    case 'VoidType':
      return 'void';
    case 'DontCareType':
      return '_';
  }
}

/** Tokens as written: a space only where the source had a gap, so `>>` stays `>>`. */
function printTokens(tokens: readonly AnnotationToken[]): string {
  let out = '';
  tokens.forEach((tok, i) => {
    const prev = tokens[i - 1];
    if (prev !== undefined && prev.span.end !== tok.span.start) out += ' ';
    out += tok.text;
  });
  return out;
}

export function printAnnotation(a: Annotation): string {
  switch (a.bodyKind) {
    case 'none':
      return `@${a.name.name}`;
    case 'parens':
      return `@${a.name.name}(${printTokens(a.tokens)})`;
    case 'brackets':
      return `@${a.name.name}[${printTokens(a.tokens)}]`;
  }
}

/** Annotations followed by a space, or nothing. */
export function printAnnotations(annotations: readonly Annotation[]): string {
  return annotations.map((a) => `${printAnnotation(a)} `).join('');
}
