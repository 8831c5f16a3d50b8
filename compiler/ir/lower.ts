// Lowering a checked program to the IR (ir/nodes.ts): declarations into parsers, controls,
// actions, tables and instances, keysets into folded values, and `main` into the tree of
// blocks and packages it is built from. Runs only on programs that checked without errors.

import type { CheckedProgram } from '../check/index.js';
import { type Type, unknownType } from '../check/types.js';
import type * as Ast from '../parser/ast.js';
import { parseIntegerText } from '../parser/literals.js';
import { printExpression } from '../parser/print-expression.js';
import { lowerExpr, lowerParams, lowerStatements, lowerVariable } from './lower-expr.js';
import type * as Ir from './nodes.js';

export function lowerToIr(c: CheckedProgram): Ir.Program {
  const types: Ir.NamedType[] = [];
  const constants: Ir.Constant[] = [];
  const externs: Ir.Instance[] = [];
  const parsers: Ir.Parser[] = [];
  const controls: Ir.Control[] = [];
  const actions: Ir.Action[] = [];
  const functions: Ir.Function[] = [];
  const addType = (d: Ast.Declaration | Ast.DerivedTypeDeclaration) => {
    const t = c.typeOfDecl.get(d as never);
    if (t !== undefined && 'name' in d) types.push({ name: d.name.name, type: t });
  };
  for (const d of c.ast.declarations) {
    switch (d.kind) {
      case 'HeaderTypeDeclaration':
      case 'HeaderUnionDeclaration':
      case 'StructTypeDeclaration':
      case 'EnumDeclaration':
      case 'NewTypeDeclaration':
        addType(d);
        break;
      case 'TypedefDeclaration':
        if (
          d.type.kind === 'HeaderTypeDeclaration' ||
          d.type.kind === 'HeaderUnionDeclaration' ||
          d.type.kind === 'StructTypeDeclaration' ||
          d.type.kind === 'EnumDeclaration'
        )
          addType(d.type);
        break;
      case 'ConstantDeclaration':
        constants.push(lowerConstant(c, d));
        break;
      case 'Instantiation':
        if (c.typeOfDecl.get(d)?.kind === 'extern') externs.push(lowerInstance(c, d));
        break;
      case 'ParserDeclaration':
        parsers.push(lowerParser(c, d));
        break;
      case 'ControlDeclaration':
        controls.push(lowerControl(c, d));
        break;
      case 'ActionDeclaration':
        actions.push(lowerAction(c, d));
        break;
      case 'FunctionDeclaration':
        functions.push(lowerFunction(c, d));
        break;
      default:
        break;
    }
  }
  return {
    kind: 'Program',
    types,
    errors: [...c.errorMembers.keys()],
    matchKinds: [...c.matchKinds.keys()],
    constants,
    externs,
    parsers,
    controls,
    actions,
    functions,
    main: c.main === undefined ? undefined : lowerPackage(c, c.main, c.main.name.name),
  };
}

function lowerConstant(c: CheckedProgram, d: Ast.ConstantDeclaration): Ir.Constant {
  return {
    kind: 'Constant',
    name: d.name.name,
    type: c.typeOfDecl.get(d) ?? unknownType,
    value: c.valueOfDecl.get(d) ?? 0n,
    span: d.span,
  };
}

function annotations(list: readonly Ast.Annotation[]): Ir.AnnotationInfo[] {
  return list.map((a) => ({ name: a.name.name, body: a.tokens.map((t) => t.text).join(' ') }));
}

function typeArgsOf(t: Type): readonly Type[] {
  return t.kind === 'extern' || t.kind === 'package' || t.kind === 'parser' || t.kind === 'control' ? t.typeArgs : [];
}

function lowerInstance(c: CheckedProgram, d: Ast.Instantiation): Ir.Instance {
  const type = c.typeOfDecl.get(d) ?? unknownType;
  const call = c.calls.get(d);
  return {
    kind: 'Instance',
    name: d.name.name,
    type,
    typeName: 'name' in type && typeof type.name === 'string' ? type.name : '',
    typeArgs: typeArgsOf(type),
    ctorArgs: call?.args.map((a) => (a === undefined ? undefined : lowerExpr(c, a))) ?? [],
    methods: (d.initializer ?? []).flatMap((m) => (m.kind === 'FunctionDeclaration' ? [lowerFunction(c, m)] : [])),
    ...(d.annotations.length === 0 ? {} : { annotations: annotations(d.annotations) }),
    span: d.span,
  };
}

