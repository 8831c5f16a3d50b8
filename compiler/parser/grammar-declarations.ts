// Top-level and block-level declarations (spec appendix "Declarations"): types, externs,
// parsers, controls, packages, functions and instantiations. Every declaration of a type name
// enters the scoped set before the tokens that may use it are looked at.

import type { IToken } from 'chevrotain';
import type {
  Annotation,
  Declaration,
  DerivedTypeDeclaration,
  ExternDeclaration,
  FunctionDeclaration,
  FunctionPrototype,
  Identifier,
  Instantiation,
  MethodPrototype,
  Program,
  ReturnType,
  SpecifiedIdentifier,
  StructField,
  TypeRef,
} from './ast.js';
import { BlockGrammar } from './grammar-blocks.js';
import * as T from './tokens.js';

export abstract class DeclarationGrammar extends BlockGrammar {
  program = this.RULE(
    'program',
    (): Program => {
      const declarations: Declaration[] = [];
      this.MANY(() =>
        this.OR([
          { ALT: () => this.CONSUME(T.Semicolon) },
          {
            ALT: () => {
              const d = this.SUBRULE(this.declaration);
              this.ACTION(() => {
                // Error recovery may hand back an empty placeholder (see P4GrammarBase.RULE).
                if (d !== undefined && (d.kind as string) !== 'EmptyStatement') declarations.push(d);
              });
            },
          },
        ]),
      );
      return this.ACTION(() => ({ kind: 'Program', declarations, span: this.spanFrom({ start: 0, end: 0 }) }));
    },
    { recoveryValueFunc: (): Program => ({ kind: 'Program', declarations: [], span: { start: 0, end: 0 } }) },
  );

  declaration = this.RULE(
    'declaration',
    (): Declaration | undefined => {
      this.ACTION(() => this.resetToGlobalScope());
      const annotations = this.SUBRULE(this.annotations);
      const args = { ARGS: [annotations] as [Annotation[]] };
      return this.OR([
        { ALT: () => this.SUBRULE(this.constantDeclaration, args) },
        { ALT: () => this.SUBRULE(this.externDeclaration, args) },
        { ALT: () => this.SUBRULE(this.actionDeclaration, args) },
        { ALT: () => this.SUBRULE(this.parserDeclaration, args) },
        { ALT: () => this.SUBRULE(this.controlDeclaration, args) },
        { ALT: () => this.SUBRULE(this.packageTypeDeclaration, args) },
        { ALT: () => this.SUBRULE(this.derivedTypeDeclaration, args) },
        { ALT: () => this.SUBRULE(this.typedefDeclaration, args) },
        {
          GATE: () => this.tokenAt(2) === T.LBrace,
          ALT: () => {
            const tok = this.CONSUME(T.ErrorKw);
            const members = this.SUBRULE(this.identifierList);
            return this.ACTION((): Declaration => ({ kind: 'ErrorDeclaration', members, span: this.spanFrom(tok) }));
          },
        },
        {
          GATE: () => this.tokenAt(2) === T.LBrace,
          ALT: () => {
            const tok = this.CONSUME(T.MatchKind);
            const members = this.SUBRULE1(this.identifierList, { ARGS: [true] });
            return this.ACTION(
              (): Declaration => ({ kind: 'MatchKindDeclaration', members, span: this.spanFrom(tok) }),
            );
          },
        },
        { ALT: () => this.SUBRULE(this.functionOrInstantiation, args) },
      ]);
    },
    { recoveryValueFunc: () => undefined },
  );

  /** `{ a, b, c }` with an optional trailing comma (error and match_kind members). */
  identifierList = this.RULE(
    'identifierList',
    (allowTrailingComma?: boolean): Identifier[] => {
      const names: Identifier[] = [];
      this.CONSUME(T.LBrace);
      names.push(this.SUBRULE(this.name));
      this.MANY({
        GATE: () => this.tokenAt(2) !== T.RBrace,
        DEF: () => {
          this.CONSUME(T.Comma);
          names.push(this.SUBRULE1(this.name));
        },
      });
      this.OPTION({ GATE: () => allowTrailingComma === true, DEF: () => this.CONSUME1(T.Comma) });
      this.CONSUME(T.RBrace);
      return names;
    },
    { recoveryValueFunc: () => [] },
  );

