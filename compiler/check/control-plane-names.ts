// Control-plane names (spec 18.3.3): every table, action, extern instance and value set is
// known to the control plane by a hierarchical name, its `@name` or its local name under the
// enclosing parser or control (a leading `.` makes it absolute). Two objects with one name
// are an error, as are `@name`s that are no strings and table keys too complex to name.
// Names inside a block with constructor parameters depend on its instances (a constructor
// argument may leave a table unapplied): the mid end checks those once blocks are specialised
// (compiler/midend/unique-control-plane-names.ts); here only blocks without them are checked.

import type * as Ast from '../parser/ast.js';
import type { Checker } from './context.js';
import { CheckMessages as M } from './messages.js';

/** The string an annotation's body spells (string literals joined by `++`), or undefined. */
export function annotationString(a: Ast.Annotation): string | undefined {
  if (a.bodyKind !== 'parens' || a.tokens.length === 0) return undefined;
  let text = '';
  for (const [i, t] of a.tokens.entries()) {
    if (i % 2 === 1) {
      if (t.text !== '++') return undefined;
      continue;
    }
    if (t.kind !== 'StringLiteral') return undefined;
    text += t.text.slice(1, -1);
  }
  return a.tokens.length % 2 === 1 ? text : undefined;
}

function nameAnnotation(annotations: readonly Ast.Annotation[]): Ast.Annotation | undefined {
  return annotations.find((a) => a.name.name === 'name');
}

/** `@name` and `@deprecated` take a string; other annotations are the target's business. */
function checkStringAnnotations(cx: Checker, annotations: readonly Ast.Annotation[]): void {
  for (const a of annotations)
    if ((a.name.name === 'name' || a.name.name === 'deprecated') && annotationString(a) === undefined)
      cx.report(M.annotationNotString, a.span, a.name.name);
}

interface Named {
  readonly annotations: readonly Ast.Annotation[];
  readonly name: Ast.Identifier;
}

class NameTable {
  private readonly seen = new Map<string, Ast.Identifier>();
  constructor(private readonly cx: Checker) {}

  add(d: Named, kind: string, prefix: string): void {
    const given = nameAnnotation(d.annotations);
    const written = given === undefined ? d.name.name : annotationString(given);
    if (written === undefined) return;
    const full = written.startsWith('.') ? written.slice(1) : prefix + written;
    // Tables, actions, extern instances and value sets are separate name spaces (P4Runtime's).
    const key = `${kind} ${full}`;
    const earlier = this.seen.get(key);
    if (earlier === undefined) {
      this.seen.set(key, d.name);
      return;
    }
    const what =
      { ActionDeclaration: 'action', TableDeclaration: 'table', Instantiation: 'instance' }[kind] ?? 'value set';
    const diag = this.cx.sink.report(M.controlPlaneName, d.name.span, full, what);
    this.cx.sink.addRelated(diag, earlier.span, `'${full}' is also the name of '${earlier.name}'`);
  }
}

/** Key expressions the control plane can name by themselves (p4c's rules for key names). */
function isNameableKey(e: Ast.Expression): boolean {
  switch (e.kind) {
    case 'PathExpression':
    case 'IntegerLiteral':
      // A constant key is named by its value (p4c's KeyNameGenerator).
      return true;
    case 'MemberExpression':
      return isNameableKey(e.object);
    case 'IndexExpression':
      return isNameableKey(e.object);
    case 'SliceExpression':
      return isNameableKey(e.object);
    case 'BinaryExpression':
      return e.op === '&' && e.right.kind === 'IntegerLiteral' && isNameableKey(e.left);
    case 'CallExpression':
      return e.callee.kind === 'MemberExpression' && e.callee.member.name === 'isValid' && e.args.length === 0;
    default:
      return false;
  }
}

function checkKeyNames(cx: Checker, t: Ast.TableDeclaration): void {
  for (const p of t.properties) {
    if (p.kind !== 'KeyProperty') continue;
    for (const k of p.elements) {
      checkStringAnnotations(cx, k.annotations);
      if (nameAnnotation(k.annotations) === undefined && !isNameableKey(k.expression))
        cx.report(M.keyNeedsName, k.expression.span);
    }
  }
}

function blockPrefix(name: Ast.Identifier, annotations: readonly Ast.Annotation[]): string {
  const given = nameAnnotation(annotations);
  const written = given === undefined ? name.name : (annotationString(given) ?? name.name);
  return `${written.startsWith('.') ? written.slice(1) : written}.`;
}

function checkLocals(cx: Checker, names: NameTable | undefined, locals: readonly Ast.Node[], prefix: string): void {
  for (const l of locals) {
    switch (l.kind) {
      case 'ActionDeclaration':
      case 'ValueSetDeclaration': {
        const d = l as Ast.ActionDeclaration | Ast.ValueSetDeclaration;
        checkStringAnnotations(cx, d.annotations);
        names?.add(d, l.kind, prefix);
        break;
      }
      case 'TableDeclaration': {
        const d = l as Ast.TableDeclaration;
        checkStringAnnotations(cx, d.annotations);
        checkKeyNames(cx, d);
        names?.add(d, l.kind, prefix);
        break;
      }
      case 'Instantiation': {
        const d = l as Ast.Instantiation;
        checkStringAnnotations(cx, d.annotations);
        if (cx.typeOfDecl.get(d)?.kind === 'extern') names?.add(d, l.kind, prefix);
        break;
      }
    }
  }
}

/** Runs over the whole program once every declaration is checked. */
export function checkControlPlaneNames(cx: Checker, program: Ast.Program): void {
  const names = new NameTable(cx);
  for (const d of program.declarations) {
    switch (d.kind) {
      case 'ControlDeclaration':
      case 'ParserDeclaration':
        checkStringAnnotations(cx, d.type.annotations);
        // A block with constructor parameters is named per instance: checked after specialisation.
        checkLocals(
          cx,
          d.constructorParameters.length === 0 ? names : undefined,
          d.locals,
          blockPrefix(d.type.name, d.type.annotations),
        );
        break;
      case 'ActionDeclaration':
      case 'Instantiation':
        checkLocals(cx, names, [d], '');
        break;
      case 'FunctionDeclaration':
      case 'ExternFunctionDeclaration':
        checkStringAnnotations(cx, d.prototype.annotations);
        if ('annotations' in d) checkStringAnnotations(cx, d.annotations);
        break;
      default:
        if ('annotations' in d) checkStringAnnotations(cx, d.annotations);
    }
  }
}
