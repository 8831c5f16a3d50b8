// Names, expressions and arguments (spec appendix "Expressions"). Binary
// operators are parsed as a flat operand/operator list and folded by the spec's precedence table
// (faster than one rule per level, as chevrotain's guides advise); `>>` is two adjacent `>`.

import type { IToken, ParserMethod } from 'chevrotain';
import type {
  Argument,
  BinaryOperator,
  Expression,
  Identifier,
  NamedExpression,
  TypeArgument,
  TypeName,
  TypeRef,
} from './ast.js';
import { P4GrammarBase } from './grammar-base.js';
import { parseIntegerText, parseStringText } from './literals.js';
import { ParseTexts } from './messages.js';
import * as T from './tokens.js';

/** Binding strength of infix operators, weakest first (p4c p4parser.ypp %left lines). */
const precedence: Record<BinaryOperator, number> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '>': 4,
  '<=': 4,
  '>=': 4,
  '|': 5,
  '^': 6,
  '&': 7,
  '<<': 8,
  '>>': 8,
  '++': 9,
  '+': 9,
  '-': 9,
  '|+|': 9,
  '|-|': 9,
  '*': 10,
  '/': 10,
  '%': 10,
};

export function operatorPrecedence(op: BinaryOperator): number {
  return precedence[op];
}

/** A placeholder for what error recovery skipped. */
export function missingExpression(): Expression {
  return { kind: 'PathExpression', name: missingIdentifier(), global: false, span: { start: 0, end: 0 } };
}

export function missingIdentifier(): Identifier {
  return { kind: 'Identifier', name: '<missing>', span: { start: 0, end: 0 } };
}

function foldBinary(operands: Expression[], ops: BinaryOperator[]): Expression {
  const values: Expression[] = [operands[0] ?? missingExpression()];
  const pending: BinaryOperator[] = [];
  const reduce = () => {
    const op = pending.pop()!;
    const right = values.pop()!;
    const left = values.pop()!;
    values.push({ kind: 'BinaryExpression', op, left, right, span: { start: left.span.start, end: right.span.end } });
  };
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    // All binary operators are left-associative: reduce while the stack top binds as tightly.
    while (pending.length > 0 && precedence[pending[pending.length - 1]!] >= precedence[op]) reduce();
    pending.push(op);
    values.push(operands[i + 1] ?? missingExpression());
  }
  while (pending.length > 0) reduce();
  return values[0]!;
}

export abstract class ExpressionGrammar extends P4GrammarBase {
  // Rules defined by later layers of the grammar.
  abstract typeRef: ParserMethod<[], TypeRef>;
  abstract typeArgumentList: ParserMethod<[], TypeArgument[]>;

  // ---- names -------------------------------------------------------------------------------

  /** p4c `name`: any identifier, type name, or contextual keyword. */
  name = this.RULE('name', () => this.identifier(this.CONSUME(T.NameToken)), {
    recoveryValueFunc: missingIdentifier,
  });

  /** p4c `nonTypeName`. */
  nonTypeName = this.RULE('nonTypeName', () => this.identifier(this.CONSUME(T.NonTypeNameToken)), {
    recoveryValueFunc: missingIdentifier,
  });

  // ---- expressions -------------------------------------------------------------------------

  expression = this.RULE(
    'expression',
    (): Expression => {
      const condition = this.SUBRULE(this.binaryExpression);
      return (
        this.OPTION(() => {
          this.CONSUME(T.Question);
          const whenTrue = this.SUBRULE1(this.expression);
          this.CONSUME(T.Colon);
          const whenFalse = this.SUBRULE2(this.expression);
          return this.ACTION(
            (): Expression => ({
              kind: 'ConditionalExpression',
              condition,
              whenTrue,
              whenFalse,
              span: { start: condition.span.start, end: whenFalse.span.end },
            }),
          );
        }) ?? condition
      );
    },
    { recoveryValueFunc: missingExpression },
  );

  binaryExpression = this.RULE(
    'binaryExpression',
    (): Expression => {
      const operands: Expression[] = [this.SUBRULE(this.prefixExpression)];
      const ops: BinaryOperator[] = [];
      this.MANY({
        GATE: () => this.tokenAt(1) !== T.RAngle || !this.isClosingWidth(),
        DEF: () => {
          const opToken = this.CONSUME(T.BinaryOperatorToken);
          let op = opToken.image as BinaryOperator;
          this.OPTION({
            GATE: () => op === '>' && this.LA(1).startOffset === T.tokenEnd(opToken),
            DEF: () => {
              this.CONSUME(T.RAngle);
              op = '>>';
            },
          });
          ops.push(op);
          operands.push(this.SUBRULE2(this.prefixExpression));
        },
      });
      return this.ACTION(() => foldBinary(operands, ops));
    },
    { recoveryValueFunc: missingExpression },
  );