function lowerFunction(c: CheckedProgram, d: Ast.FunctionDeclaration): Ir.Function {
  const returnType = c.typeOfRef.get(d.prototype.returnType) ?? unknownType;
  return {
    kind: 'Function',
    name: d.prototype.name.name,
    params: lowerParams(c, d.prototype.parameters),
    returnType,
    body: lowerStatements(c, d.body.body),
    span: d.span,
  };
}

function lowerAction(c: CheckedProgram, d: Ast.ActionDeclaration): Ir.Action {
  return {
    kind: 'Action',
    name: d.name.name,
    params: lowerParams(c, d.parameters),
    body: lowerStatements(c, d.body.body),
    annotations: annotations(d.annotations),
    span: d.span,
  };
}

function lowerLocal(c: CheckedProgram, d: Ast.ParserLocalElement | Ast.ControlLocalDeclaration): Ir.Local[] {
  switch (d.kind) {
    case 'ConstantDeclaration':
      return [lowerConstant(c, d)];
    case 'VariableDeclaration':
      return [lowerVariable(c, d)];
    case 'Instantiation':
      return [lowerInstance(c, d)];
    case 'ValueSetDeclaration': {
      const t = c.typeOfDecl.get(d);
      const size = c.valueOf.get(d.size);
      return [
        {
          kind: 'ValueSet',
          name: d.name.name,
          elementType: t?.kind === 'valueSet' ? t.element : unknownType,
          size: typeof size === 'bigint' ? size : 0n,
          span: d.span,
        },
      ];
    }
    default:
      return [];
  }
}

function lowerParser(c: CheckedProgram, d: Ast.ParserDeclaration): Ir.Parser {
  return {
    kind: 'Parser',
    name: d.type.name.name,
    params: lowerParams(c, d.type.parameters),
    ctorParams: lowerParams(c, d.constructorParameters),
    locals: d.locals.flatMap((l) => lowerLocal(c, l)),
    states: d.states.map((s) => lowerState(c, s)),
    span: d.span,
  };
}

function lowerState(c: CheckedProgram, s: Ast.ParserState): Ir.ParserState {
  const t = s.transition;
  const span = s.transitionSpan ?? s.span;
  let transition: Ir.Transition;
  if (t === undefined) transition = { kind: 'Goto', state: 'reject', span };
  else if (t.kind === 'Identifier') transition = { kind: 'Goto', state: t.name, span };
  else {
    const keys = t.selectors.map((e) => lowerExpr(c, e));
    const cases = t.cases.map((k) => ({
      keysets: lowerKeysets(c, k.keyset, keys.length),
      state: k.state.name,
      span: k.span,
    }));
    transition = { kind: 'Select', keys, cases, span: t.span };
  }
  return {
    kind: 'ParserState',
    name: s.name.name,
    statements: lowerStatements(c, s.statements),
    transition,
    span: s.span,
  };
}

/** A keyset expression as one Keyset per key (a lone `default` or `_` matches every key). */
function lowerKeysets(c: CheckedProgram, keyset: Ast.Expression, count: number): Ir.Keyset[] {
  if (keyset.kind === 'TupleKeysetExpression' || (keyset.kind === 'ListExpression' && count > 1))
    return keyset.elements.map((e) => lowerKeyset(c, e));
  if ((keyset.kind === 'DefaultExpression' || keyset.kind === 'DontCareExpression') && count > 1)
    return new Array<Ir.Keyset>(count).fill({ kind: 'Default' });
  if (keyset.kind === 'ListExpression' && count === 1 && keyset.elements.length === 1)
    return [lowerKeyset(c, keyset.elements[0] as Ast.Expression)];
  return [lowerKeyset(c, keyset)];
}

function lowerKeyset(c: CheckedProgram, e: Ast.Expression): Ir.Keyset {
  const v = (x: Ast.Expression) => c.valueOf.get(x) ?? 0n;
  switch (e.kind) {
    case 'DefaultExpression':
    case 'DontCareExpression':
      return { kind: 'Default' };
    case 'MaskExpression':
      return { kind: 'Mask', value: v(e.value), mask: v(e.mask) };
    case 'RangeExpression':
      return { kind: 'Range', low: v(e.low), high: v(e.high) };
    case 'PathExpression':
      if (c.declOf.get(e)?.kind === 'ValueSetDeclaration') return { kind: 'ValueSet', name: e.name.name };
      return { kind: 'Value', value: v(e) };
    default:
      return { kind: 'Value', value: v(e) };
  }
}

