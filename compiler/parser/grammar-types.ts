// Type references, type parameters and parameter lists (spec appendix "Types"). Declaring a
// type parameter or a parameter updates the scoped set of type names, so the tokens that follow
// are classified correctly (`control C<H>(inout H hdr)`).

import type { IToken } from 'chevrotain';
import type {
  BaseTypeRef,
  Direction,
  Expression,
  Identifier,
  Parameter,
  ReturnType,
  TypeArgument,
  TypeName,
  TypeRef,
} from './ast.js';
import { AnnotationGrammar } from './grammar-annotations.js';
import { missingIdentifier } from './grammar-expressions.js';
import * as T from './tokens.js';

export function missingType(): TypeRef {
  return { kind: 'TypeName', name: missingIdentifier(), global: false, span: { start: 0, end: 0 } };
}

export abstract class TypeGrammar extends AnnotationGrammar {
  /** p4c `typeRef`: a base, named, specialized, tuple or list type, then any `[size]`. */
  override typeRef = this.RULE(
    'typeRef',
    (): TypeRef => {
      let type = this.OR([
        { ALT: () => this.SUBRULE(this.baseType) },
        { ALT: () => this.SUBRULE(this.namedType) },
        {
          ALT: () => {
            const tok = this.CONSUME(T.Tuple);
            const elements = this.SUBRULE(this.typeArgumentList);
            return this.ACTION((): TypeRef => ({ kind: 'TupleType', elements, span: this.spanFrom(tok) }));
          },
        },
        {
          ALT: () => {
            const tok = this.CONSUME(T.List);
            this.CONSUME(T.LAngle);
            const element = this.SUBRULE(this.typeArgument);
            this.CONSUME(T.RAngle);
            return this.ACTION((): TypeRef => ({ kind: 'ListType', element, span: this.spanFrom(tok) }));
          },
        },
      ]);
      this.MANY(() => {
        this.CONSUME(T.LBracket);
        const size = this.SUBRULE(this.expression);
        this.CONSUME(T.RBracket);
        type = this.ACTION(
          (): TypeRef => ({ kind: 'HeaderStackType', element: type, size, span: this.spanFrom(type.span) }),
        );
      });
      return type;
    },
    { recoveryValueFunc: missingType },
  );

  baseType = this.RULE(
    'baseType',
    (): TypeRef =>
      this.OR([
        { ALT: () => this.simpleBaseType(this.CONSUME(T.Bool), 'bool') },
        { ALT: () => this.simpleBaseType(this.CONSUME(T.StringKw), 'string') },
        { ALT: () => this.simpleBaseType(this.CONSUME(T.ErrorKw), 'error') },
        { ALT: () => this.simpleBaseType(this.CONSUME(T.MatchKind), 'match_kind') },
        {
          ALT: () => {
            const tok = this.OR1([
              { ALT: () => this.CONSUME(T.Bit) },
              { ALT: () => this.CONSUME(T.Int) },
              { ALT: () => this.CONSUME(T.Varbit) },
            ]);
            const width = this.OPTION(() => {
              this.CONSUME(T.LAngle);
              const w = this.SUBRULE(this.typeWidth);
              this.CONSUME(T.RAngle);
              return w;
            });
            return this.ACTION((): TypeRef => {
              const name = tok.image as 'bit' | 'int' | 'varbit';
              const span = this.spanFrom(tok);
              return width === undefined ? { kind: 'BaseType', name, span } : { kind: 'BaseType', name, width, span };
            });
          },
        },
      ]),
    { recoveryValueFunc: missingType },
  );

  /** The `W` of `bit<W>`: an expression in which a `>` outside parentheses closes the type
   *  (p4c `nonGrtExpression`). */
  typeWidth = this.RULE('typeWidth', (): Expression => {
    this.ACTION(() => this.enterWidth());
    const width = this.SUBRULE(this.expression);
    this.ACTION(() => this.leaveWidth());
    return width;
  });

  /** C-style array declarators `T x[4]` (p4c `declarator`): the type becomes `T[4]`. */
  arrayDeclarator = this.RULE('arrayDeclarator', (element?: TypeRef): TypeRef => {
    let type = element ?? missingType();
    this.MANY(() => {
      this.CONSUME(T.LBracket);
      const size = this.SUBRULE(this.expression);
      this.CONSUME(T.RBracket);
      type = this.ACTION(
        (): TypeRef => ({ kind: 'HeaderStackType', element: type, size, span: this.spanFrom(type.span) }),
      );
    });
    return type;
  });

  /** `T`, `.T` or `T<args>`. */
  namedType = this.RULE(
    'namedType',
    (): TypeRef => {
      const dot = this.OPTION(() => this.CONSUME(T.Dot));
      const nameToken = this.CONSUME(T.TypeIdentifier);
      const base: TypeName = this.ACTION(() => ({
        kind: 'TypeName',
        name: this.identifier(nameToken),
        global: dot !== undefined,
        span: this.spanFrom(dot ?? nameToken),
      }));
      const args = this.OPTION1(() => this.SUBRULE(this.typeArgumentList));
      return this.ACTION(
        (): TypeRef =>
          args === undefined ? base : { kind: 'SpecializedType', base, args, span: this.spanFrom(base.span) },
      );
    },
    { recoveryValueFunc: missingType },
  );