  prefixExpression = this.RULE(
    'prefixExpression',
    (): Expression =>
      this.OR([
        {
          ALT: () => {
            const opToken = this.OR1([
              { ALT: () => this.CONSUME(T.Not) },
              { ALT: () => this.CONSUME(T.Tilde) },
              { ALT: () => this.CONSUME(T.Minus) },
              { ALT: () => this.CONSUME(T.Plus) },
            ]);
            const operand = this.SUBRULE(this.prefixExpression);
            return this.ACTION(
              (): Expression => ({
                kind: 'UnaryExpression',
                op: opToken.image as '!' | '~' | '-' | '+',
                operand,
                span: this.spanFrom(opToken),
              }),
            );
          },
        },
        {
          GATE: () => this.isCastAhead(),
          ALT: () => {
            const open = this.CONSUME(T.LParen);
            const type = this.SUBRULE(this.typeRef);
            this.CONSUME(T.RParen);
            const operand = this.SUBRULE1(this.prefixExpression);
            return this.ACTION(
              (): Expression => ({ kind: 'CastExpression', type, operand, span: this.spanFrom(open) }),
            );
          },
          IGNORE_AMBIGUITIES: true,
        },
        { ALT: () => this.SUBRULE(this.postfixExpression) },
      ]),
    { recoveryValueFunc: missingExpression },
  );

  postfixExpression = this.RULE(
    'postfixExpression',
    (): Expression => {
      const primary = this.SUBRULE(this.primaryExpression);
      return this.SUBRULE(this.postfixOperators, { ARGS: [primary] });
    },
    { recoveryValueFunc: missingExpression },
  );