function lowerControl(c: CheckedProgram, d: Ast.ControlDeclaration): Ir.Control {
  const locals = d.locals.flatMap((l) => lowerLocal(c, l));
  const hoisted: Ir.Instance[] = [];
  const taken = new Set(d.locals.map((l) => ('name' in l && l.name !== undefined ? l.name.name : '')));
  const tables = d.locals.flatMap((l) =>
    l.kind === 'TableDeclaration' ? [lowerTable(c, l, { instances: hoisted, taken })] : [],
  );
  return {
    kind: 'Control',
    name: d.type.name.name,
    params: lowerParams(c, d.type.parameters),
    ctorParams: lowerParams(c, d.constructorParameters),
    locals: [...locals, ...hoisted],
    actions: d.locals.flatMap((l) => (l.kind === 'ActionDeclaration' ? [lowerAction(c, l)] : [])),
    tables,
    apply: lowerStatements(c, d.apply.body),
    span: d.span,
  };
}

/** Where a table's inline instances (`implementation = action_profile(128)`) become control locals. */
interface HoistedInstances {
  readonly instances: Ir.Instance[];
  /** Names already declared in the control. */
  readonly taken: Set<string>;
}

/**
 * A table property whose value constructs an extern (`implementation = action_profile(128)`,
 * `counters = direct_counter(...)`) declares an anonymous instance: it becomes a control local,
 * as p4c's front end moves such constructor calls out of the table, and the property names it.
 * The local is named after the property's `@name` (p4c's samples name their profiles so), else
 * `TABLE_PROPERTY`.
 */
function hoistConstructor(c: CheckedProgram, table: string, p: Ast.ExpressionProperty, out: HoistedInstances): Ir.Expr {
  const value = lowerExpr(c, p.value);
  if (value.kind !== 'New') return value;
  const wanted = nameAnnotation(p.annotations)?.replace(/^\./, '');
  const base = wanted !== undefined && /^[A-Za-z_]\w*$/.test(wanted) ? wanted : `${table}_${p.name.name}`;
  let name = base;
  for (let i = 1; out.taken.has(name); i++) name = `${base}_${i}`;
  out.taken.add(name);
  const type = value.type;
  out.instances.push({
    kind: 'Instance',
    name,
    type,
    typeName: value.typeName,
    typeArgs: typeArgsOf(type),
    ctorArgs: value.ctorArgs,
    methods: [],
    span: value.span,
  });
  return { kind: 'Ref', name, ref: 'instance', type, span: value.span };
}

/** `@name("x")` gives a key or entry its control-plane name. */
function nameAnnotation(list: readonly Ast.Annotation[]): string | undefined {
  const a = list.find((x) => x.name.name === 'name');
  const tok = a?.tokens.find((t) => t.kind === 'StringLiteral');
  return tok === undefined ? undefined : tok.text.slice(1, -1);
}

/**
 * p4c's non-standard `@priority(N)` on const entries (kept for BMv2, not in the spec): the
 * entry with the smallest N wins, and an entry without one has its position (1, 2, …) as N.
 * Turned into the spec's order (the largest priority wins): max + 1 - N. Undefined when no
 * entry has the annotation, or some entry uses the spec's `priority =` instead.
 */
function annotatedPriorities(entries: readonly Ast.Entry[]): bigint[] | undefined {
  if (entries.some((e) => e.priority !== undefined)) return undefined;
  const given = entries.map((e) => {
    const a = e.annotations.find((x) => x.name.name === 'priority');
    const tok = a?.tokens.find((t) => t.kind === 'IntegerLiteral');
    return tok === undefined ? undefined : parseIntegerText(tok.text)?.value;
  });
  if (given.every((g) => g === undefined)) return undefined;
  const bmv2 = given.map((g, i) => g ?? BigInt(i + 1));
  let top = 0n;
  for (const x of bmv2) if (x > top) top = x;
  return bmv2.map((x) => top + 1n - x);
}

function actionCall(c: CheckedProgram, node: Ast.Node, name: string): Ir.ActionCall {
  const call = c.calls.get(node);
  return {
    action: name,
    args: (call?.args ?? []).flatMap((a) => (a === undefined ? [] : [lowerExpr(c, a)])),
    span: node.span,
  };
}

