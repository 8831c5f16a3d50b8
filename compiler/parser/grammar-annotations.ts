// Keysets (select cases, table entries) and annotations (spec appendix "Expressions" and
// "Annotations"). Annotation bodies stay token lists (p4c's AnnotationToken); `@x[...]` bodies
// are also parsed into expressions or key-value pairs.

import type { IToken } from 'chevrotain';
import type { Annotation, AnnotationToken, Expression, NamedExpression } from './ast.js';
import { ExpressionGrammar, missingExpression } from './grammar-expressions.js';
import * as T from './tokens.js';

export abstract class AnnotationGrammar extends ExpressionGrammar {
  // ---- keysets (select cases and table entries) ----------------------------------------------

  keysetExpression = this.RULE(
    'keysetExpression',
    (): Expression =>
      this.OR([
        {
          GATE: () => this.isTupleKeysetAhead(),
          ALT: () => {
            const open = this.CONSUME(T.LParen);
            const elements: Expression[] = [];
            this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => elements.push(this.SUBRULE(this.simpleKeyset)) });
            this.CONSUME(T.RParen);
            return this.ACTION((): Expression => {
              const only = elements[0];
              // `(e)` with a plain expression is just a parenthesized expression (p4c does the same).
              if (elements.length === 1 && only !== undefined && !isKeysetOnly(only)) return only;
              return { kind: 'TupleKeysetExpression', elements, span: this.spanFrom(open) };
            });
          },
          IGNORE_AMBIGUITIES: true,
        },
        { ALT: () => this.SUBRULE1(this.simpleKeyset) },
      ]),
    { recoveryValueFunc: missingExpression },
  );

  simpleKeyset = this.RULE(
    'simpleKeyset',
    (): Expression =>
      this.OR([
        { ALT: () => this.simpleNode('DefaultExpression', this.CONSUME(T.Default)) },
        { ALT: () => this.simpleNode('DontCareExpression', this.CONSUME(T.DontCare)) },
        {
          ALT: () => {
            const first = this.SUBRULE(this.expression);
            return (
              this.OPTION(() =>
                this.OR1([
                  {
                    ALT: () => {
                      this.CONSUME(T.Mask);
                      const mask = this.SUBRULE1(this.expression);
                      return this.ACTION(
                        (): Expression => ({
                          kind: 'MaskExpression',
                          value: first,
                          mask,
                          span: this.spanFrom(first.span),
                        }),
                      );
                    },
                  },
                  {
                    ALT: () => {
                      this.CONSUME(T.Range);
                      const high = this.SUBRULE2(this.expression);
                      return this.ACTION(
                        (): Expression => ({
                          kind: 'RangeExpression',
                          low: first,
                          high,
                          span: this.spanFrom(first.span),
                        }),
                      );
                    },
                  },
                ]),
              ) ?? first
            );
          },
        },
      ]),
    { recoveryValueFunc: missingExpression },
  );

  // ---- annotations -------------------------------------------------------------------------

  annotations = this.RULE(
    'annotations',
    (): Annotation[] => {
      const list: Annotation[] = [];
      this.MANY(() => list.push(this.SUBRULE(this.annotation)));
      return list;
    },
    { recoveryValueFunc: () => [] },
  );

  annotation = this.RULE('annotation', (): Annotation => {
    const at = this.CONSUME(T.At);
    const nameToken = this.CONSUME(T.AnnotationBodyToken);
    const name = this.ACTION(() => this.identifier(nameToken));
    const body = this.OR([
      {
        // `@pragma name tokens...` (P4_14 style): the body runs to the end of the line.
        GATE: () => nameToken.image === 'pragma' && this.nextTokenOnSameLine(),
        ALT: () => {
          const realName = this.CONSUME1(T.AnnotationBodyToken);
          const tokens: AnnotationToken[] = [];
          this.MANY({
            GATE: () => this.nextTokenOnSameLine(),
            DEF: () => {
              const tok = this.OR2([
                { ALT: () => this.CONSUME2(T.AnnotationBodyToken) },
                { ALT: () => this.CONSUME1(T.LParen) },
                { ALT: () => this.CONSUME1(T.RParen) },
              ]);
              this.ACTION(() => tokens.push(this.annotationToken(tok)));
            },
          });
          return this.ACTION(() => ({ name: this.identifier(realName), bodyKind: 'parens' as const, tokens }));
        },
      },
      { ALT: () => this.OPTION(() => this.SUBRULE(this.annotationBodyAfterName)) },
    ]);
    return this.ACTION(
      (): Annotation => ({ kind: 'Annotation', name, bodyKind: 'none', tokens: [], ...body, span: this.spanFrom(at) }),
    );
  });

  /** `(tokens)` or `[expressions]` / `[key = value, ...]` after an annotation's name. */
  annotationBodyAfterName = this.RULE(
    'annotationBodyAfterName',
    (): Pick<Annotation, 'bodyKind' | 'tokens' | 'expressions' | 'pairs'> =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            const tokens: AnnotationToken[] = [];
            this.SUBRULE(this.annotationBody, { ARGS: [tokens] });
            this.CONSUME(T.RParen);
            return { bodyKind: 'parens' as const, tokens };
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LBracket);
            const first = this.LA(1);
            const structured = this.OR1([
              {
                GATE: () => this.isNameToken(1) && this.tokenAt(2) === T.Assign,
                ALT: () => {
                  const pairs: NamedExpression[] = [this.SUBRULE(this.namedExpression)];
                  this.MANY({
                    GATE: () => this.tokenAt(2) !== T.RBracket,
                    DEF: () => {
                      this.CONSUME(T.Comma);
                      pairs.push(this.SUBRULE1(this.namedExpression));
                    },
                  });
                  this.OPTION1(() => this.CONSUME1(T.Comma));
                  return { pairs };
                },
                IGNORE_AMBIGUITIES: true,
              },
              {
                ALT: () => {
                  const expressions: Expression[] = [];
                  this.OPTION2(() => {
                    expressions.push(this.SUBRULE(this.expression));
                    this.MANY1({
                      GATE: () => this.tokenAt(2) !== T.RBracket,
                      DEF: () => {
                        this.CONSUME2(T.Comma);
                        expressions.push(this.SUBRULE1(this.expression));
                      },
                    });
                    this.OPTION3(() => this.CONSUME3(T.Comma));
                  });
                  return { expressions };
                },
              },
            ]);
            const last = this.LA(0);
            this.CONSUME(T.RBracket);
            return this.ACTION(() => ({
              bodyKind: 'brackets' as const,
              tokens: this.tokensBetween(first, last),
              ...structured,
            }));
          },
        },
      ]),
    { recoveryValueFunc: () => ({ bodyKind: 'none' as const, tokens: [] }) },
  );

  /** Balanced tokens up to the closing `)`; pushes into `into` (p4c keeps them unparsed). */
  annotationBody = this.RULE('annotationBody', (into?: AnnotationToken[]): void => {
    this.MANY(() =>
      this.OR([
        {
          ALT: () => {
            const open = this.CONSUME(T.LParen);
            this.ACTION(() => into?.push(this.annotationToken(open)));
            this.SUBRULE(this.annotationBody, { ARGS: [into] });
            const close = this.CONSUME(T.RParen);
            this.ACTION(() => into?.push(this.annotationToken(close)));
          },
        },
        {
          ALT: () => {
            const tok = this.CONSUME(T.AnnotationBodyToken);
            this.ACTION(() => into?.push(this.annotationToken(tok)));
          },
        },
      ]),
    );
  });

  private annotationToken(tok: IToken): AnnotationToken {
    return { kind: tok.tokenType.name, text: tok.image, span: this.tokenSpan(tok) };
  }

  /** The tokens from `first` to `last` inclusive, as annotation tokens. */
  private tokensBetween(first: IToken, last: IToken): AnnotationToken[] {
    const vector = (this as unknown as { tokVector: IToken[] }).tokVector;
    const out: AnnotationToken[] = [];
    if (Number.isNaN(first.startOffset) || Number.isNaN(last.startOffset)) return out;
    let i = vector.indexOf(first);
    if (i < 0) return out;
    for (; i < vector.length; i++) {
      const tok = vector[i]!;
      if (tok.startOffset > last.startOffset) break;
      out.push(this.annotationToken(tok));
    }
    return out;
  }
}

function isKeysetOnly(e: Expression): boolean {
  return (
    e.kind === 'MaskExpression' ||
    e.kind === 'RangeExpression' ||
    e.kind === 'DefaultExpression' ||
    e.kind === 'DontCareExpression'
  );
}
