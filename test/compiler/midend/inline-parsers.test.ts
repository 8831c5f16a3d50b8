// The pass inlineParsers alone, on small parsers of our own (P4 spec §13.8: a parser
// instance's apply runs its states; accept returns to the caller, reject rejects).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSink } from '../../../compiler/diagnostics/index.js';
import type * as Ir from '../../../compiler/ir/nodes.js';
import { printIr } from '../../../compiler/ir/print.js';
import { inlineParsers } from '../../../compiler/midend/inline-parsers.js';
import { lowered, parserNamed } from './helpers.js';

const NESTED = `
#include <core.p4>
header h_t { bit<8> a; bit<8> b; }
header t_t { bit<16> tag; }
struct hdrs_t { h_t h; t_t t; t_t u; }

parser Inner(packet_in pkt, out t_t t) {
    state start {
        pkt.extract(t);
        transition select(t.tag) { 0xdead: reject; default: accept; }
    }
}
parser Middle(packet_in pkt, out hdrs_t hdr)(bit<8> mark) {
    Inner() inner;
    state start {
        pkt.extract(hdr.h);
        hdr.h.b = mark;
        transition select(hdr.h.a) { 1: parse_t; default: accept; }
    }
    state parse_t {
        inner.apply(pkt, hdr.t);
        inner.apply(pkt, hdr.u);
        transition accept;
    }
}
parser Top(packet_in pkt, out hdrs_t hdr) {
    Middle(8w7) mid;
    state start {
        mid.apply(pkt, hdr);
        transition accept;
    }
}
`;

function inline(source: string): { program: Ir.Program; sink: DiagnosticSink } {
  const sink = new DiagnosticSink();
  return { program: inlineParsers(lowered(source), sink), sink };
}

function targets(p: Ir.Parser): string[] {
  return p.states.flatMap((s) =>
    s.transition.kind === 'Goto' ? [s.transition.state] : s.transition.cases.map((c) => c.state),
  );
}

describe('inlineParsers', () => {
  it('flattens nested sub-parsers into one parser with uniquely named states', () => {
    const { program, sink } = inline(NESTED);
    assert.equal(sink.errorCount, 0);
    const top = parserNamed(program, 'Top');
    assert.equal(
      top.locals.some((l) => l.kind === 'Instance' && l.type.kind === 'parser'),
      false,
    );
    const names = top.states.map((s) => s.name);
    assert.equal(new Set(names).size, names.length, 'state names are unique');
    for (const n of ['mid.start', 'mid.parse_t', 'mid.inner.start', 'mid.inner.2.start'])
      assert.ok(names.includes(n), n);
    // Every transition goes to a state of the flat parser, accept or reject.
    for (const t of targets(top)) assert.ok(t === 'accept' || t === 'reject' || names.includes(t), t);
  });

  it("sends the callee's accept to the rest of the calling state and keeps reject", () => {
    const top = parserNamed(inline(NESTED).program, 'Top');
    const inner = top.states.find((s) => s.name === 'mid.inner.start') as Ir.ParserState;
    assert.equal(inner.transition.kind, 'Select');
    if (inner.transition.kind !== 'Select') return;
    const [dead, other] = inner.transition.cases;
    assert.equal(dead?.state, 'reject');
    // The first apply returns to the state holding the second one, which returns to the rest.
    const after = other?.state as string;
    const cont = top.states.find((s) => s.name === after) as Ir.ParserState;
    assert.equal(cont.transition.kind, 'Goto');
    assert.equal(cont.transition.kind === 'Goto' && cont.transition.state, 'mid.inner.2.start');
    const start = top.states.find((s) => s.name === 'start') as Ir.ParserState;
    assert.deepEqual(start.transition, { kind: 'Goto', state: 'mid.start', span: start.transition.span });
  });

  it('substitutes arguments and constructor arguments; an out header starts invalid', () => {
    const text = printIr(inline(NESTED).program);
    const top = text.slice(text.indexOf('parser Top'));
    assert.match(top, /hdr\.h\.b = 7;/);
    assert.match(top, /pkt\.extract<t_t>\(hdr\.t\);/);
    assert.match(top, /pkt\.extract<t_t>\(hdr\.u\);/);
    assert.match(top, /hdr\.t\.setInvalid\(\);/);
  });

  it('copies in and out through a local when two arguments overlap', () => {
    const { program } = inline(`
#include <core.p4>
header h_t { bit<8> a; }
struct s_t { h_t h; }
parser Sub(packet_in pkt, inout h_t x, out s_t y) {
    state start { x.a = 1; transition accept; }
}
parser Top(packet_in pkt, out s_t s) {
    Sub() sub;
    state start { sub.apply(pkt, s.h, s); transition accept; }
}`);
    const top = parserNamed(program, 'Top');
    const vars = top.locals.filter((l) => l.kind === 'Variable').map((l) => l.name);
    assert.deepEqual(vars, ['sub.x', 'sub.y']);
    const text = printIr(program);
    assert.match(text, /sub\.x = s\.h;/);
    assert.match(text, /s\.h = sub\.x;/);
    assert.match(text, /s = sub\.y;/);
  });

  it("moves the callee's locals (value sets included) under the instance's name", () => {
    const top = parserNamed(
      inline(`
#include <core.p4>
header h_t { bit<8> a; }
parser Sub(packet_in pkt, out h_t h) {
    value_set<bit<8>>(4) vs;
    bit<8> seen;
    state start {
        pkt.extract(h);
        seen = h.a;
        transition select(h.a) { vs: accept; default: reject; }
    }
}
parser Top(packet_in pkt, out h_t h) {
    Sub() sub;
    state start { sub.apply(pkt, h); transition accept; }
}`).program,
      'Top',
    );
    assert.deepEqual(
      top.locals.map((l) => l.name),
      ['sub.vs', 'sub.seen'],
    );
    const s = top.states.find((x) => x.name === 'sub.start') as Ir.ParserState;
    assert.ok(s.transition.kind === 'Select' && s.transition.cases[0]?.keysets[0]?.kind === 'ValueSet');
    if (s.transition.kind === 'Select')
      assert.deepEqual(s.transition.cases[0]?.keysets[0], { kind: 'ValueSet', name: 'sub.vs' });
  });

  it('leaves a program without sub-parsers as the same object', () => {
    const program = lowered(`
#include <core.p4>
header h_t { bit<8> a; }
parser P(packet_in pkt, out h_t h) { state start { pkt.extract(h); transition accept; } }`);
    assert.equal(inlineParsers(program, new DiagnosticSink()), program);
  });
});
