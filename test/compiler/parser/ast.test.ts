import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  ControlDeclaration,
  Declaration,
  Expression,
  Program,
  StatementOrDeclaration,
} from '../../../compiler/parser/index.js';
import { parseText } from './helpers.js';

function parseOk(text: string): Program {
  const { program, errors } = parseText(text);
  assert.deepEqual(errors, []);
  return program;
}

/** The initializer of `const <type> x = <expr>;`. */
function constant(expr: string, type = 'bit<32>'): Expression {
  const d = parseOk(`const ${type} x = ${expr};`).declarations[0];
  assert.equal(d?.kind, 'ConstantDeclaration');
  return (d as Declaration & { kind: 'ConstantDeclaration' }).value;
}

/** The statements of `control c(...) { apply { <body> } }` after the given prelude. */
function applyBody(prelude: string, body: string): readonly StatementOrDeclaration[] {
  const program = parseOk(`${prelude}\ncontrol test_control() { apply { ${body} } }`);
  const control = program.declarations[program.declarations.length - 1] as ControlDeclaration;
  return control.apply.body;
}

describe('integer literals', () => {
  it('a width prefix gives width and signedness, and the text is kept', () => {
    const e = constant('8w0x1F');
    assert.equal(e.kind, 'IntegerLiteral');
    if (e.kind !== 'IntegerLiteral') return;
    assert.equal(e.value, 31n);
    assert.equal(e.width, 8);
    assert.equal(e.signed, false);
    assert.equal(e.base, 16);
    assert.equal(e.text, '8w0x1F');
  });
  it('signed, binary, octal, decimal-prefixed and underscored forms have their values', () => {
    const cases: [string, bigint, number | undefined, boolean | undefined][] = [
      ['16s3', 3n, 16, true],
      ['0b1010_0101', 165n, undefined, undefined],
      ['0o17', 15n, undefined, undefined],
      ['0d99', 99n, undefined, undefined],
      ['1_000', 1000n, undefined, undefined],
      ['0xFFFF', 65535n, undefined, undefined],
      ['4w0b1111', 15n, 4, false],
    ];
    for (const [text, value, width, signed] of cases) {
      const e = constant(text);
      assert.ok(e.kind === 'IntegerLiteral', text);
      assert.equal(e.value, value, text);
      assert.equal(e.width, width, text);
      assert.equal(e.signed, signed, text);
    }
  });
  it('a string literal keeps its text and resolves escapes', () => {
    const e = constant('"a\\"b\\n"', 'string');
    assert.ok(e.kind === 'StringLiteral');
    assert.equal(e.value, 'a"b\n');
    assert.equal(e.text, '"a\\"b\\n"');
  });
});

describe('operator precedence follows the spec table', () => {
  it('multiplication binds tighter than addition, which binds tighter than shifts', () => {
    const e = constant('1 + 2 * 3 << 4');
    assert.ok(e.kind === 'BinaryExpression' && e.op === '<<');
    assert.ok(e.left.kind === 'BinaryExpression' && e.left.op === '+');
    assert.ok(e.left.right.kind === 'BinaryExpression' && e.left.right.op === '*');
  });
  it('bitwise operators bind tighter than comparisons, comparisons tighter than &&', () => {
    const e = constant('a & b == c && d', 'bool');
    assert.ok(e.kind === 'BinaryExpression' && e.op === '&&');
    assert.ok(e.left.kind === 'BinaryExpression' && e.left.op === '==');
    assert.ok(e.left.left.kind === 'BinaryExpression' && e.left.left.op === '&');
  });
  it('binary operators are left-associative and ?: is right-associative', () => {
    const sub = constant('1 - 2 - 3');
    assert.ok(sub.kind === 'BinaryExpression' && sub.left.kind === 'BinaryExpression');
    const cond = constant('a ? b : c ? d : e');
    assert.ok(cond.kind === 'ConditionalExpression' && cond.whenFalse.kind === 'ConditionalExpression');
  });
  it('two adjacent > are a right shift, two separated ones are not', () => {
    const e = constant('a >> 2');
    assert.ok(e.kind === 'BinaryExpression' && e.op === '>>');
    const { errors } = parseText('const bit<8> x = a > > 2;');
    assert.ok(errors.length > 0);
  });
  it('++ concatenates at the precedence of +, and |+| saturates', () => {
    const e = constant('a ++ b |+| c');
    assert.ok(e.kind === 'BinaryExpression' && e.op === '|+|');
    assert.ok(e.left.kind === 'BinaryExpression' && e.left.op === '++');
  });
  it('a cast binds tighter than a binary operator', () => {
    const e = constant('(bit<8>)a + b');
    assert.ok(e.kind === 'BinaryExpression' && e.left.kind === 'CastExpression');
  });
});

