import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type BinaryOperator, type Expression, printExpression } from '../../../compiler/parser/index.js';
import { parseText, roundTrip, shape } from './helpers.js';

const span = { start: 0, end: 0 };
const id = (name: string) => ({ kind: 'Identifier' as const, name, span });

const binaryOps: BinaryOperator[] = [
  '*',
  '/',
  '%',
  '+',
  '-',
  '|+|',
  '|-|',
  '++',
  '<<',
  '>>',
  '<',
  '>',
  '<=',
  '>=',
  '==',
  '!=',
  '&',
  '^',
  '|',
  '&&',
  '||',
];

/** Random expression trees over the forms the printer must parenthesize correctly. */
const expressionArb: fc.Arbitrary<Expression> = fc.letrec<{ e: Expression }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc
      .constantFrom('a', 'b', 'hdr')
      .map((n): Expression => ({ kind: 'PathExpression', name: id(n), global: false, span })),
    fc
      .bigInt({ min: 0n, max: 1000n })
      .map((v): Expression => ({ kind: 'IntegerLiteral', value: v, base: 10, text: v.toString(), span })),
    fc
      .tuple(fc.constantFrom(...binaryOps), tie('e'), tie('e'))
      .map(([op, left, right]): Expression => ({ kind: 'BinaryExpression', op, left, right, span })),
    fc
      .tuple(fc.constantFrom('!', '~', '-', '+' as const), tie('e'))
      .map(([op, operand]): Expression => ({ kind: 'UnaryExpression', op, operand, span })),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(
      ([condition, whenTrue, whenFalse]): Expression => ({
        kind: 'ConditionalExpression',
        condition,
        whenTrue,
        whenFalse,
        span,
      }),
    ),
    fc
      .tuple(tie('e'), fc.constantFrom('x', 'y'))
      .map(([object, m]): Expression => ({ kind: 'MemberExpression', object, member: id(m), span })),
    fc
      .tuple(tie('e'), tie('e'))
      .map(([object, index]): Expression => ({ kind: 'IndexExpression', object, index, span })),
    tie('e').map(
      (operand): Expression => ({
        kind: 'CastExpression',
        type: {
          kind: 'BaseType',
          name: 'bit',
          width: { kind: 'IntegerLiteral', value: 8n, base: 10, text: '8', span },
          span,
        },
        operand,
        span,
      }),
    ),
    fc.array(tie('e'), { maxLength: 3 }).map((elements): Expression => ({ kind: 'ListExpression', elements, span })),
  ),
})).e;

describe('printing', () => {
  it('any expression tree prints to text that parses back to the same tree', () => {
    fc.assert(
      fc.property(expressionArb, (e) => {
        const text = `const bit<8> x = ${printExpression(e)};`;
        const { program, errors } = parseText(text);
        assert.deepEqual(errors, [], text);
        const d = program.declarations[0];
        assert.ok(d?.kind === 'ConstantDeclaration');
        assert.equal(shape(d.value), shape(e), text);
      }),
      { numRuns: 500 },
    );
  });
  it('prints the fewest parentheses: a * (b + c) keeps them, (a * b) + c drops them', () => {
    const parsed = parseText('const bit<8> x = a * (b + c) + (a * b);');
    const d = parsed.program.declarations[0];
    assert.ok(d?.kind === 'ConstantDeclaration');
    assert.equal(printExpression(d.value), 'a * (b + c) + a * b');
  });
  it('prints a program readably: one declaration per block, indented bodies', () => {
    const { printed } = roundTrip('header h{bit<8> a;}control c(inout h x){apply{if(x.a==1){x.a=2;}}}');
    assert.equal(
      printed,
      [
        'header h {',
        '    bit<8> a;',
        '}',
        '',
        'control c(inout h x) {',
        '    apply {',
        '        if (x.a == 1) {',
        '            x.a = 2;',
        '        }',
        '    }',
        '}',
        '',
      ].join('\n'),
    );
  });
});
