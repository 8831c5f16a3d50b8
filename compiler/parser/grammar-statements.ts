// Statements and the declarations that may appear among them (spec appendix "Statements").
// Whether `T x;` / `T(args) x;` is a declaration or `a.b(c);` a statement is decided by a gate
// that scans a type reference ahead, using the scoped set of type names.

import type { IToken, ParserMethod } from 'chevrotain';
import type {
  Annotation,
  AssignmentOperator,
  AssignmentStatement,
  BlockStatement,
  CallExpression,
  ConstantDeclaration,
  Expression,
  ForInStatement,
  ForStatement,
  FunctionDeclaration,
  Instantiation,
  MethodCallStatement,
  Statement,
  StatementOrDeclaration,
  SwitchCase,
  VariableDeclaration,
} from './ast.js';
import { missingIdentifier } from './grammar-expressions.js';
import { missingType, TypeGrammar } from './grammar-types.js';
import { ParseTexts } from './messages.js';
import * as T from './tokens.js';

const noSpan = { start: 0, end: 0 };

export function missingStatement(): Statement {
  return { kind: 'EmptyStatement', span: noSpan };
}

function missingBlock(): BlockStatement {
  return { kind: 'BlockStatement', annotations: [], body: [], span: noSpan };
}

/** The innermost call in a chain of members, indexes and calls, if any. */
function innermostCall(e: Expression): Expression | undefined {
  let found: Expression | undefined;
  for (let x: Expression | undefined = e; x !== undefined; ) {
    if (x.kind === 'CallExpression') {
      found = x;
      x = x.callee;
    } else if (x.kind === 'MemberExpression' || x.kind === 'IndexExpression' || x.kind === 'SliceExpression') {
      x = x.object;
    } else x = undefined;
  }
  return found;
}

function missingVariable(): VariableDeclaration {
  return { kind: 'VariableDeclaration', annotations: [], type: missingType(), name: missingIdentifier(), span: noSpan };
}

export abstract class StatementGrammar extends TypeGrammar {
  /** A function or an instantiation inside an instance initializer `= { ... }`. */
  abstract objectDeclaration: ParserMethod<[], FunctionDeclaration | Instantiation | undefined>;

  blockStatement = this.RULE(
    'blockStatement',
    (annotations?: Annotation[]): BlockStatement => {
      const open = this.CONSUME(T.LBrace);
      this.ACTION(() => this.pushScope());
      const body: StatementOrDeclaration[] = [];
      this.MANY(() => body.push(this.SUBRULE(this.statementOrDeclaration)));
      this.CONSUME(T.RBrace);
      return this.ACTION(() => {
        this.popScope();
        const annots = annotations ?? [];
        return { kind: 'BlockStatement', annotations: annots, body, span: this.spanFrom(this.startOf(annots, open)) };
      });
    },
    { recoveryValueFunc: missingBlock },
  );

  statementOrDeclaration = this.RULE(
    'statementOrDeclaration',
    (): StatementOrDeclaration => {
      const annotations = this.SUBRULE(this.annotations);
      return this.OR([
        { ALT: () => this.SUBRULE(this.constantDeclaration, { ARGS: [annotations] }) },
        {
          GATE: () => this.isTypedDeclarationAt(1),
          ALT: () => this.SUBRULE(this.typedDeclaration, { ARGS: [annotations] }),
          IGNORE_AMBIGUITIES: true,
        },
        { ALT: () => this.SUBRULE(this.statement, { ARGS: [annotations] }) },
      ]);
    },
    { recoveryValueFunc: missingStatement },
  );

  /** A statement in a position that takes no declaration (the branches of `if`, `for` bodies). */
  bodyStatement = this.RULE(
    'bodyStatement',
    (): Statement => {
      const annotations = this.SUBRULE(this.annotations);
      return this.SUBRULE(this.statement, { ARGS: [annotations] });
    },
    { recoveryValueFunc: missingStatement },
  );