describe('type names decide between declarations and statements', () => {
  it('`T x;` declares a variable when T is a declared type', () => {
    const [s] = applyBody('typedef bit<8> T;', 'T x;');
    assert.equal(s?.kind, 'VariableDeclaration');
  });
  it('`a.b(c);` is a method call', () => {
    const [s] = applyBody('', 'a.b(c);');
    assert.equal(s?.kind, 'MethodCallStatement');
  });
  it('`T<U> x;` is a declaration but `a < b` a comparison', () => {
    const [s] = applyBody('struct S<U> { U f; }', 'S<bit<8>> x; y = a < b;');
    assert.equal(s?.kind, 'VariableDeclaration');
    const assign = applyBody('', 'y = a < b;')[0];
    assert.ok(assign?.kind === 'AssignmentStatement' && assign.value.kind === 'BinaryExpression');
  });
  it('`H[4] s;` declares a stack but `a[4] = x;` assigns an element', () => {
    const body = applyBody('header H { bit<8> f; }', 'H[4] s; a[4] = x;');
    assert.equal(body[0]?.kind, 'VariableDeclaration');
    assert.equal(body[1]?.kind, 'AssignmentStatement');
  });
  it('nested generics close with adjacent > tokens', () => {
    const program = parseOk(
      'extern Register<T, I> { Register(bit<32> n); }\ncontrol c() { Register<bit<32>, bit<16>>(8) r; Register<tuple<bit<8>, bit<8>>, bit<8>>(8) q; apply { } }',
    );
    const control = program.declarations[1] as ControlDeclaration;
    assert.equal(control.locals[0]?.kind, 'Instantiation');
    assert.equal(control.locals[1]?.kind, 'Instantiation');
  });
  it('type parameters are type names inside their declaration only', () => {
    const program = parseOk('control c<H>(inout H h) { apply { H copy = h; } }\nconst bit<8> H = 1;');
    assert.equal(program.declarations.length, 2);
  });
  it('a generic call f<T>(x) is a call, with its type arguments', () => {
    const [s] = applyBody('T f<T>(in T x) { return x; }', 'y = f<bit<8>>(x);');
    assert.ok(s?.kind === 'AssignmentStatement' && s.value.kind === 'CallExpression');
    assert.equal(s.value.typeArgs.length, 1);
  });
  it('.x names a global even where a type parameter X is in scope', () => {
    const program = parseOk('const bit<8> X = 1;\nbit<8> f<X>() { return .X; }');
    const f = program.declarations[1];
    assert.ok(f?.kind === 'FunctionDeclaration');
    const ret = f.body.body[0];
    assert.ok(ret?.kind === 'ReturnStatement');
    // A value, not the type parameter X: a path expression marked for global lookup.
    assert.equal(ret.value?.kind, 'PathExpression');
    assert.ok(ret.value?.kind === 'PathExpression' && ret.value.global === true && ret.value.name.name === 'X');
  });
});