  override typeArgumentList = this.RULE(
    'typeArgumentList',
    (): TypeArgument[] => {
      const args: TypeArgument[] = [];
      this.CONSUME(T.LAngle);
      this.MANY_SEP({ SEP: T.Comma, DEF: () => args.push(this.SUBRULE(this.typeArgument)) });
      this.CONSUME(T.RAngle);
      return args;
    },
    { recoveryValueFunc: () => [] },
  );

  /** p4c `typeArg`: a type, `void`, `_`, or a not-yet-declared name (a type variable). */
  typeArgument = this.RULE(
    'typeArgument',
    (): TypeArgument =>
      this.OR([
        { ALT: () => this.SUBRULE(this.typeRef) },
        {
          ALT: () => {
            const tok = this.CONSUME(T.Void);
            return this.ACTION((): TypeArgument => ({ kind: 'VoidType', span: this.tokenSpan(tok) }));
          },
        },
        {
          ALT: () => {
            const tok = this.CONSUME(T.DontCare);
            return this.ACTION((): TypeArgument => ({ kind: 'DontCareType', span: this.tokenSpan(tok) }));
          },
        },
        {
          ALT: () => {
            const name = this.SUBRULE(this.nonTypeName);
            return this.ACTION((): TypeArgument => ({ kind: 'TypeName', name, global: false, span: name.span }));
          },
        },
      ]),
    { recoveryValueFunc: missingType },
  );

  /** p4c `typeOrVoid`: a return type; a plain identifier is a type variable declared later
   *  (`T f<T>(in T x)`). */
  returnType = this.RULE(
    'returnType',
    (): ReturnType =>
      this.OR([
        {
          ALT: () => {
            const tok = this.CONSUME(T.Void);
            return this.ACTION((): ReturnType => ({ kind: 'VoidType', span: this.tokenSpan(tok) }));
          },
        },
        { ALT: () => this.SUBRULE(this.typeRef) },
        {
          ALT: () => {
            const tok = this.CONSUME(T.Identifier);
            return this.ACTION(
              (): ReturnType => ({
                kind: 'TypeName',
                name: this.identifier(tok),
                global: false,
                span: this.tokenSpan(tok),
              }),
            );
          },
        },
      ]),
    { recoveryValueFunc: missingType },
  );

  /** `<A, B>`: declares each name as a type in the current scope. */
  typeParameters = this.RULE(
    'typeParameters',
    (): Identifier[] => {
      const names: Identifier[] = [];
      this.OPTION(() => {
        this.CONSUME(T.LAngle);
        this.AT_LEAST_ONE_SEP({
          SEP: T.Comma,
          DEF: () => {
            const n = this.SUBRULE(this.name);
            this.ACTION(() => {
              names.push(n);
              this.declareType(n);
            });
          },
        });
        this.CONSUME(T.RAngle);
      });
      return names;
    },
    { recoveryValueFunc: () => [] },
  );

  parameterList = this.RULE(
    'parameterList',
    (): Parameter[] => {
      const params: Parameter[] = [];
      this.CONSUME(T.LParen);
      this.MANY_SEP({ SEP: T.Comma, DEF: () => params.push(this.SUBRULE(this.parameter)) });
      this.CONSUME(T.RParen);
      return params;
    },
    { recoveryValueFunc: () => [] },
  );

  parameter = this.RULE('parameter', (): Parameter => {
    const first = this.LA(1);
    const annotations = this.SUBRULE(this.annotations);
    const direction = this.OPTION(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.In) },
        { ALT: () => this.CONSUME(T.Out) },
        { ALT: () => this.CONSUME(T.Inout) },
      ]),
    );
    const elementType = this.SUBRULE(this.typeRef);
    const name = this.SUBRULE(this.name);
    const type = this.SUBRULE(this.arrayDeclarator, { ARGS: [elementType] });
    this.ACTION(() => this.declareValue(name));
    const defaultValue = this.OPTION1(() => {
      this.CONSUME(T.Assign);
      return this.SUBRULE(this.expression);
    });
    return this.ACTION((): Parameter => {
      const base = { kind: 'Parameter' as const, annotations, type, name, span: this.spanFrom(first) };
      return {
        ...base,
        ...(direction === undefined ? {} : { direction: direction.image as Direction }),
        ...(defaultValue === undefined ? {} : { defaultValue }),
      };
    });
  });

  private simpleBaseType(tok: IToken, name: BaseTypeRef['name']): TypeRef {
    return this.ACTION((): TypeRef => ({ kind: 'BaseType', name, span: this.tokenSpan(tok) }));
  }
}
