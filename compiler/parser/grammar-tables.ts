// Actions and tables (spec appendix "Tables" and "Actions"): every property (`key`, `actions`,
// `entries` const or not, with `priority =` per entry, and any `name = expression;`).

import type { IToken } from 'chevrotain';
import type {
  ActionDeclaration,
  ActionRef,
  Annotation,
  Entry,
  Expression,
  KeyElement,
  TableDeclaration,
  TableProperty,
} from './ast.js';
import { missingIdentifier } from './grammar-expressions.js';
import { StatementGrammar } from './grammar-statements.js';
import * as T from './tokens.js';

function missingActionRef(): ActionRef {
  return { kind: 'ActionRef', annotations: [], name: missingIdentifier(), global: false, span: { start: 0, end: 0 } };
}

export abstract class TableGrammar extends StatementGrammar {
  actionDeclaration = this.RULE('actionDeclaration', (annotations?: Annotation[]): ActionDeclaration => {
    const tok = this.CONSUME(T.Action);
    const name = this.SUBRULE(this.name);
    this.ACTION(() => this.pushScope());
    const parameters = this.SUBRULE(this.parameterList);
    const body = this.SUBRULE(this.blockStatement);
    return this.ACTION(() => {
      this.popScope();
      const annots = annotations ?? [];
      return {
        kind: 'ActionDeclaration',
        annotations: annots,
        name,
        parameters,
        body,
        span: this.spanFrom(this.startOf(annots, tok)),
      };
    });
  });

  tableDeclaration = this.RULE('tableDeclaration', (annotations?: Annotation[]): TableDeclaration => {
    const tok = this.CONSUME(T.Table);
    const name = this.SUBRULE(this.name);
    this.ACTION(() => this.declareValue(name));
    this.CONSUME(T.LBrace);
    const properties: TableProperty[] = [];
    this.MANY(() => properties.push(this.SUBRULE(this.tableProperty)));
    this.CONSUME(T.RBrace);
    return this.ACTION(() => {
      const annots = annotations ?? [];
      return {
        kind: 'TableDeclaration',
        annotations: annots,
        name,
        properties,
        span: this.spanFrom(this.startOf(annots, tok)),
      };
    });
  });

  tableProperty = this.RULE(
    'tableProperty',
    (): TableProperty =>
      this.OR([
        {
          ALT: () => {
            const tok = this.CONSUME(T.Key);
            this.CONSUME(T.Assign);
            this.CONSUME(T.LBrace);
            const elements: KeyElement[] = [];
            this.MANY(() => elements.push(this.SUBRULE(this.keyElement)));
            this.CONSUME(T.RBrace);
            return this.ACTION((): TableProperty => ({ kind: 'KeyProperty', elements, span: this.spanFrom(tok) }));
          },
        },
        {
          ALT: () => {
            const tok = this.CONSUME(T.Actions);
            this.CONSUME1(T.Assign);
            this.CONSUME1(T.LBrace);
            const actions: ActionRef[] = [];
            this.MANY1(() => {
              const annotations = this.SUBRULE(this.annotations);
              const ref = this.SUBRULE(this.actionRef, { ARGS: [annotations] });
              this.CONSUME(T.Semicolon);
              this.ACTION(() => actions.push(ref));
            });
            this.CONSUME1(T.RBrace);
            return this.ACTION((): TableProperty => ({ kind: 'ActionsProperty', actions, span: this.spanFrom(tok) }));
          },
        },
        { ALT: () => this.SUBRULE(this.otherTableProperty) },
      ]),
  );

