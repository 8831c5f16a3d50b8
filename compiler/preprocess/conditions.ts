// The integer constant expressions of #if and #elif, evaluated as cpp does: intmax_t and
// uintmax_t (64-bit, with C's usual conversions), every C operator including ?: and the comma,
// short-circuit evaluation (1 || 1/0 is fine) and identifiers left after expansion as 0.

import type { Location } from '../source/source-file.js';
import type { MacroTable } from './macros.js';
import type { Token } from './tokens.js';

interface Value {
  readonly v: bigint;
  readonly unsigned: boolean;
}

export type ConditionProblem =
  | { readonly kind: 'syntax'; readonly detail: string; readonly at: Token | undefined }
  | { readonly kind: 'division-by-zero'; readonly at: Token }
  | { readonly kind: 'too-large'; readonly at: Token };

export interface ConditionResult {
  /** Undefined when the expression is invalid (the group is then skipped). */
  readonly value: boolean | undefined;
  readonly problems: readonly ConditionProblem[];
}

const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

function int(v: bigint): Value {
  return { v: BigInt.asIntN(64, v), unsigned: false };
}

function uint(v: bigint): Value {
  return { v: BigInt.asUintN(64, v), unsigned: true };
}

function make(v: bigint, unsigned: boolean): Value {
  return unsigned ? uint(v) : int(v);
}

const TRUE = int(1n);
const FALSE = int(0n);

class SyntaxError_ {
  constructor(
    readonly detail: string,
    readonly at: Token | undefined,
  ) {}
}

/** Parses an integer literal as cpp does (suffixes u, l, ll in any case and order). */
export function parseIntegerLiteral(text: string): { value: bigint; unsigned: boolean; tooLarge: boolean } | undefined {
  const match = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)([uUlL]*)$/.exec(text);
  if (match === null) return undefined;
  const digits = match[1] as string;
  const suffix = (match[2] as string).toLowerCase();
  if (!/^(u?(l|ll)?|(l|ll)u)$/.test(suffix)) return undefined;
  let value: bigint;
  if (/^0[xXbB]/.test(digits)) value = BigInt(digits);
  else if (digits.length > 1 && digits.startsWith('0')) {
    if (/[89]/.test(digits)) return undefined;
    value = BigInt(`0o${digits.slice(1)}`);
  } else value = BigInt(digits);
  const tooLarge = value > UINT64_MAX;
  return { value: BigInt.asUintN(64, value), unsigned: suffix.includes('u') || value > INT64_MAX, tooLarge };
}

/**
 * Evaluates the macro-expanded tokens of an #if. `defined` is still honoured here for the
 * (unportable) case of a macro that expands to it.
 */