  statement = this.RULE(
    'statement',
    (annotations?: Annotation[]): Statement => {
      const statement = this.OR([
        {
          ALT: () => {
            const tok = this.CONSUME(T.Semicolon);
            return this.ACTION((): Statement => ({ kind: 'EmptyStatement', span: this.tokenSpan(tok) }));
          },
        },
        { ALT: () => this.SUBRULE(this.blockStatement, { ARGS: [annotations] }) },
        { ALT: () => this.SUBRULE(this.ifStatement) },
        { ALT: () => this.SUBRULE(this.switchStatement) },
        {
          ALT: () => {
            const tok = this.CONSUME(T.Return);
            const value = this.OPTION(() => this.SUBRULE(this.expression));
            this.CONSUME1(T.Semicolon);
            return this.ACTION(
              (): Statement =>
                value === undefined
                  ? { kind: 'ReturnStatement', span: this.spanFrom(tok) }
                  : { kind: 'ReturnStatement', value, span: this.spanFrom(tok) },
            );
          },
        },
        { ALT: () => this.keywordStatement(this.CONSUME(T.Exit), 'ExitStatement', 3) },
        { ALT: () => this.keywordStatement(this.CONSUME(T.Break), 'BreakStatement', 4) },
        { ALT: () => this.keywordStatement(this.CONSUME(T.Continue), 'ContinueStatement', 5) },
        { ALT: () => this.SUBRULE(this.forStatement, { ARGS: [annotations] }) },
        {
          ALT: () => {
            const s = this.SUBRULE(this.assignmentOrMethodCall);
            this.CONSUME2(T.Semicolon);
            return this.ACTION((): Statement => ({ ...s, span: this.spanFrom(s.span) }));
          },
        },
      ]);
      this.ACTION(() => {
        // Only blocks and loops take annotations (p4c): do not drop them silently elsewhere.
        const first = annotations?.[0];
        if (
          first !== undefined &&
          statement.kind !== 'BlockStatement' &&
          statement.kind !== 'ForStatement' &&
          statement.kind !== 'ForInStatement'
        ) {
          this.syntaxProblem(
            ParseTexts.expectedConstructButFound('a declaration or a block', `'${first.name.name}'`),
            first.span,
          );
        }
      });
      return statement;
    },
    { recoveryValueFunc: missingStatement },
  );

  ifStatement = this.RULE(
    'ifStatement',
    (): Statement => {
      const tok = this.CONSUME(T.If);
      this.CONSUME(T.LParen);
      const condition = this.SUBRULE(this.expression);
      this.CONSUME(T.RParen);
      const thenStatement = this.SUBRULE(this.bodyStatement);
      const elseStatement = this.OPTION(() => {
        this.CONSUME(T.Else);
        return this.SUBRULE1(this.bodyStatement);
      });
      return this.ACTION(
        (): Statement =>
          elseStatement === undefined
            ? { kind: 'IfStatement', condition, thenStatement, span: this.spanFrom(tok) }
            : { kind: 'IfStatement', condition, thenStatement, elseStatement, span: this.spanFrom(tok) },
      );
    },
    { recoveryValueFunc: missingStatement },
  );

  switchStatement = this.RULE(
    'switchStatement',
    (): Statement => {
      const tok = this.CONSUME(T.Switch);
      this.CONSUME(T.LParen);
      const expression = this.SUBRULE(this.expression);
      this.CONSUME(T.RParen);
      this.CONSUME(T.LBrace);
      const cases: SwitchCase[] = [];
      this.MANY(() => cases.push(this.SUBRULE(this.switchCase)));
      this.CONSUME(T.RBrace);
      return this.ACTION((): Statement => ({ kind: 'SwitchStatement', expression, cases, span: this.spanFrom(tok) }));
    },
    { recoveryValueFunc: missingStatement },
  );

  switchCase = this.RULE('switchCase', (): SwitchCase => {
    const first = this.LA(1);
    const label = this.OR([
      { ALT: () => this.simpleNode('DefaultExpression', this.CONSUME(T.Default)) },
      { ALT: () => this.SUBRULE(this.expression) },
    ]);
    this.CONSUME(T.Colon);
    const body = this.OPTION(() => {
      const annotations = this.SUBRULE(this.annotations);
      return this.SUBRULE(this.blockStatement, { ARGS: [annotations] });
    });
    return this.ACTION(
      (): SwitchCase =>
        body === undefined
          ? { kind: 'SwitchCase', label, span: this.spanFrom(first) }
          : { kind: 'SwitchCase', label, body, span: this.spanFrom(first) },
    );
  });