  /** p4c `lvalue`: the target of an assignment or the callee of a call statement. Unlike an
   *  expression it cannot start with `{` or a literal, which keeps statements LL(k). */
  lvalue = this.RULE(
    'lvalue',
    (): Expression => {
      const primary = this.OR([
        { ALT: () => this.simpleNode('ThisExpression', this.CONSUME(T.This)) },
        {
          ALT: () => {
            const dot = this.OPTION(() => this.CONSUME(T.Dot));
            const name = this.SUBRULE(this.nonTypeName);
            return this.ACTION(
              (): Expression => ({
                kind: 'PathExpression',
                name,
                global: dot !== undefined,
                span: this.spanFrom(dot ?? name.span),
              }),
            );
          },
        },
        { ALT: () => this.SUBRULE(this.namedTypeExpression) },
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            const inner = this.SUBRULE(this.lvalue);
            this.CONSUME(T.RParen);
            return inner;
          },
        },
      ]);
      return this.SUBRULE(this.postfixOperators, { ARGS: [primary] });
    },
    { recoveryValueFunc: missingExpression },
  );

  /** Member access, indexing, slicing and calls after `start`. */
  postfixOperators = this.RULE(
    'postfixOperators',
    (start?: Expression): Expression => {
      let object = start ?? missingExpression();
      this.MANY({
        GATE: () => this.tokenAt(1) !== T.LAngle || this.isGenericCallAhead(),
        DEF: () => {
          object = this.OR([
            {
              ALT: () => {
                this.CONSUME(T.Dot);
                const member = this.SUBRULE(this.name);
                return this.ACTION(
                  (): Expression => ({ kind: 'MemberExpression', object, member, span: this.spanFrom(object.span) }),
                );
              },
            },
            {
              ALT: () => {
                this.CONSUME(T.LBracket);
                const first = this.SUBRULE(this.expression);
                const result = this.OR1([
                  {
                    ALT: () => {
                      this.CONSUME(T.RBracket);
                      return this.ACTION(
                        (): Expression => ({
                          kind: 'IndexExpression',
                          object,
                          index: first,
                          span: this.spanFrom(object.span),
                        }),
                      );
                    },
                  },
                  {
                    ALT: () => {
                      const sep = this.OR2([
                        { ALT: () => this.CONSUME(T.Colon) },
                        { ALT: () => this.CONSUME(T.PlusColon) },
                      ]);
                      const second = this.SUBRULE1(this.expression);
                      this.CONSUME2(T.RBracket);
                      return this.ACTION(
                        (): Expression => ({
                          kind: 'SliceExpression',
                          object,
                          high: first,
                          low: second,
                          plusColon: sep.image === '+:',
                          span: this.spanFrom(object.span),
                        }),
                      );
                    },
                  },
                ]);
                return result;
              },
            },
            {
              ALT: () => {
                const args = this.SUBRULE(this.argumentList);
                return this.ACTION(
                  (): Expression => ({
                    kind: 'CallExpression',
                    callee: object,
                    typeArgs: [],
                    args,
                    span: this.spanFrom(object.span),
                  }),
                );
              },
            },
            {
              ALT: () => {
                const typeArgs = this.SUBRULE(this.typeArgumentList);
                const args = this.SUBRULE1(this.argumentList);
                return this.ACTION(
                  (): Expression => ({
                    kind: 'CallExpression',
                    callee: object,
                    typeArgs,
                    args,
                    span: this.spanFrom(object.span),
                  }),
                );
              },
            },
          ]);
        },
      });
      return object;
    },
    { recoveryValueFunc: missingExpression },
  );

  primaryExpression = this.RULE(
    'primaryExpression',
    (): Expression =>
      this.OR([
        { ALT: () => this.integerLiteral(this.CONSUME(T.IntegerLiteral)) },
        {
          ALT: () => {
            const tok = this.CONSUME(T.StringLiteral);
            return this.ACTION(
              (): Expression => ({
                kind: 'StringLiteral',
                value: parseStringText(tok.image),
                text: tok.image,
                span: this.tokenSpan(tok),
              }),
            );
          },
        },
        {
          ALT: () => {
            const tok = this.OR1([{ ALT: () => this.CONSUME(T.True) }, { ALT: () => this.CONSUME(T.False) }]);
            return this.ACTION(
              (): Expression => ({ kind: 'BooleanLiteral', value: tok.image === 'true', span: this.tokenSpan(tok) }),
            );
          },
        },
        { ALT: () => this.simpleNode('ThisExpression', this.CONSUME(T.This)) },
        { ALT: () => this.simpleNode('DotsExpression', this.CONSUME(T.Dots)) },
        { ALT: () => this.simpleNode('InvalidExpression', this.CONSUME(T.Invalid)) },
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            const inner = this.SUBRULE(this.expression);
            this.CONSUME(T.RParen);
            return inner;
          },
        },
        { ALT: () => this.SUBRULE(this.braceExpression) },
        {
          ALT: () => {
            const tok = this.CONSUME(T.ErrorKw);
            this.CONSUME(T.Dot);
            const member = this.SUBRULE(this.name);
            return this.ACTION((): Expression => {
              const span = this.tokenSpan(tok);
              return {
                kind: 'MemberExpression',
                object: { kind: 'TypeNameExpression', type: { kind: 'BaseType', name: 'error', span }, span },
                member,
                span: this.spanFrom(tok),
              };
            });
          },
        },
        {
          ALT: () => {
            const dot = this.OPTION(() => this.CONSUME1(T.Dot));
            const name = this.SUBRULE(this.nonTypeName);
            return this.ACTION(
              (): Expression => ({
                kind: 'PathExpression',
                name,
                global: dot !== undefined,
                span: this.spanFrom(dot ?? name.span),
              }),
            );
          },
        },
        { ALT: () => this.SUBRULE(this.namedTypeExpression) },
      ]),
    { recoveryValueFunc: missingExpression },
  );

  /** `T`, `T<U>`, `.T` used as a value: a constructor call `T(args)` or the left of `T.member`. */
  namedTypeExpression = this.RULE(
    'namedTypeExpression',
    (): Expression => {
      const dot = this.OPTION(() => this.CONSUME(T.Dot));
      const nameToken = this.CONSUME(T.TypeIdentifier);
      const base: TypeName = this.ACTION(() => ({
        kind: 'TypeName',
        name: this.identifier(nameToken),
        global: dot !== undefined,
        span: this.spanFrom(dot ?? nameToken),
      }));
      const args = this.OPTION1(() => this.SUBRULE(this.typeArgumentList));
      const type: TypeName | import('./ast.js').SpecializedType = this.ACTION(() =>
        args === undefined ? base : { kind: 'SpecializedType', base, args, span: this.spanFrom(base.span) },
      );
      // An OPTION, not an OR with an empty alternative: chevrotain's look-ahead analysis does
      // not see past an empty alternative.
      const callArgs = this.OPTION2(() => this.SUBRULE(this.argumentList));
      return this.ACTION((): Expression => {
        // A type is a value only when constructed or before `.member` (p4c: `H > 3` is an error).
        if (callArgs === undefined && this.tokenAt(1) !== T.Dot) {
          const next = this.LA(1);
          this.syntaxProblem(ParseTexts.expectedButFound("'('", this.describeNext()), this.tokenSpan(next));
        }
        return callArgs === undefined
          ? { kind: 'TypeNameExpression', type, span: type.span }
          : { kind: 'ConstructorCallExpression', type, args: callArgs, span: this.spanFrom(type.span) };
      });
    },
    { recoveryValueFunc: missingExpression },
  );

  /** `{}`, `{a, b}` (a list) or `{x = a, y = b}` / `{x = a, ...}` (a struct). */
  braceExpression = this.RULE(
    'braceExpression',
    (): Expression => {
      const open = this.CONSUME(T.LBrace);
      return this.OR([
        {
          ALT: () => {
            this.CONSUME(T.RBrace);
            return this.ACTION((): Expression => ({ kind: 'ListExpression', elements: [], span: this.spanFrom(open) }));
          },
        },
        {
          GATE: () => this.isNameToken(1) && this.tokenAt(2) === T.Assign,
          ALT: () => {
            const fields = [this.SUBRULE(this.namedExpression)];
            let dots = false;
            this.MANY({
              GATE: () => this.tokenAt(2) !== T.RBrace && this.tokenAt(2) !== T.Dots,
              DEF: () => {
                this.CONSUME(T.Comma);
                fields.push(this.SUBRULE1(this.namedExpression));
              },
            });
            this.OPTION({
              GATE: () => this.tokenAt(2) === T.Dots,
              DEF: () => {
                this.CONSUME1(T.Comma);
                this.CONSUME(T.Dots);
                dots = true;
              },
            });
            this.OPTION1(() => this.CONSUME2(T.Comma));
            this.CONSUME1(T.RBrace);
            return this.ACTION(
              (): Expression => ({ kind: 'StructExpression', fields, dots, span: this.spanFrom(open) }),
            );
          },
          IGNORE_AMBIGUITIES: true,
        },
        {
          ALT: () => {
            const elements = [this.SUBRULE(this.expression)];
            this.MANY1({
              GATE: () => this.tokenAt(2) !== T.RBrace,
              DEF: () => {
                this.CONSUME3(T.Comma);
                elements.push(this.SUBRULE1(this.expression));
              },
            });
            this.OPTION2(() => this.CONSUME4(T.Comma));
            this.CONSUME2(T.RBrace);
            return this.ACTION((): Expression => ({ kind: 'ListExpression', elements, span: this.spanFrom(open) }));
          },
        },
      ]);
    },
    { recoveryValueFunc: missingExpression },
  );

  namedExpression = this.RULE('namedExpression', (): NamedExpression => {
    const name = this.SUBRULE(this.name);
    this.CONSUME(T.Assign);
    const value = this.SUBRULE(this.expression);
    return this.ACTION(() => ({ kind: 'NamedExpression', name, value, span: this.spanFrom(name.span) }));
  });

  // ---- arguments ---------------------------------------------------------------------------

  argumentList = this.RULE(
    'argumentList',
    (): Argument[] => {
      const args: Argument[] = [];
      this.CONSUME(T.LParen);
      this.MANY_SEP({ SEP: T.Comma, DEF: () => args.push(this.SUBRULE(this.argument)) });
      this.CONSUME(T.RParen);
      return args;
    },
    { recoveryValueFunc: () => [] },
  );

  argument = this.RULE('argument', (): Argument => {
    const name = this.OPTION({
      GATE: () => this.tokenAt(2) === T.Assign,
      DEF: () => {
        const n = this.SUBRULE(this.name);
        this.CONSUME(T.Assign);
        return n;
      },
    });
    const value = this.OR([
      { ALT: () => this.simpleNode('DontCareExpression', this.CONSUME(T.DontCare)) },
      { ALT: () => this.SUBRULE(this.expression) },
    ]);
    return this.ACTION(() =>
      name === undefined
        ? { kind: 'Argument', value, span: value.span }
        : { kind: 'Argument', name, value, span: this.spanFrom(name.span) },
    );
  });

  /** Comma-separated expressions (select's selectors); may be empty. */
  expressionList = this.RULE(
    'expressionList',
    (): Expression[] => {
      const list: Expression[] = [];
      this.MANY_SEP({ SEP: T.Comma, DEF: () => list.push(this.SUBRULE(this.expression)) });
      return list;
    },
    { recoveryValueFunc: () => [] },
  );

  // ---- helpers -------------------------------------------------------------------------------

  protected integerLiteral(tok: IToken): Expression {
    return this.ACTION((): Expression => {
      const span = this.tokenSpan(tok);
      const parsed = parseIntegerText(tok.image);
      if (parsed === undefined) {
        if (tok.image !== '') this.invalidInteger(tok.image, span);
        return { kind: 'IntegerLiteral', value: 0n, base: 10, text: tok.image, span };
      }
      return { kind: 'IntegerLiteral', ...parsed, text: tok.image, span };
    });
  }

  protected simpleNode<
    K extends 'ThisExpression' | 'DotsExpression' | 'InvalidExpression' | 'DontCareExpression' | 'DefaultExpression',
  >(kind: K, tok: IToken): Expression {
    return this.ACTION(() => ({ kind, span: this.tokenSpan(tok) }) as Expression);
  }
}