export function evaluateCondition(tokens: readonly Token[], macros: MacroTable): ConditionResult {
  const problems: ConditionProblem[] = [];
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const isOp = (text: string): boolean => {
    const t = tokens[i];
    return t !== undefined && t.kind === 'punctuator' && t.text === text;
  };
  const expect = (text: string, context: string): void => {
    if (!isOp(text)) throw new SyntaxError_(`expected '${text}' ${context}`, peek() ?? tokens[i - 1]);
    i++;
  };

  const binaryPrecedence: Record<string, number> = {
    '||': 1,
    '&&': 2,
    '|': 3,
    '^': 4,
    '&': 5,
    '==': 6,
    '!=': 6,
    '<': 7,
    '>': 7,
    '<=': 7,
    '>=': 7,
    '<<': 8,
    '>>': 8,
    '+': 9,
    '-': 9,
    '*': 10,
    '/': 10,
    '%': 10,
  };

  const primary = (live: boolean): Value => {
    const t = tokens[i];
    if (t === undefined) throw new SyntaxError_('missing expression', tokens[i - 1]);
    i++;
    if (t.kind === 'number') {
      const parsed = parseIntegerLiteral(t.text);
      if (parsed === undefined) throw new SyntaxError_(`'${t.text}' is not a valid integer constant`, t);
      if (parsed.tooLarge) problems.push({ kind: 'too-large', at: t });
      return make(parsed.value, parsed.unsigned);
    }
    if (t.kind === 'identifier') {
      if (t.text === 'defined') {
        const parenthesized = isOp('(');
        if (parenthesized) i++;
        const name = tokens[i];
        if (name === undefined || name.kind !== 'identifier')
          throw new SyntaxError_(`'defined' expects a macro name`, name ?? t);
        i++;
        if (parenthesized) expect(')', `after 'defined(${name.text}'`);
        return macros.has(name.text) ? TRUE : FALSE;
      }
      return FALSE;
    }
    if (t.kind === 'punctuator') {
      switch (t.text) {
        case '(': {
          const v = comma(live);
          expect(')', 'to close the parenthesis');
          return v;
        }
        case '+':
          return unaryOperand(live);
        case '-': {
          const v = unaryOperand(live);
          return make(-v.v, v.unsigned);
        }
        case '~': {
          const v = unaryOperand(live);
          return make(~v.v, v.unsigned);
        }
        case '!':
          return unaryOperand(live).v === 0n ? TRUE : FALSE;
      }
    }
    throw new SyntaxError_(`'${t.text}' is not valid in a preprocessor expression`, t);
  };
  const unaryOperand = (live: boolean): Value => primary(live);

  const binary = (minPrecedence: number, live: boolean): Value => {
    let left = primary(live);
    for (;;) {
      const t = peek();
      if (t === undefined || t.kind !== 'punctuator') return left;
      const precedence = binaryPrecedence[t.text];
      if (precedence === undefined || precedence < minPrecedence) return left;
      i++;
      if (t.text === '&&' || t.text === '||') {
        const decided = t.text === '&&' ? left.v === 0n : left.v !== 0n;
        const right = binary(precedence + 1, live && !decided);
        left = decided ? (t.text === '||' ? TRUE : FALSE) : right.v !== 0n ? TRUE : FALSE;
        continue;
      }
      const right = binary(precedence + 1, live);
      left = apply(t, left, right, live);
    }
  };

  const apply = (op: Token, a: Value, b: Value, live: boolean): Value => {
    const unsigned = a.unsigned || b.unsigned;
    const x = unsigned ? BigInt.asUintN(64, a.v) : a.v;
    const y = unsigned ? BigInt.asUintN(64, b.v) : b.v;
    switch (op.text) {
      case '*':
        return make(x * y, unsigned);
      case '/':
      case '%':
        if (y === 0n) {
          if (live) problems.push({ kind: 'division-by-zero', at: op });
          return make(0n, unsigned);
        }
        return make(op.text === '/' ? x / y : x % y, unsigned);
      case '+':
        return make(x + y, unsigned);
      case '-':
        return make(x - y, unsigned);
      case '<<':
      case '>>': {
        // The result has the left operand's type; a negative count shifts the other way.
        const left = a.unsigned ? BigInt.asUintN(64, a.v) : a.v;
        let count = b.unsigned ? BigInt.asUintN(64, b.v) : b.v;
        let toLeft = op.text === '<<';
        if (count < 0n) {
          count = -count;
          toLeft = !toLeft;
        }
        if (count >= 64n) return make(toLeft || left >= 0n ? 0n : -1n, a.unsigned);
        return make(toLeft ? left << count : left >> count, a.unsigned);
      }
      case '<':
        return x < y ? TRUE : FALSE;
      case '>':
        return x > y ? TRUE : FALSE;
      case '<=':
        return x <= y ? TRUE : FALSE;
      case '>=':
        return x >= y ? TRUE : FALSE;
      case '==':
        return x === y ? TRUE : FALSE;
      case '!=':
        return x !== y ? TRUE : FALSE;
      case '&':
        return make(x & y, unsigned);
      case '^':
        return make(x ^ y, unsigned);
      case '|':
        return make(x | y, unsigned);
    }
    throw new SyntaxError_(`'${op.text}' is not a binary operator`, op);
  };

  const conditional = (live: boolean): Value => {
    const condition = binary(1, live);
    if (!isOp('?')) return condition;
    i++;
    const taken = condition.v !== 0n;
    const whenTrue = comma(live && taken);
    expect(':', `in the '?:' expression`);
    const whenFalse = conditional(live && !taken);
    const unsigned = whenTrue.unsigned || whenFalse.unsigned;
    return make(taken ? whenTrue.v : whenFalse.v, unsigned);
  };

  const comma = (live: boolean): Value => {
    let v = conditional(live);
    while (isOp(',')) {
      i++;
      v = conditional(live);
    }
    return v;
  };

  try {
    if (tokens.length === 0)
      return { value: undefined, problems: [{ kind: 'syntax', detail: 'no expression', at: undefined }] };
    const v = comma(true);
    if (i < tokens.length) throw new SyntaxError_(`unexpected '${tokens[i]?.text}'`, tokens[i]);
    const failed = problems.some((p) => p.kind === 'division-by-zero');
    return { value: failed ? undefined : v.v !== 0n, problems };
  } catch (e) {
    if (e instanceof SyntaxError_)
      return { value: undefined, problems: [...problems, { kind: 'syntax', detail: e.detail, at: e.at }] };
    // Only absurd nesting, such as ten thousand '(', exhausts the stack.
    if (e instanceof RangeError)
      return {
        value: undefined,
        problems: [...problems, { kind: 'syntax', detail: 'expression nested too deeply', at: tokens[0] }],
      };
    throw e;
  }
}

/** Replaces `defined X` and `defined(X)` before expansion, so their operand is never expanded. */
export function replaceDefined(
  tokens: readonly Token[],
  macros: MacroTable,
): { tokens: Token[]; problem?: { detail: string; at: Location } } {
  const out: Token[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (t.kind !== 'identifier' || t.text !== 'defined') {
      out.push(t);
      continue;
    }
    let j = k + 1;
    const parenthesized = tokens[j]?.kind === 'punctuator' && tokens[j]?.text === '(';
    if (parenthesized) j++;
    const name = tokens[j];
    const close = tokens[j + 1];
    const at = (x: Token): Location => ({ file: x.file, start: x.start, end: x.end });
    if (name === undefined || name.kind !== 'identifier')
      return { tokens: out, problem: { detail: `'defined' expects a macro name`, at: at(name ?? t) } };
    if (parenthesized && !(close?.kind === 'punctuator' && close.text === ')'))
      return { tokens: out, problem: { detail: `missing ')' after 'defined(${name.text}'`, at: at(close ?? name) } };
    out.push({ ...t, kind: 'number', text: macros.has(name.text) ? '1' : '0' });
    k = parenthesized ? j + 1 : j;
  }
  return { tokens: out };
}