function lowerTable(c: CheckedProgram, d: Ast.TableDeclaration, hoist?: HoistedInstances): Ir.Table {
  let keys: Ir.TableKey[] = [];
  let actions: Ir.ActionCall[] = [];
  let defaultAction: Ir.Table['defaultAction'];
  let entries: Ir.TableEntry[] = [];
  let entriesConst = false;
  let size: bigint | undefined;
  const properties: Ir.Table['properties'][number][] = [];
  for (const p of d.properties) {
    switch (p.kind) {
      case 'KeyProperty':
        keys = p.elements.map((k) => ({
          expr: lowerExpr(c, k.expression),
          matchKind: k.matchKind.name,
          name: nameAnnotation(k.annotations) ?? printExpression(k.expression),
        }));
        break;
      case 'ActionsProperty':
        actions = p.actions.map((a) => actionCall(c, a, a.name.name));
        break;
      case 'EntriesProperty': {
        entriesConst = p.isConst;
        const annotated = annotatedPriorities(p.entries);
        entries = p.entries.map((en, i) => {
          const priority = en.priority === undefined ? undefined : c.valueOf.get(en.priority);
          return {
            keysets: lowerKeysets(c, en.keyset, keys.length),
            action: actionCall(c, en.action, en.action.name.name),
            priority: typeof priority === 'bigint' ? priority : annotated?.[i],
            span: en.span,
          };
        });
        break;
      }
      case 'ExpressionProperty': {
        const name = p.name.name;
        if (name === 'default_action') {
          const v = p.value;
          const actionName =
            v.kind === 'CallExpression' && v.callee.kind === 'PathExpression'
              ? v.callee.name.name
              : v.kind === 'PathExpression'
                ? v.name.name
                : '?';
          defaultAction = { ...actionCall(c, v, actionName), isConst: p.isConst };
        } else if (name === 'size') {
          const s = c.valueOf.get(p.value);
          size = typeof s === 'bigint' ? s : undefined;
          // A size given by a constructor parameter is known once the mid end inlines the instance.
          if (size === undefined) properties.push({ name, value: lowerExpr(c, p.value), isConst: p.isConst });
        } else {
          const value = hoist === undefined ? lowerExpr(c, p.value) : hoistConstructor(c, d.name.name, p, hoist);
          properties.push({ name, value, isConst: p.isConst });
        }
      }
    }
  }
  return {
    kind: 'Table',
    name: d.name.name,
    keys,
    actions,
    defaultAction,
    entries,
    entriesConst,
    size,
    properties,
    annotations: annotations(d.annotations),
    span: d.span,
  };
}

/** `main` (and packages nested in it) as the blocks they are made of, each with its role. */
function lowerPackage(
  c: CheckedProgram,
  node: Ast.Instantiation | Ast.ConstructorCallExpression,
  name: string,
): Ir.PackageInstance {
  const type = node.kind === 'Instantiation' ? c.typeOfDecl.get(node) : c.typeOf.get(node);
  const call = c.calls.get(node);
  const params = call?.signature.params ?? [];
  const args: Ir.PackageArgument[] = [];
  (call?.args ?? []).forEach((a, i) => {
    const role = params[i]?.name ?? String(i);
    if (a === undefined) return;
    const value = lowerPackageArgument(c, a);
    if (value !== undefined) args.push({ role, value });
  });
  return {
    kind: 'PackageInstance',
    name,
    packageType: type?.kind === 'package' ? type.name : '',
    typeArgs: type === undefined ? [] : typeArgsOf(type),
    args,
    span: node.span,
  };
}

function lowerPackageArgument(c: CheckedProgram, a: Ast.Expression): Ir.PackageArgument['value'] | undefined {
  const t = c.typeOf.get(a);
  if (a.kind === 'ConstructorCallExpression') {
    if (t?.kind === 'package') return lowerPackage(c, a, t.name);
    if (t?.kind === 'parser' || t?.kind === 'control') {
      const call = c.calls.get(a);
      return {
        kind: 'BlockInstance',
        block: t.kind,
        name: t.name,
        ctorArgs: (call?.args ?? []).flatMap((x) => (x === undefined ? [] : [lowerExpr(c, x)])),
        span: a.span,
      };
    }
    return undefined;
  }
  const decl = c.declOf.get(a);
  if (decl?.kind === 'Instantiation') {
    const dt = c.typeOfDecl.get(decl);
    if (dt?.kind === 'package') return lowerPackage(c, decl, decl.name.name);
    return lowerInstance(c, decl);
  }
  return undefined;
}
