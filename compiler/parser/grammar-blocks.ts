import type {
  Annotation,
  ControlLocalDeclaration,
  Declaration,
  ParserLocalElement,
  ParserState,
  SelectCase,
  SelectExpression,
  StatementOrDeclaration,
  ValueSetDeclaration,
} from './ast.js';
import { TableGrammar } from './grammar-tables.js';
import { ParseTexts } from './messages.js';
import * as T from './tokens.js';

export abstract class BlockGrammar extends TableGrammar {
  // ---- parsers -------------------------------------------------------------------------------

  parserDeclaration = this.RULE('parserDeclaration', (annotations?: Annotation[]): Declaration => {
    const tok = this.CONSUME(T.Parser);
    const annots = annotations ?? [];
    const start = this.startOf(annots, tok);
    const name = this.SUBRULE(this.name);
    this.ACTION(() => {
      this.declareType(name);
      this.pushScope();
    });
    const typeParameters = this.SUBRULE(this.typeParameters);
    const parameters = this.SUBRULE(this.parameterList);
    const typeSpan = this.ACTION(() => this.spanFrom(start));
    const result = this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Semicolon);
          return this.ACTION(
            (): Declaration => ({
              kind: 'ParserTypeDeclaration',
              annotations: annots,
              name,
              typeParameters,
              parameters,
              span: this.spanFrom(start),
            }),
          );
        },
      },
      {
        ALT: () => {
          const constructorParameters = this.OPTION(() => this.SUBRULE1(this.parameterList)) ?? [];
          this.CONSUME(T.LBrace);
          const locals: ParserLocalElement[] = [];
          this.MANY({
            GATE: () => this.tokenAt(this.skipAnnotations(1)) !== T.State,
            DEF: () => locals.push(this.SUBRULE(this.parserLocalElement)),
          });
          const states: ParserState[] = [];
          this.AT_LEAST_ONE(() => states.push(this.SUBRULE(this.parserState)));
          this.CONSUME(T.RBrace);
          return this.ACTION(
            (): Declaration => ({
              kind: 'ParserDeclaration',
              type: {
                kind: 'ParserTypeDeclaration',
                annotations: annots,
                name,
                typeParameters,
                parameters,
                span: typeSpan,
              },
              constructorParameters,
              locals,
              states,
              span: this.spanFrom(start),
            }),
          );
        },
      },
    ]);
    this.ACTION(() => this.popScope());
    return result;
  });

  parserLocalElement = this.RULE('parserLocalElement', (): ParserLocalElement => {
    const annotations = this.SUBRULE(this.annotations);
    return this.OR([
      { ALT: () => this.SUBRULE(this.constantDeclaration, { ARGS: [annotations] }) },
      { ALT: () => this.SUBRULE(this.valueSetDeclaration, { ARGS: [annotations] }) },
      { ALT: () => this.SUBRULE(this.typedDeclaration, { ARGS: [annotations] }) },
    ]);
  });

  valueSetDeclaration = this.RULE('valueSetDeclaration', (annotations?: Annotation[]): ValueSetDeclaration => {
    const tok = this.CONSUME(T.ValueSet);
    this.CONSUME(T.LAngle);
    const elementType = this.SUBRULE(this.typeRef);
    this.CONSUME(T.RAngle);
    this.CONSUME(T.LParen);
    const size = this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
    const name = this.SUBRULE(this.name);
    this.ACTION(() => this.declareValue(name));
    this.CONSUME(T.Semicolon);
    return this.ACTION(() => {
      const annots = annotations ?? [];
      return {
        kind: 'ValueSetDeclaration',
        annotations: annots,
        elementType,
        size,
        name,
        span: this.spanFrom(this.startOf(annots, tok)),
      };
    });
  });

  parserState = this.RULE('parserState', (): ParserState => {
    const first = this.LA(1);
    const annotations = this.SUBRULE(this.annotations);
    this.CONSUME(T.State);
    const name = this.SUBRULE(this.name);
    this.CONSUME(T.LBrace);
    this.ACTION(() => this.pushScope());
    const statements: StatementOrDeclaration[] = [];
    this.MANY(() => statements.push(this.SUBRULE(this.statementOrDeclaration)));
    const transition = this.OPTION(() => {
      const tok = this.CONSUME(T.Transition);
      const target = this.OR([
        { ALT: () => this.SUBRULE(this.selectExpression) },
        {
          ALT: () => {
            const next = this.SUBRULE1(this.name);
            this.CONSUME(T.Semicolon);
            return next;
          },
        },
      ]);
      return this.ACTION(() => ({ target, span: this.spanFrom(tok) }));
    });
    this.CONSUME(T.RBrace);
    return this.ACTION((): ParserState => {
      this.popScope();
      this.checkParserStatements(statements);
      const base = { kind: 'ParserState' as const, annotations, name, statements, span: this.spanFrom(first) };
      return transition === undefined
        ? base
        : { ...base, transition: transition.target, transitionSpan: transition.span };
    });
  });

  /** p4c's `parserStatement` has no return, exit, switch or loops (an `if` takes any statement). */
  private checkParserStatements(statements: readonly StatementOrDeclaration[]): void {
    for (const s of statements) {
      if (s.kind === 'BlockStatement') this.checkParserStatements(s.body);
      else if (
        s.kind === 'ReturnStatement' ||
        s.kind === 'ExitStatement' ||
        s.kind === 'SwitchStatement' ||
        s.kind === 'BreakStatement' ||
        s.kind === 'ContinueStatement' ||
        s.kind === 'ForStatement' ||
        s.kind === 'ForInStatement'
      ) {
        const word = this.text.slice(s.span.start).match(/^[a-z]+/)?.[0] ?? s.kind;
        this.syntaxProblem(ParseTexts.expectedConstructButFound('a parser statement', `'${word}'`), {
          start: s.span.start,
          end: s.span.start + word.length,
        });
      }
    }
  }

  selectExpression = this.RULE('selectExpression', (): SelectExpression => {
    const tok = this.CONSUME(T.Select);
    this.CONSUME(T.LParen);
    const selectors = this.SUBRULE(this.expressionList);
    this.CONSUME(T.RParen);
    this.CONSUME(T.LBrace);
    const cases: SelectCase[] = [];
    this.MANY(() => {
      const keyset = this.SUBRULE(this.keysetExpression);
      this.CONSUME(T.Colon);
      const state = this.SUBRULE(this.name);
      this.CONSUME(T.Semicolon);
      this.ACTION(() => cases.push({ kind: 'SelectCase', keyset, state, span: this.spanFrom(keyset.span) }));
    });
    this.CONSUME(T.RBrace);
    return this.ACTION(() => ({ kind: 'SelectExpression', selectors, cases, span: this.spanFrom(tok) }));
  });

  // ---- controls ------------------------------------------------------------------------------

  controlDeclaration = this.RULE('controlDeclaration', (annotations?: Annotation[]): Declaration => {
    const tok = this.CONSUME(T.Control);
    const annots = annotations ?? [];
    const start = this.startOf(annots, tok);
    const name = this.SUBRULE(this.name);
    this.ACTION(() => {
      this.declareType(name);
      this.pushScope();
    });
    const typeParameters = this.SUBRULE(this.typeParameters);
    const parameters = this.SUBRULE(this.parameterList);
    const typeSpan = this.ACTION(() => this.spanFrom(start));
    const result = this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Semicolon);
          return this.ACTION(
            (): Declaration => ({
              kind: 'ControlTypeDeclaration',
              annotations: annots,
              name,
              typeParameters,
              parameters,
              span: this.spanFrom(start),
            }),
          );
        },
      },
      {
        ALT: () => {
          const constructorParameters = this.OPTION(() => this.SUBRULE1(this.parameterList)) ?? [];
          this.CONSUME(T.LBrace);
          const locals: ControlLocalDeclaration[] = [];
          this.MANY({
            GATE: () => this.tokenAt(this.skipAnnotations(1)) !== T.Apply,
            DEF: () => locals.push(this.SUBRULE(this.controlLocalDeclaration)),
          });
          const leading = this.SUBRULE(this.annotations);
          this.CONSUME(T.Apply);
          const trailing = this.SUBRULE1(this.annotations);
          const applyAnnotations = this.ACTION(() => [...leading, ...trailing]);
          const apply = this.SUBRULE(this.blockStatement, { ARGS: [applyAnnotations] });
          this.CONSUME(T.RBrace);
          return this.ACTION(
            (): Declaration => ({
              kind: 'ControlDeclaration',
              type: {
                kind: 'ControlTypeDeclaration',
                annotations: annots,
                name,
                typeParameters,
                parameters,
                span: typeSpan,
              },
              constructorParameters,
              locals,
              apply,
              span: this.spanFrom(start),
            }),
          );
        },
      },
    ]);
    this.ACTION(() => this.popScope());
    return result;
  });

  controlLocalDeclaration = this.RULE('controlLocalDeclaration', (): ControlLocalDeclaration => {
    const annotations = this.SUBRULE(this.annotations);
    const args = { ARGS: [annotations] as [Annotation[]] };
    return this.OR([
      { ALT: () => this.SUBRULE(this.constantDeclaration, args) },
      { ALT: () => this.SUBRULE(this.actionDeclaration, args) },
      { ALT: () => this.SUBRULE(this.tableDeclaration, args) },
      { ALT: () => this.SUBRULE(this.typedDeclaration, args) },
    ]);
  });
}