  forStatement = this.RULE(
    'forStatement',
    (annotations?: Annotation[]): Statement => {
      const tok = this.CONSUME(T.For);
      this.CONSUME(T.LParen);
      this.ACTION(() => this.pushScope());
      const annots = annotations ?? [];
      const result = this.OR([
        {
          GATE: () => this.isForInAhead(),
          ALT: () => {
            const varStart = this.LA(1);
            const varAnnotations = this.SUBRULE(this.annotations);
            const type = this.SUBRULE(this.typeRef);
            const name = this.SUBRULE(this.name);
            this.ACTION(() => this.declareValue(name));
            this.CONSUME(T.In);
            const collection = this.SUBRULE(this.simpleKeyset);
            this.CONSUME(T.RParen);
            const body = this.SUBRULE(this.bodyStatement);
            return this.ACTION(
              (): ForInStatement => ({
                kind: 'ForInStatement',
                annotations: annots,
                variable: {
                  kind: 'VariableDeclaration',
                  annotations: varAnnotations,
                  type,
                  name,
                  span: { start: varStart.startOffset, end: name.span.end },
                },
                collection,
                body,
                span: this.spanFrom(this.startOf(annots, tok)),
              }),
            );
          },
          IGNORE_AMBIGUITIES: true,
        },
        {
          ALT: () => {
            const init: ForStatement['init'][number][] = [];
            this.MANY_SEP({ SEP: T.Comma, DEF: () => init.push(this.SUBRULE(this.forInitStatement)) });
            this.CONSUME(T.Semicolon);
            const condition = this.OPTION(() => this.SUBRULE1(this.expression));
            this.CONSUME1(T.Semicolon);
            const update: ForStatement['update'][number][] = [];
            this.MANY_SEP1({ SEP: T.Comma, DEF: () => update.push(this.SUBRULE1(this.assignmentOrMethodCall)) });
            this.CONSUME1(T.RParen);
            const body = this.SUBRULE1(this.bodyStatement);
            return this.ACTION((): ForStatement => {
              const base = { kind: 'ForStatement' as const, annotations: annots, init, update, body };
              const span = this.spanFrom(this.startOf(annots, tok));
              return condition === undefined ? { ...base, span } : { ...base, condition, span };
            });
          },
        },
      ]);
      this.ACTION(() => this.popScope());
      return result;
    },
    { recoveryValueFunc: missingStatement },
  );

  forInitStatement = this.RULE(
    'forInitStatement',
    (): VariableDeclaration | AssignmentStatement | MethodCallStatement =>
      this.OR([
        {
          GATE: () => this.isTypedDeclarationAt(1),
          ALT: () => {
            const first = this.LA(1);
            const type = this.SUBRULE(this.typeRef);
            const name = this.SUBRULE(this.name);
            this.ACTION(() => this.declareValue(name));
            const initializer = this.OPTION(() => {
              this.CONSUME(T.Assign);
              return this.SUBRULE(this.expression);
            });
            return this.ACTION((): VariableDeclaration => {
              const base = {
                kind: 'VariableDeclaration' as const,
                annotations: [],
                type,
                name,
                span: this.spanFrom(first),
              };
              return initializer === undefined ? base : { ...base, initializer };
            });
          },
          IGNORE_AMBIGUITIES: true,
        },
        { ALT: () => this.SUBRULE(this.assignmentOrMethodCall) },
      ]),
  );

  /** An assignment or a method call, without its `;`. */
  assignmentOrMethodCall = this.RULE('assignmentOrMethodCall', (): AssignmentStatement | MethodCallStatement => {
    const target = this.SUBRULE(this.lvalue);
    const assignment = this.OPTION(() => {
      const op = this.CONSUME(T.AssignmentOperatorToken);
      const value = this.SUBRULE(this.expression);
      return { op: op.image as AssignmentOperator, value };
    });
    return this.ACTION((): AssignmentStatement | MethodCallStatement => {
      const span = this.spanFrom(target.span);
      // p4c's lvalue has no calls inside: `t.apply().hit = x;` and `f()();` are not statements.
      const innerCall = innermostCall(
        target.kind === 'CallExpression' && assignment === undefined ? target.callee : target,
      );
      if (innerCall !== undefined) {
        const at = { start: innerCall.span.end, end: innerCall.span.end + 1 };
        this.syntaxProblem(ParseTexts.expectedButFound("';'", `'${this.text.slice(at.start, at.end)}'`), at);
      }
      if (assignment !== undefined) return { kind: 'AssignmentStatement', ...assignment, target, span };
      if (target.kind !== 'CallExpression') {
        this.notAStatement(target.span);
        const call: CallExpression = { kind: 'CallExpression', callee: target, typeArgs: [], args: [], span };
        return { kind: 'MethodCallStatement', call, span };
      }
      return { kind: 'MethodCallStatement', call: target, span };
    });
  });