  override objectDeclaration = this.RULE('objectDeclaration', (): FunctionDeclaration | Instantiation | undefined => {
    const annotations = this.SUBRULE(this.annotations);
    return this.SUBRULE(this.functionOrInstantiation, { ARGS: [annotations] });
  });

  /** `T(args) name ...;` or `R name<...>(params) { ... }` (R may be `void` or a type variable). */
  functionOrInstantiation = this.RULE(
    'functionOrInstantiation',
    (annotations?: Annotation[]): FunctionDeclaration | Instantiation => {
      const first = this.LA(1);
      const annots = annotations ?? [];
      return this.OR([
        {
          ALT: () => {
            const returnType = this.SUBRULE(this.returnTypeNotTypeRef);
            return this.SUBRULE(this.functionRest, { ARGS: [annots, returnType, first] });
          },
        },
        {
          ALT: () => {
            const type = this.SUBRULE(this.typeRef);
            return this.OR1([
              { ALT: () => this.SUBRULE(this.instantiationRest, { ARGS: [annots, type, first] }) },
              { ALT: () => this.SUBRULE1(this.functionRest, { ARGS: [annots, type, first] }) },
            ]);
          },
        },
      ]);
    },
  );

  /** `void`, or an identifier that is not (yet) a type: a type variable declared afterwards. */
  returnTypeNotTypeRef = this.RULE('returnTypeNotTypeRef', (): ReturnType => {
    const tok = this.OR([{ ALT: () => this.CONSUME(T.Void) }, { ALT: () => this.CONSUME(T.Identifier) }]);
    return this.ACTION((): ReturnType => {
      const span = this.tokenSpan(tok);
      return tok.tokenType === T.Void
        ? { kind: 'VoidType', span }
        : { kind: 'TypeName', name: this.identifier(tok), global: false, span };
    });
  });

  /** After a function's return type: `name<T>(params) { body }`. */
  functionRest = this.RULE(
    'functionRest',
    (annotations?: Annotation[], returnType?: ReturnType, first?: IToken): FunctionDeclaration => {
      const name = this.SUBRULE(this.name);
      this.ACTION(() => this.pushScope());
      const typeParameters = this.SUBRULE(this.typeParameters);
      const parameters = this.SUBRULE(this.parameterList);
      const prototypeSpan = this.ACTION(() => this.spanFrom(returnType?.span ?? name.span));
      const body = this.SUBRULE(this.blockStatement);
      return this.ACTION((): FunctionDeclaration => {
        this.popScope();
        const annots = annotations ?? [];
        const start = this.startOf(annots, first ?? name.span);
        const prototype: FunctionPrototype = {
          kind: 'FunctionPrototype',
          annotations: [],
          returnType: returnType ?? { kind: 'VoidType', span: name.span },
          name,
          typeParameters,
          parameters,
          span: prototypeSpan,
        };
        return { kind: 'FunctionDeclaration', annotations: annots, prototype, body, span: this.spanFrom(start) };
      });
    },
  );

  /** `R name<T>(params)` of an extern function or method; its type parameters are scoped to it. */
  functionPrototype = this.RULE('functionPrototype', (): FunctionPrototype => {
    const first = this.LA(1);
    const returnType = this.SUBRULE(this.returnType);
    const name = this.SUBRULE(this.name);
    this.ACTION(() => this.pushScope());
    const typeParameters = this.SUBRULE(this.typeParameters);
    const parameters = this.SUBRULE(this.parameterList);
    return this.ACTION((): FunctionPrototype => {
      this.popScope();
      return {
        kind: 'FunctionPrototype',
        annotations: [],
        returnType,
        name,
        typeParameters,
        parameters,
        span: this.spanFrom(first),
      };
    });
  });