describe('declarations', () => {
  it('a serializable enum keeps its underlying type and member values', () => {
    const [d] = parseOk('enum bit<8> E { A = 1, B = 2, }').declarations;
    assert.ok(d?.kind === 'EnumDeclaration');
    assert.equal(d.underlyingType?.kind, 'BaseType');
    assert.deepEqual(
      d.members.map((m) => m.name.name),
      ['A', 'B'],
    );
    assert.ok(d.members[0]?.value !== undefined);
  });
  it('an instantiation can carry an initializer block of method implementations', () => {
    const program = parseOk(
      'extern RA<T> { RA(); abstract void apply(inout T v); }\nRA<bit<32>>() ra = { void apply(inout bit<32> v) { v = v + 1; } };',
    );
    const inst = program.declarations[1];
    assert.ok(inst?.kind === 'Instantiation');
    assert.equal(inst.initializer?.[0]?.kind, 'FunctionDeclaration');
  });
  it('structured annotation bodies are parsed and keep their tokens', () => {
    const [d] = parseOk('@a[k = 1, j = "x"] @b[1, 2] @c(any ( tokens ) here) const bit<8> x = 1;').declarations;
    assert.ok(d?.kind === 'ConstantDeclaration');
    const [a, b, c] = d.annotations;
    assert.deepEqual(
      a?.pairs?.map((p) => p.name.name),
      ['k', 'j'],
    );
    assert.equal(b?.expressions?.length, 2);
    assert.equal(c?.bodyKind, 'parens');
    assert.deepEqual(
      c?.tokens.map((t) => t.text),
      ['any', '(', 'tokens', ')', 'here'],
    );
  });
  it('table entries keep priorities, const flags and trailing annotations', () => {
    const program = parseOk(`control c() {
      action a() { }
      table t {
        key = { x : exact; }
        actions = { a; }
        const entries = {
          priority = 3: 1 : a() @priority(3);
          const (2) : a;
        }
        entries = { 4 : a; }
      }
      apply { } }`);
    const control = program.declarations[0] as ControlDeclaration;
    const table = control.locals[1];
    assert.ok(table?.kind === 'TableDeclaration');
    const [constEntries, entries] = table.properties.filter((p) => p.kind === 'EntriesProperty');
    assert.ok(constEntries?.kind === 'EntriesProperty' && constEntries.isConst);
    assert.ok(entries?.kind === 'EntriesProperty' && !entries.isConst);
    assert.equal(constEntries.entries[0]?.priority?.kind, 'IntegerLiteral');
    assert.equal(constEntries.entries[0]?.annotations[0]?.name.name, 'priority');
    assert.equal(constEntries.entries[1]?.isConst, true);
  });
  it('select cases take tuples with masks, ranges, default and _', () => {
    const program = parseOk(`parser p(in bit<8> a) { state start {
      transition select(a, a) { (1 &&& 3, 2 .. 4): accept; (default, _): reject; } } }`);
    const parser = program.declarations[0];
    assert.ok(parser?.kind === 'ParserDeclaration');
    const select = parser.states[0]?.transition;
    assert.ok(select?.kind === 'SelectExpression');
    const first = select.cases[0]?.keyset;
    assert.ok(first?.kind === 'TupleKeysetExpression');
    assert.deepEqual(
      first.elements.map((e) => e.kind),
      ['MaskExpression', 'RangeExpression'],
    );
    const second = select.cases[1]?.keyset;
    assert.ok(second?.kind === 'TupleKeysetExpression');
    assert.deepEqual(
      second.elements.map((e) => e.kind),
      ['DefaultExpression', 'DontCareExpression'],
    );
  });
  it('a switch keeps fall-through labels without a body', () => {
    const [s] = applyBody('', 'switch (x) { 1: 2: { } default: { } }');
    assert.ok(s?.kind === 'SwitchStatement');
    assert.equal(s.cases[0]?.body, undefined);
    assert.ok(s.cases[1]?.body !== undefined);
    assert.equal(s.cases[2]?.label.kind, 'DefaultExpression');
  });
  it('every node has a span inside the text', () => {
    const text = 'header h { bit<8> a; }\ncontrol c(inout h x) { apply { x.a = x.a + 1; } }';
    const program = parseOk(text);
    const visit = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(visit);
      else if (v !== null && typeof v === 'object') {
        if ('kind' in v) {
          const span = (v as unknown as { span: { start: number; end: number } }).span;
          assert.ok(span.start >= 0 && span.start <= span.end && span.end <= text.length, JSON.stringify(span));
        }
        Object.values(v).forEach(visit);
      }
    };
    visit(program);
  });
});