  constantDeclaration = this.RULE('constantDeclaration', (annotations?: Annotation[]): ConstantDeclaration => {
    const tok = this.CONSUME(T.Const);
    const elementType = this.SUBRULE(this.typeRef);
    const name = this.SUBRULE(this.name);
    const type = this.SUBRULE(this.arrayDeclarator, { ARGS: [elementType] });
    this.ACTION(() => this.declareValue(name));
    this.CONSUME(T.Assign);
    const value = this.SUBRULE(this.expression);
    this.CONSUME(T.Semicolon);
    return this.ACTION(() => {
      const annots = annotations ?? [];
      return {
        kind: 'ConstantDeclaration',
        annotations: annots,
        type,
        name,
        value,
        span: this.spanFrom(this.startOf(annots, tok)),
      };
    });
  });

  /** `typeRef name [= init];` or `typeRef(args) name [= { ... }];` */
  typedDeclaration = this.RULE(
    'typedDeclaration',
    (annotations?: Annotation[]): VariableDeclaration | Instantiation => {
      const first = this.LA(1);
      const type = this.SUBRULE(this.typeRef);
      return this.OR([
        {
          ALT: () => this.SUBRULE(this.instantiationRest, { ARGS: [annotations, type, first] }),
        },
        {
          ALT: () => {
            const name = this.SUBRULE(this.name);
            const arrayType = this.SUBRULE(this.arrayDeclarator, { ARGS: [type] });
            this.ACTION(() => this.declareValue(name));
            const initializer = this.OPTION(() => {
              this.CONSUME(T.Assign);
              return this.SUBRULE(this.expression);
            });
            this.CONSUME(T.Semicolon);
            return this.ACTION((): VariableDeclaration => {
              const annots = annotations ?? [];
              const base = {
                kind: 'VariableDeclaration' as const,
                annotations: annots,
                type: arrayType,
                name,
                span: this.spanFrom(this.startOf(annots, first)),
              };
              return initializer === undefined ? base : { ...base, initializer };
            });
          },
        },
      ]);
    },
    { recoveryValueFunc: missingVariable },
  );

  /** After the type of an instantiation: `(args) name [= { ... }];` */
  instantiationRest = this.RULE(
    'instantiationRest',
    (annotations?: Annotation[], type?: Instantiation['type'], first?: IToken): Instantiation => {
      const args = this.SUBRULE(this.argumentList);
      const name = this.SUBRULE(this.name);
      const arrayType = this.SUBRULE(this.arrayDeclarator, { ARGS: [type] });
      this.ACTION(() => this.declareValue(name));
      const initializer = this.OPTION(() => {
        this.CONSUME(T.Assign);
        this.CONSUME(T.LBrace);
        const decls: (FunctionDeclaration | Instantiation)[] = [];
        this.MANY(() => {
          const d = this.SUBRULE(this.objectDeclaration);
          this.ACTION(() => {
            if (d !== undefined) decls.push(d);
          });
        });
        this.CONSUME(T.RBrace);
        return decls;
      });
      this.CONSUME(T.Semicolon);
      return this.ACTION((): Instantiation => {
        const annots = annotations ?? [];
        const start = annots[0]?.span ?? first ?? name.span;
        const base = {
          kind: 'Instantiation' as const,
          annotations: annots,
          type: arrayType,
          args,
          name,
          span: this.spanFrom(start),
        };
        return initializer === undefined ? base : { ...base, initializer };
      });
    },
  );

  /** `exit;`, `break;`, `continue;`: `semicolonIndex` keeps chevrotain's occurrence indices
   *  of `;` unique within the `statement` rule. */
  private keywordStatement(
    tok: IToken,
    kind: 'ExitStatement' | 'BreakStatement' | 'ContinueStatement',
    semicolonIndex: number,
  ): Statement {
    this.consume(semicolonIndex, T.Semicolon);
    return this.ACTION((): Statement => ({ kind, span: this.spanFrom(tok) }));
  }

  /** After `for (`: `[annotations] typeRef name in`. */
  private isForInAhead(): boolean {
    const k = this.skipAnnotations(1);
    const afterType = this.scanTypeRef(k);
    return afterType !== 0 && this.isNameToken(afterType) && this.tokenAt(afterType + 1) === T.In;
  }
}