  externDeclaration = this.RULE('externDeclaration', (annotations?: Annotation[]): Declaration => {
    const tok = this.CONSUME(T.Extern);
    const annots = annotations ?? [];
    const start = this.startOf(annots, tok);
    return this.OR([
      {
        GATE: () => this.isExternObjectAhead(),
        ALT: () => {
          const name = this.SUBRULE(this.name);
          this.ACTION(() => {
            this.declareType(name);
            this.pushScope();
          });
          const typeParameters = this.SUBRULE(this.typeParameters);
          this.CONSUME(T.LBrace);
          const methods: MethodPrototype[] = [];
          this.MANY(() => methods.push(this.SUBRULE(this.methodPrototype)));
          this.CONSUME(T.RBrace);
          return this.ACTION((): ExternDeclaration => {
            this.popScope();
            return {
              kind: 'ExternDeclaration',
              annotations: annots,
              name,
              typeParameters,
              methods,
              span: this.spanFrom(start),
            };
          });
        },
        IGNORE_AMBIGUITIES: true,
      },
      {
        GATE: () => this.isNameToken(1) && this.tokenAt(2) === T.Semicolon,
        ALT: () => {
          const name = this.SUBRULE1(this.name);
          this.CONSUME(T.Semicolon);
          return this.ACTION((): Declaration => {
            this.declareType(name);
            return { kind: 'ExternForwardDeclaration', annotations: annots, name, span: this.spanFrom(start) };
          });
        },
        IGNORE_AMBIGUITIES: true,
      },
      {
        ALT: () => {
          const prototype = this.SUBRULE(this.functionPrototype);
          this.CONSUME1(T.Semicolon);
          return this.ACTION(
            (): Declaration => ({
              kind: 'ExternFunctionDeclaration',
              annotations: annots,
              prototype,
              span: this.spanFrom(start),
            }),
          );
        },
      },
    ]);
  });

  methodPrototype = this.RULE('methodPrototype', (): MethodPrototype => {
    const first = this.LA(1);
    const annotations = this.SUBRULE(this.annotations);
    return this.OR([
      {
        GATE: () => this.tokenAt(1) === T.TypeIdentifier && this.tokenAt(2) === T.LParen,
        ALT: () => {
          const nameToken = this.CONSUME(T.TypeIdentifier);
          const parameters = this.SUBRULE(this.parameterList);
          this.CONSUME(T.Semicolon);
          return this.ACTION(
            (): MethodPrototype => ({
              kind: 'MethodPrototype',
              annotations,
              isAbstract: false,
              isConstructor: true,
              name: this.identifier(nameToken),
              typeParameters: [],
              parameters,
              span: this.spanFrom(first),
            }),
          );
        },
        IGNORE_AMBIGUITIES: true,
      },
      {
        ALT: () => {
          const isAbstract = this.OPTION(() => this.CONSUME(T.Abstract)) !== undefined;
          const p = this.SUBRULE(this.functionPrototype);
          this.CONSUME1(T.Semicolon);
          return this.ACTION(
            (): MethodPrototype => ({
              kind: 'MethodPrototype',
              annotations,
              isAbstract,
              isConstructor: false,
              returnType: p.returnType,
              name: p.name,
              typeParameters: p.typeParameters,
              parameters: p.parameters,
              span: this.spanFrom(first),
            }),
          );
        },
      },
    ]);
  });

  /** After `extern`: `Name {` or `Name<T, ...> {` (not a function returning `Name<T>`). */
  private isExternObjectAhead(): boolean {
    if (!this.isNameToken(1)) return false;
    const next = this.tokenAt(2);
    if (next === T.LBrace) return true;
    if (next !== T.LAngle) return false;
    const after = this.skipAngles(2);
    return after !== 0 && this.tokenAt(after) === T.LBrace;
  }

  // ---- types ---------------------------------------------------------------------------------

  packageTypeDeclaration = this.RULE('packageTypeDeclaration', (annotations?: Annotation[]): Declaration => {
    const tok = this.CONSUME(T.Package);
    const name = this.SUBRULE(this.name);
    this.ACTION(() => {
      this.declareType(name);
      this.pushScope();
    });
    const typeParameters = this.SUBRULE(this.typeParameters);
    const parameters = this.SUBRULE(this.parameterList);
    this.CONSUME(T.Semicolon);
    return this.ACTION((): Declaration => {
      this.popScope();
      const annots = annotations ?? [];
      return {
        kind: 'PackageTypeDeclaration',
        annotations: annots,
        name,
        typeParameters,
        parameters,
        span: this.spanFrom(this.startOf(annots, tok)),
      };
    });
  });