  /** `[annotations] [const] entries = {...}` or `[annotations] [const] name = expression;` */
  otherTableProperty = this.RULE('otherTableProperty', (): TableProperty => {
    const first = this.LA(1);
    const annotations = this.SUBRULE(this.annotations);
    const isConst = this.OPTION(() => this.CONSUME(T.Const)) !== undefined;
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Entries);
          this.CONSUME(T.Assign);
          this.CONSUME(T.LBrace);
          const entries: Entry[] = [];
          this.MANY(() => entries.push(this.SUBRULE(this.entry)));
          this.CONSUME(T.RBrace);
          return this.ACTION(
            (): TableProperty => ({
              kind: 'EntriesProperty',
              annotations,
              isConst,
              entries,
              span: this.spanFrom(first),
            }),
          );
        },
      },
      {
        ALT: () => {
          // p4c `nonTableKwName`: `key`, `actions` and `entries` are taken above.
          const nameToken = this.OR1([
            { ALT: () => this.CONSUME(T.Identifier) },
            { ALT: () => this.CONSUME(T.TypeIdentifier) },
            { ALT: () => this.CONSUME(T.Apply) },
            { ALT: () => this.CONSUME(T.Priority) },
            { ALT: () => this.CONSUME(T.State) },
            { ALT: () => this.CONSUME(T.Type) },
          ]);
          this.CONSUME1(T.Assign);
          const value = this.SUBRULE(this.expression);
          this.CONSUME(T.Semicolon);
          return this.ACTION(
            (): TableProperty => ({
              kind: 'ExpressionProperty',
              annotations,
              isConst,
              name: this.identifier(nameToken),
              value,
              span: this.spanFrom(first),
            }),
          );
        },
      },
    ]);
  });

  keyElement = this.RULE('keyElement', (): KeyElement => {
    const expression = this.SUBRULE(this.expression);
    this.CONSUME(T.Colon);
    const matchKind = this.SUBRULE(this.name);
    const annotations = this.SUBRULE(this.annotations);
    this.CONSUME(T.Semicolon);
    return this.ACTION(() => ({
      kind: 'KeyElement',
      expression,
      matchKind,
      annotations,
      span: this.spanFrom(expression.span),
    }));
  });

  /** `a`, `.a` or `a(args)`; the caller has parsed the annotations in front. */
  actionRef = this.RULE(
    'actionRef',
    (annotations?: Annotation[]): ActionRef => {
      const first = this.LA(1);
      const dot = this.OPTION(() => this.CONSUME(T.Dot));
      const name = this.SUBRULE(this.name);
      const args = this.OPTION1(() => this.SUBRULE(this.argumentList));
      return this.ACTION((): ActionRef => {
        const annots = annotations ?? [];
        const base = {
          kind: 'ActionRef' as const,
          annotations: annots,
          name,
          global: dot !== undefined,
          span: this.spanFrom(this.startOf(annots, first)),
        };
        return args === undefined ? base : { ...base, args };
      });
    },
    { recoveryValueFunc: missingActionRef },
  );

  /** `[const] [priority = N :] keyset : action [annotations];` (annotations may also lead). */
  entry = this.RULE('entry', (): Entry => {
    const first: IToken = this.LA(1);
    const leading = this.SUBRULE(this.annotations);
    const isConst = this.OPTION(() => this.CONSUME(T.Const)) !== undefined;
    const priority = this.OPTION1({
      GATE: () => this.tokenAt(2) === T.Assign,
      DEF: () => {
        this.CONSUME(T.Priority);
        this.CONSUME(T.Assign);
        const value = this.OR([
          { ALT: () => this.integerLiteral(this.CONSUME(T.IntegerLiteral)) },
          {
            ALT: (): Expression => {
              this.CONSUME(T.LParen);
              const e = this.SUBRULE(this.expression);
              this.CONSUME(T.RParen);
              return e;
            },
          },
        ]);
        this.CONSUME(T.Colon);
        return value;
      },
    });
    const keyset = this.SUBRULE(this.keysetExpression);
    this.CONSUME1(T.Colon);
    const action = this.SUBRULE(this.actionRef);
    const trailing = this.SUBRULE1(this.annotations);
    this.CONSUME(T.Semicolon);
    return this.ACTION((): Entry => {
      const base = {
        kind: 'Entry' as const,
        annotations: [...leading, ...trailing],
        isConst,
        keyset,
        action,
        span: this.spanFrom(first),
      };
      return priority === undefined ? base : { ...base, priority };
    });
  });
}
