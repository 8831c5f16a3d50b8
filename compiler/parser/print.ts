// Prints a P4 AST as readable, indented P4_16 text (p4c's ToP4). `parse(print(ast))` gives the
// same tree spans aside (see strip-spans.ts); comments and preprocessor directives are gone.

import type {
  ControlLocalDeclaration,
  Declaration,
  Entry,
  FunctionPrototype,
  Identifier,
  MethodPrototype,
  Parameter,
  ParserLocalElement,
  ParserState,
  Program,
  Statement,
  StatementOrDeclaration,
  StructField,
  TableProperty,
} from './ast.js';
import { printAnnotations, printArguments, printExpression, printType } from './print-expression.js';

export { printExpression, printType } from './print-expression.js';

const INDENT = '    ';

class Writer {
  private readonly lines: string[] = [];
  private depth = 0;

  line(text: string): void {
    this.lines.push(text === '' ? '' : INDENT.repeat(this.depth) + text);
  }

  /** `head {`, the body one level in, then `}` + `tail`. */
  block(head: string, body: () => void, tail = ''): void {
    this.line(`${head}{`);
    this.depth++;
    body();
    this.depth--;
    this.line(`}${tail}`);
  }

  indented(body: () => void): void {
    this.depth++;
    body();
    this.depth--;
  }

  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

export function printP4(program: Program): string {
  const w = new Writer();
  program.declarations.forEach((d, i) => {
    if (i > 0) w.line('');
    printDeclaration(w, d);
  });
  return w.toString();
}

const names = (ids: readonly Identifier[]): string => ids.map((i) => i.name).join(', ');
const typeParams = (ids: readonly Identifier[]): string => (ids.length === 0 ? '' : `<${names(ids)}>`);

function printParameter(p: Parameter): string {
  const dir = p.direction === undefined ? '' : `${p.direction} `;
  const dflt = p.defaultValue === undefined ? '' : ` = ${printExpression(p.defaultValue)}`;
  return `${printAnnotations(p.annotations)}${dir}${printType(p.type)} ${p.name.name}${dflt}`;
}

const params = (ps: readonly Parameter[]): string => `(${ps.map(printParameter).join(', ')})`;

function printPrototype(p: FunctionPrototype | MethodPrototype): string {
  const ret = p.returnType === undefined ? '' : `${printType(p.returnType)} `;
  return `${ret}${p.name.name}${typeParams(p.typeParameters)}${params(p.parameters)}`;
}

function printFields(w: Writer, fields: readonly StructField[]): void {
  for (const f of fields) w.line(`${printAnnotations(f.annotations)}${printType(f.type)} ${f.name.name};`);
}

function printDeclaration(
  w: Writer,
  d: Declaration | StatementOrDeclaration | ParserLocalElement | ControlLocalDeclaration,
): void {
  switch (d.kind) {
    case 'ConstantDeclaration':
      w.line(
        `${printAnnotations(d.annotations)}const ${printType(d.type)} ${d.name.name} = ${printExpression(d.value)};`,
      );
      return;
    case 'VariableDeclaration': {
      const init = d.initializer === undefined ? '' : ` = ${printExpression(d.initializer)}`;
      w.line(`${printAnnotations(d.annotations)}${printType(d.type)} ${d.name.name}${init};`);
      return;
    }
    case 'Instantiation': {
      const head = `${printAnnotations(d.annotations)}${printType(d.type)}(${printArguments(d.args)}) ${d.name.name}`;
      const init = d.initializer;
      if (init === undefined) w.line(`${head};`);
      else
        w.block(
          `${head} = `,
          () => {
            for (const x of init) printDeclaration(w, x);
          },
          ';',
        );
      return;
    }
    case 'ExternDeclaration':
      w.block(`${printAnnotations(d.annotations)}extern ${d.name.name}${typeParams(d.typeParameters)} `, () => {
        for (const m of d.methods) {
          const abstract = m.isAbstract ? 'abstract ' : '';
          w.line(`${printAnnotations(m.annotations)}${abstract}${printPrototype(m)};`);
        }
      });
      return;
    case 'ExternFunctionDeclaration':
      w.line(`${printAnnotations(d.annotations)}extern ${printPrototype(d.prototype)};`);
      return;
    case 'ExternForwardDeclaration':
      w.line(`${printAnnotations(d.annotations)}extern ${d.name.name};`);
      return;
    case 'FunctionDeclaration':
      printBlockAfter(w, `${printAnnotations(d.annotations)}${printPrototype(d.prototype)} `, d.body);
      return;
    case 'ActionDeclaration':
      printBlockAfter(w, `${printAnnotations(d.annotations)}action ${d.name.name}${params(d.parameters)} `, d.body);
      return;
    case 'ParserTypeDeclaration':
    case 'ControlTypeDeclaration':
    case 'PackageTypeDeclaration': {
      const kw =
        d.kind === 'ParserTypeDeclaration' ? 'parser' : d.kind === 'ControlTypeDeclaration' ? 'control' : 'package';
      w.line(
        `${printAnnotations(d.annotations)}${kw} ${d.name.name}${typeParams(d.typeParameters)}${params(d.parameters)};`,
      );
      return;
    }
    case 'ParserDeclaration': {
      const t = d.type;
      const ctor = d.constructorParameters.length > 0 ? params(d.constructorParameters) : '';
      w.block(
        `${printAnnotations(t.annotations)}parser ${t.name.name}${typeParams(t.typeParameters)}${params(t.parameters)}${ctor} `,
        () => {
          for (const l of d.locals) printDeclaration(w, l);
          for (const s of d.states) printState(w, s);
        },
      );
      return;
    }
    case 'ControlDeclaration': {
      const t = d.type;
      const ctor = d.constructorParameters.length > 0 ? params(d.constructorParameters) : '';
      w.block(
        `${printAnnotations(t.annotations)}control ${t.name.name}${typeParams(t.typeParameters)}${params(t.parameters)}${ctor} `,
        () => {
          for (const l of d.locals) printDeclaration(w, l);
          printBlockAfter(w, `${printAnnotations(d.apply.annotations)}apply `, { ...d.apply, annotations: [] });
        },
      );
      return;
    }
    case 'TableDeclaration':
      w.block(`${printAnnotations(d.annotations)}table ${d.name.name} `, () => {
        for (const p of d.properties) printTableProperty(w, p);
      });
      return;
    case 'ValueSetDeclaration':
      w.line(
        `${printAnnotations(d.annotations)}value_set<${printType(d.elementType)}>(${printExpression(d.size)}) ${d.name.name};`,
      );
      return;
    case 'HeaderTypeDeclaration':
    case 'HeaderUnionDeclaration':
    case 'StructTypeDeclaration':
    case 'EnumDeclaration':
      printDerivedType(w, d, '');
      return;
    case 'TypedefDeclaration':
      if ('fields' in d.type || d.type.kind === 'EnumDeclaration') {
        printDerivedType(w, d.type, `${printAnnotations(d.annotations)}typedef `, ` ${d.name.name};`);
      } else {
        w.line(`${printAnnotations(d.annotations)}typedef ${printType(d.type)} ${d.name.name};`);
      }
      return;
    case 'NewTypeDeclaration':
      w.line(`${printAnnotations(d.annotations)}type ${printType(d.type)} ${d.name.name};`);
      return;
    case 'ErrorDeclaration':
      w.line(`error { ${names(d.members)} }`);
      return;
    case 'MatchKindDeclaration':
      w.line(`match_kind { ${names(d.members)} }`);
      return;
    default:
      printStatement(w, d);
  }
}

function printDerivedType(
  w: Writer,
  d: Extract<
    Declaration,
    { kind: 'HeaderTypeDeclaration' | 'HeaderUnionDeclaration' | 'StructTypeDeclaration' | 'EnumDeclaration' }
  >,
  prefix: string,
  tail = '',
): void {
  const head = `${prefix}${printAnnotations(d.annotations)}`;
  if (d.kind === 'EnumDeclaration') {
    const under = d.underlyingType === undefined ? '' : `${printType(d.underlyingType)} `;
    w.block(
      `${head}enum ${under}${d.name.name} `,
      () =>
        d.members.forEach((m, i) => {
          const value = m.value === undefined ? '' : ` = ${printExpression(m.value)}`;
          w.line(`${m.name.name}${value}${i < d.members.length - 1 ? ',' : ''}`);
        }),
      tail,
    );
    return;
  }
  const kw =
    d.kind === 'HeaderTypeDeclaration' ? 'header' : d.kind === 'HeaderUnionDeclaration' ? 'header_union' : 'struct';
  w.block(`${head}${kw} ${d.name.name}${typeParams(d.typeParameters)} `, () => printFields(w, d.fields), tail);
}

function printState(w: Writer, s: ParserState): void {
  w.block(`${printAnnotations(s.annotations)}state ${s.name.name} `, () => {
    for (const st of s.statements) printDeclaration(w, st);
    const t = s.transition;
    if (t === undefined) return;
    if (t.kind === 'Identifier') {
      w.line(`transition ${t.name};`);
      return;
    }
    w.block(`transition select(${t.selectors.map((e) => printExpression(e)).join(', ')}) `, () => {
      for (const c of t.cases) w.line(`${printExpression(c.keyset)}: ${c.state.name};`);
    });
  });
}

function printEntry(e: Entry): string {
  const cst = e.isConst ? 'const ' : '';
  const prio = e.priority === undefined ? '' : `priority = ${printPriority(e.priority)}: `;
  const annots = e.annotations.length === 0 ? '' : ` ${printAnnotations(e.annotations).trimEnd()}`;
  return `${cst}${prio}${printExpression(e.keyset)} : ${printActionRef(e.action)}${annots};`;
}

function printPriority(p: Entry['priority'] & object): string {
  return p.kind === 'IntegerLiteral' ? p.text : `(${printExpression(p)})`;
}

function printActionRef(a: import('./ast.js').ActionRef): string {
  const args = a.args === undefined ? '' : `(${printArguments(a.args)})`;
  return `${printAnnotations(a.annotations)}${a.global ? '.' : ''}${a.name.name}${args}`;
}

function printTableProperty(w: Writer, p: TableProperty): void {
  switch (p.kind) {
    case 'KeyProperty':
      w.block('key = ', () => {
        for (const k of p.elements) {
          const annots = k.annotations.length === 0 ? '' : ` ${printAnnotations(k.annotations).trimEnd()}`;
          w.line(`${printExpression(k.expression)} : ${k.matchKind.name}${annots};`);
        }
      });
      return;
    case 'ActionsProperty':
      w.block('actions = ', () => {
        for (const a of p.actions) w.line(`${printActionRef(a)};`);
      });
      return;
    case 'EntriesProperty':
      w.block(`${printAnnotations(p.annotations)}${p.isConst ? 'const ' : ''}entries = `, () => {
        for (const e of p.entries) w.line(printEntry(e));
      });
      return;
    case 'ExpressionProperty':
      w.line(
        `${printAnnotations(p.annotations)}${p.isConst ? 'const ' : ''}${p.name.name} = ${printExpression(p.value)};`,
      );
      return;
  }
}

/** `head{ ... }` for a block statement that follows a header on the same line. */
function printBlockAfter(w: Writer, head: string, block: Statement & { kind: 'BlockStatement' }, tail = ''): void {
  w.block(
    `${head}${printAnnotations(block.annotations)}`,
    () => {
      for (const s of block.body) printDeclaration(w, s);
    },
    tail,
  );
}

function printStatement(w: Writer, s: Statement, prefix = ''): void {
  switch (s.kind) {
    case 'AssignmentStatement':
      w.line(`${prefix}${printExpression(s.target, 12)} ${s.op} ${printExpression(s.value)};`);
      return;
    case 'MethodCallStatement':
      w.line(`${prefix}${printExpression(s.call)};`);
      return;
    case 'EmptyStatement':
      w.line(`${prefix};`);
      return;
    case 'BlockStatement':
      printBlockAfter(w, prefix, s);
      return;
    case 'IfStatement':
      printIf(w, s, prefix);
      return;
    case 'SwitchStatement':
      w.block(`${prefix}switch (${printExpression(s.expression)}) `, () => {
        for (const c of s.cases) {
          const label = `${printExpression(c.label)}:`;
          if (c.body === undefined) w.line(label);
          else printBlockAfter(w, `${label} `, c.body);
        }
      });
      return;
    case 'ExitStatement':
      w.line(`${prefix}exit;`);
      return;
    case 'BreakStatement':
      w.line(`${prefix}break;`);
      return;
    case 'ContinueStatement':
      w.line(`${prefix}continue;`);
      return;
    case 'ReturnStatement':
      w.line(s.value === undefined ? `${prefix}return;` : `${prefix}return ${printExpression(s.value)};`);
      return;
    case 'ForStatement': {
      const clause = (x: StatementOrDeclaration): string => inlineStatement(x);
      const init = s.init.map(clause).join(', ');
      const cond = s.condition === undefined ? '' : printExpression(s.condition);
      const update = s.update.map(clause).join(', ');
      printBody(w, `${prefix}${printAnnotations(s.annotations)}for (${init}; ${cond}; ${update}) `, s.body);
      return;
    }
    case 'ForInStatement': {
      const v = s.variable;
      const head = `${printAnnotations(v.annotations)}${printType(v.type)} ${v.name.name} in ${printExpression(s.collection)}`;
      printBody(w, `${prefix}${printAnnotations(s.annotations)}for (${head}) `, s.body);
      return;
    }
  }
}

/** A for-clause statement without its `;`. */
function inlineStatement(s: StatementOrDeclaration): string {
  switch (s.kind) {
    case 'VariableDeclaration':
      return `${printType(s.type)} ${s.name.name}${s.initializer === undefined ? '' : ` = ${printExpression(s.initializer)}`}`;
    case 'AssignmentStatement':
      return `${printExpression(s.target, 12)} ${s.op} ${printExpression(s.value)}`;
    case 'MethodCallStatement':
      return printExpression(s.call);
    default:
      return '';
  }
}

/** The body of `if`, `else` or `for`: a block on the same line, any other statement below. */
function printBody(w: Writer, head: string, body: Statement): void {
  if (body.kind === 'BlockStatement') {
    printBlockAfter(w, head, body);
    return;
  }
  w.line(head.trimEnd());
  w.indented(() => printStatement(w, body));
}

function printIf(w: Writer, s: Statement & { kind: 'IfStatement' }, prefix: string): void {
  const head = `${prefix}if (${printExpression(s.condition)}) `;
  if (s.elseStatement === undefined) {
    printBody(w, head, s.thenStatement);
    return;
  }
  printBody(w, head, s.thenStatement);
  const e = s.elseStatement;
  if (e.kind === 'IfStatement') printIf(w, e, 'else ');
  else printBody(w, 'else ', e);
}