  derivedTypeDeclaration = this.RULE('derivedTypeDeclaration', (annotations?: Annotation[]): DerivedTypeDeclaration => {
    const annots = annotations ?? [];
    return this.OR([
      {
        ALT: () => {
          const tok = this.OR1([
            { ALT: () => this.CONSUME(T.Header) },
            { ALT: () => this.CONSUME(T.HeaderUnion) },
            { ALT: () => this.CONSUME(T.Struct) },
          ]);
          const name = this.SUBRULE(this.name);
          this.ACTION(() => {
            this.declareType(name);
            this.pushScope();
          });
          const typeParameters = this.SUBRULE(this.typeParameters);
          this.CONSUME(T.LBrace);
          const fields: StructField[] = [];
          this.MANY(() => fields.push(this.SUBRULE(this.structField)));
          this.CONSUME(T.RBrace);
          return this.ACTION((): DerivedTypeDeclaration => {
            this.popScope();
            const kind =
              tok.tokenType === T.Header
                ? 'HeaderTypeDeclaration'
                : tok.tokenType === T.HeaderUnion
                  ? 'HeaderUnionDeclaration'
                  : 'StructTypeDeclaration';
            return {
              kind,
              annotations: annots,
              name,
              typeParameters,
              fields,
              span: this.spanFrom(this.startOf(annots, tok)),
            };
          });
        },
      },
      { ALT: () => this.SUBRULE(this.enumDeclaration, { ARGS: [annots] }) },
    ]);
  });

  structField = this.RULE('structField', (): StructField => {
    const first = this.LA(1);
    const annotations = this.SUBRULE(this.annotations);
    const elementType = this.SUBRULE(this.typeRef);
    const name = this.SUBRULE(this.name);
    const type = this.SUBRULE(this.arrayDeclarator, { ARGS: [elementType] });
    this.CONSUME(T.Semicolon);
    return this.ACTION(() => ({ kind: 'StructField', annotations, type, name, span: this.spanFrom(first) }));
  });

  enumDeclaration = this.RULE('enumDeclaration', (annotations?: Annotation[]): DerivedTypeDeclaration => {
    const tok = this.CONSUME(T.Enum);
    const underlyingType = this.OPTION({
      GATE: () => this.tokenAt(2) !== T.LBrace,
      DEF: () => this.SUBRULE(this.typeRef),
    });
    const name = this.SUBRULE(this.name);
    this.ACTION(() => this.declareType(name));
    this.CONSUME(T.LBrace);
    const members: SpecifiedIdentifier[] = [];
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () =>
        this.OPTION1(() => {
          const member = this.SUBRULE1(this.name);
          const value = this.OPTION2(() => {
            this.CONSUME(T.Assign);
            return this.SUBRULE(this.expression);
          });
          this.ACTION(() =>
            members.push(
              value === undefined
                ? { kind: 'SpecifiedIdentifier', name: member, span: member.span }
                : { kind: 'SpecifiedIdentifier', name: member, value, span: this.spanFrom(member.span) },
            ),
          );
        }),
    });
    this.CONSUME(T.RBrace);
    return this.ACTION((): DerivedTypeDeclaration => {
      const annots = annotations ?? [];
      const base = {
        kind: 'EnumDeclaration' as const,
        annotations: annots,
        name,
        members,
        span: this.spanFrom(this.startOf(annots, tok)),
      };
      return underlyingType === undefined ? base : { ...base, underlyingType };
    });
  });

  typedefDeclaration = this.RULE('typedefDeclaration', (annotations?: Annotation[]): Declaration => {
    const annots = annotations ?? [];
    const tok = this.LA(1);
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Typedef);
          const type = this.OR1([
            { ALT: (): TypeRef | DerivedTypeDeclaration => this.SUBRULE(this.typeRef) },
            { ALT: () => this.SUBRULE(this.derivedTypeDeclaration, { ARGS: [[]] }) },
          ]);
          const name = this.SUBRULE(this.name);
          this.CONSUME(T.Semicolon);
          return this.ACTION((): Declaration => {
            this.declareType(name);
            return {
              kind: 'TypedefDeclaration',
              annotations: annots,
              type,
              name,
              span: this.spanFrom(this.startOf(annots, tok)),
            };
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Type);
          const type = this.SUBRULE1(this.typeRef);
          const name = this.SUBRULE1(this.name);
          this.CONSUME1(T.Semicolon);
          return this.ACTION((): Declaration => {
            this.declareType(name);
            return {
              kind: 'NewTypeDeclaration',
              annotations: annots,
              type,
              name,
              span: this.spanFrom(this.startOf(annots, tok)),
            };
          });
        },
      },
    ]);
  });
}
