// Lexical scopes: what each name declares, innermost scope first. Types and values share one
// namespace (as in P4); functions and extern functions may be overloaded, everything else is
// declared once per scope. Names come into scope in declaration order, as P4 requires.

import type * as Ast from '../parser/ast.js';
import type { TypeVar } from './types.js';

/** A type parameter `T` of a generic declaration. */
export interface TypeParameterDecl {
  readonly kind: 'TypeParameter';
  readonly name: Ast.Identifier;
  readonly typeVar: TypeVar;
}

/** A member of `error { ... }` or `match_kind { ... }`, visible as `error.X` or a bare `exact`. */
export interface MemberDecl {
  readonly kind: 'ErrorMember' | 'MatchKindMember';
  readonly name: Ast.Identifier;
}

/** `accept` and `reject`, declared in every parser. */
export interface BuiltinStateDecl {
  readonly kind: 'BuiltinState';
  readonly name: Ast.Identifier;
}

export type Decl =
  | Ast.ConstantDeclaration
  | Ast.VariableDeclaration
  | Ast.Instantiation
  | Ast.Parameter
  | Ast.ActionDeclaration
  | Ast.TableDeclaration
  | Ast.FunctionDeclaration
  | Ast.ExternFunctionDeclaration
  | Ast.ExternDeclaration
  | Ast.ExternForwardDeclaration
  | Ast.ParserDeclaration
  | Ast.ControlDeclaration
  | Ast.ParserTypeDeclaration
  | Ast.ControlTypeDeclaration
  | Ast.PackageTypeDeclaration
  | Ast.HeaderTypeDeclaration
  | Ast.HeaderUnionDeclaration
  | Ast.StructTypeDeclaration
  | Ast.EnumDeclaration
  | Ast.TypedefDeclaration
  | Ast.NewTypeDeclaration
  | Ast.ValueSetDeclaration
  | Ast.ParserState
  | TypeParameterDecl
  | MemberDecl
  | BuiltinStateDecl;

/** The identifier a declaration introduces (parsers and controls are named by their type part). */
export function declName(d: Decl): Ast.Identifier {
  if (d.kind === 'ParserDeclaration' || d.kind === 'ControlDeclaration') return d.type.name;
  if (d.kind === 'ExternFunctionDeclaration') return d.prototype.name;
  if (d.kind === 'FunctionDeclaration') return d.prototype.name;
  return d.name;
}

/** Declarations that introduce a type (usable where a type is expected). */
export function isTypeDecl(d: Decl): boolean {
  switch (d.kind) {
    case 'ExternDeclaration':
    case 'ExternForwardDeclaration':
    case 'ParserDeclaration':
    case 'ControlDeclaration':
    case 'ParserTypeDeclaration':
    case 'ControlTypeDeclaration':
    case 'PackageTypeDeclaration':
    case 'HeaderTypeDeclaration':
    case 'HeaderUnionDeclaration':
    case 'StructTypeDeclaration':
    case 'EnumDeclaration':
    case 'TypedefDeclaration':
    case 'NewTypeDeclaration':
    case 'TypeParameter':
      return true;
    default:
      return false;
  }
}

/**
 * Functions and extern functions overload by parameter count and names; parsers, controls
 * and packages by their (constructor) parameters, as p4c allows.
 */
export function isOverloadable(d: Decl): boolean {
  return d.kind === 'FunctionDeclaration' || d.kind === 'ExternFunctionDeclaration';
}

function isOverloadableBlock(d: Decl): boolean {
  return d.kind === 'ParserDeclaration' || d.kind === 'ControlDeclaration' || d.kind === 'PackageTypeDeclaration';
}

export class Scope {
  private readonly entries = new Map<string, Decl[]>();

  constructor(readonly parent: Scope | undefined) {}

  /**
   * Declares `name`; returns the earlier declaration it clashes with, if any (and then does
   * not declare it). A forward `extern E;` may be completed by `extern E { ... }`.
   */
  declare(name: string, decl: Decl): Decl | undefined {
    const existing = this.entries.get(name);
    if (existing === undefined) {
      this.entries.set(name, [decl]);
      return undefined;
    }
    const clash = existing.find(
      (e) => !(isOverloadable(e) && isOverloadable(decl)) && !(isOverloadableBlock(e) && e.kind === decl.kind),
    );
    if (clash !== undefined) {
      if (clash.kind === 'ExternForwardDeclaration' && decl.kind === 'ExternDeclaration') {
        existing.splice(existing.indexOf(clash), 1, decl);
        return undefined;
      }
      return clash;
    }
    existing.push(decl);
    return undefined;
  }

  lookupLocal(name: string): readonly Decl[] | undefined {
    return this.entries.get(name);
  }

  /** The declarations of the innermost scope that declares `name`. */
  lookup(name: string): readonly Decl[] | undefined {
    for (let s: Scope | undefined = this; s !== undefined; s = s.parent) {
      const found = s.entries.get(name);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  root(): Scope {
    let s: Scope = this;
    while (s.parent !== undefined) s = s.parent;
    return s;
  }

  /** Names visible from here (for "did you mean" hints). */
  *visibleNames(): Iterable<string> {
    for (let s: Scope | undefined = this; s !== undefined; s = s.parent) yield* s.entries.keys();
  }
}
