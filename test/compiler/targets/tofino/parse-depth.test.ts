// Tofino 1's egress parse-depth rule (docs/tofino-resources.md "Parse depth"), on small
// programs of our own: over, at and under 160 bytes; a loop counted by its header stack; a
// state met on two branches counted once per path; varbit at its maximum; a variable advance;
// the minimum depth with a parser counter in use; ingress and Tofino 2 not limited; and our
// NetMigrate program's egress parser within the limit on every path; a property: on acyclic
// parse graphs the counting gives exactly the shortest and longest paths.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { checkProgram } from '../../../../compiler/check/index.js';
import { compileFile } from '../../../../compiler/compile.js';
import { DiagnosticSink, renderDiagnostics } from '../../../../compiler/diagnostics/index.js';
import { parseFile } from '../../../../compiler/frontend.js';
import { lowerToIr } from '../../../../compiler/ir/index.js';
import type * as Ir from '../../../../compiler/ir/nodes.js';
import { runMidend } from '../../../../compiler/midend/index.js';
import { checkTofino } from '../../../../compiler/targets/tofino/index.js';
import { egressParsers, parseDepths } from '../../../../compiler/targets/tofino/parse-depth.js';
import { runTofino } from './helpers.js';

/**
 * A TNA program whose egress parser has `states` after extracting the egress intrinsic
 * metadata (27 bytes on Tofino 1) in `start`, which goes on to `first`. Headers: eth (14 B),
 * b32 (32 B), pad (`padBits` bits), a stack of `stack` b32s, a varbit header (1 B + up to 32 B).
 */
function program(opts: {
  states: string;
  first?: string;
  padBits?: number;
  stack?: number;
  locals?: string;
  arch?: 'tna' | 't2na';
  ingressStates?: string;
}): string {
  const pad = opts.padBits ?? 8;
  const ingress =
    opts.ingressStates ??
    'state start { pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.eth); transition accept; }';
  return `#include <core.p4>
#include <${opts.arch ?? 'tna'}.p4>
header eth_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header b32_h { bit<256> f; }
header pad_h { bit<${pad}> f; }
header vb_h { bit<8> len; varbit<256> data; }
struct headers_t { eth_h eth; b32_h a; b32_h b; b32_h c; b32_h d; pad_h pad; b32_h[${opts.stack ?? 4}] s; vb_h vb; }
struct meta_t { bit<8> x; }
parser IgP(packet_in pkt, out headers_t hdr, out meta_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    ${ingress}
}
control Ig(inout headers_t hdr, inout meta_t md, in ingress_intrinsic_metadata_t ig_intr_md,
    in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
    inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
    inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    apply { ig_tm_md.ucast_egress_port = ig_intr_md.ingress_port; }
}
control IgDep(packet_out pkt, inout headers_t hdr, in meta_t md, in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    apply { pkt.emit(hdr); }
}
parser EgP(packet_in pkt, out headers_t hdr, out meta_t md, out egress_intrinsic_metadata_t eg_intr_md) {
    ${opts.locals ?? ''}
    state start { pkt.extract(eg_intr_md); transition ${opts.first ?? 'parse_eth'}; }
    ${opts.states}
}
control Eg(inout headers_t hdr, inout meta_t md, in egress_intrinsic_metadata_t eg_intr_md,
    in egress_intrinsic_metadata_from_parser_t eg_prsr_md, inout egress_intrinsic_metadata_for_deparser_t eg_dprsr_md,
    inout egress_intrinsic_metadata_for_output_port_t eg_oport_md) {
    apply { }
}
control EgDep(packet_out pkt, inout headers_t hdr, in meta_t md, in egress_intrinsic_metadata_for_deparser_t eg_dprsr_md) {
    apply { pkt.emit(hdr); }
}
Pipeline(IgP(), Ig(), IgDep(), EgP(), Eg(), EgDep()) pipe;
Switch(pipe) main;
`;
}

/** eth, then a pad header: 27 + 14 + padBits / 8 bytes on the one path. */
function straight(padBits: number, arch: 'tna' | 't2na' = 'tna'): string {
  return program({
    arch,
    padBits,
    states: `state parse_eth { pkt.extract(hdr.eth); transition parse_pad; }
    state parse_pad { pkt.extract(hdr.pad); transition accept; }`,
  });
}

function readFileOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function depthErrors(src: string, model: 'tofino' | 'tofino2' = 'tofino') {
  return runTofino(src, model, 'test.p4', true).found.filter((d) => d.name === 'parse-depth');
}

describe('Tofino 1 egress parse depth', () => {
  it('a path of 161 bytes is refused, naming the parser, the path and both figures', () => {
    const errs = depthErrors(straight(120 * 8));
    assert.equal(errs.length, 1);
    assert.equal(errs[0]?.code, 4073);
    assert.match(errs[0]?.message ?? '', /parser 'EgP'.*\(161B: start -> parse_eth -> parse_pad -> accept\).*\(160B\)/);
  });

  it('compileFile: the option and a @command_line("--disable-parse-depth-limit") in the program turn the check off', () => {
    const file = join(dirname(fileURLToPath(import.meta.url)), 'deep-cli.p4');
    const codes = (src: string, options: { parseDepthLimit?: boolean } = {}) => {
      const sink = new DiagnosticSink();
      const readFile = (path: string) => (path === file ? src : readFileOrUndefined(path));
      compileFile(file, { target: 'tna', checkOnly: true, readFile, ...options }, sink);
      return sink.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
    };
    const deep = straight(120 * 8);
    assert.deepEqual(codes(deep), [4073]);
    assert.deepEqual(codes(deep, { parseDepthLimit: false }), []);
    // bf-p4c reads the annotation's strings as options; its own tests put it before a declaration.
    const pragma = (option: string) => deep.replace('header eth_h', `@command_line("${option}")\nheader eth_h`);
    assert.deepEqual(codes(pragma('--disable-parse-depth-limit')), []);
    assert.deepEqual(codes(pragma('--disable-parse-max-depth-limit')), []);
    // Another option, or a near miss, leaves the check on.
    assert.deepEqual(codes(pragma('--disable-parse-min-depth-limit')), [4073]);
    assert.deepEqual(codes(pragma('--disable-parse-depth-limits')), [4073]);
  });

  it("bf-p4c's --disable-parse-depth-limit (parseDepthLimit: false) turns the check off", () => {
    const sink = new DiagnosticSink();
    const file = join(dirname(fileURLToPath(import.meta.url)), 'deep.p4');
    const src = straight(120 * 8);
    const readFile = (path: string) => (path === file ? src : readFileOrUndefined(path));
    const unit = parseFile(file, { target: 'tna', defines: {}, includeDirs: [], readFile }, sink);
    assert.ok(unit !== undefined, renderDiagnostics(sink.diagnostics));
    const ir = runMidend(lowerToIr(checkProgram(unit.program, sink)), sink);
    const before = sink.diagnostics.length;
    checkTofino(ir, sink, { parseDepthLimit: false });
    assert.deepEqual(
      sink.diagnostics.slice(before).filter((d) => d.name === 'parse-depth'),
      [],
    );
    checkTofino(ir, sink);
    assert.equal(sink.diagnostics.slice(before).filter((d) => d.name === 'parse-depth').length, 1);
  });

  it('exactly 160 bytes and 159 bytes pass', () => {
    assert.deepEqual(depthErrors(straight(119 * 8)), []);
    assert.deepEqual(depthErrors(straight(118 * 8)), []);
  });

  it('the longest of several paths counts, a state met from two branches once on each', () => {
    // start 27, eth 14, then a (32) or b + c (64), both on to d (32): the longest is 27+14+64+32 = 137.
    const states = (tail: string) => `state parse_eth { pkt.extract(hdr.eth);
        transition select(hdr.eth.ether_type) { 0x800: pa; 0x86dd: pb; default: accept; } }
    state pa { pkt.extract(hdr.a); transition pd; }
    state pb { pkt.extract(hdr.b); pkt.extract(hdr.c); transition pd; }
    state pd { pkt.extract(hdr.d); transition ${tail}; }`;
    assert.deepEqual(depthErrors(program({ states: states('accept') })), []);
    // One more 32-byte header after d on every path: 169 B through b, 137 through a.
    const errs = depthErrors(
      program({ states: `${states('pe')}\n    state pe { pkt.extract(hdr.a); transition accept; }` }),
    );
    assert.equal(errs.length, 1);
    assert.match(errs[0]?.message ?? '', /\(169B: start -> parse_eth -> pb -> pd -> pe -> accept\)/);
  });

  it('a constant advance counts like an extract', () => {
    const src = program({
      states: `state parse_eth { pkt.extract(hdr.eth); pkt.advance(32w960); transition accept; }`,
    });
    assert.match(depthErrors(src)[0]?.message ?? '', /\(161B:/);
  });

  it('a loop over a header stack counts as many times as the stack has elements', () => {
    // 27 + 14 + n * 32: a stack of 4 makes 169 B, a stack of 3 makes 137 B.
    const states = `state parse_eth { pkt.extract(hdr.eth); transition parse_s; }
    state parse_s { pkt.extract(hdr.s.next);
        transition select(hdr.s.last.f[7:0]) { 0: parse_s; default: accept; } }`;
    const four = depthErrors(program({ states, stack: 4 }));
    assert.equal(four.length, 1);
    assert.match(four[0]?.message ?? '', /\(169B: start -> parse_eth -> parse_s -> accept\)/);
    assert.deepEqual(depthErrors(program({ states, stack: 3 })), []);
  });

  it('a loop driven by a parser counter with no header stack counts once, as in bf-p4c', () => {
    // bf-p4c bounds a loop by the header stacks its states extract into (ParserLoopsInfo),
    // not by the counter: 27 + 14 + 32 = 73 B however many times the counter lets it run.
    const src = program({
      locals: 'ParserCounter() pctr;',
      states: `state parse_eth { pkt.extract(hdr.eth); pctr.set(8w8); transition parse_a; }
    state parse_a { pkt.extract(hdr.a); pctr.decrement(8w1);
        transition select(pctr.is_zero()) { true: accept; default: parse_a; } }`,
    });
    assert.deepEqual(depthErrors(src), []);
  });

  it('a varbit header counts at its maximum width', () => {
    // 27 + 14 + 1 + 32 = 74 with the varbit; with three more b32s after it 170.
    const states = (more: string) => `state parse_eth { pkt.extract(hdr.eth); transition parse_vb; }
    state parse_vb { pkt.extract(hdr.vb, 32w256); ${more} transition accept; }`;
    assert.deepEqual(depthErrors(program({ states: states('pkt.extract(hdr.a); pkt.extract(hdr.b);') })), []);
    assert.match(
      depthErrors(program({ states: states('pkt.extract(hdr.a); pkt.extract(hdr.b); pkt.extract(hdr.c);') }))[0]
        ?.message ?? '',
      /\(170B:/,
    );
  });

  it('a variable advance cannot be counted and is refused', () => {
    const src = program({
      states: `state parse_eth { pkt.extract(hdr.eth); pkt.advance((bit<32>) hdr.eth.ether_type); transition accept; }`,
    });
    const errs = depthErrors(src);
    assert.equal(errs[0]?.code, 4074);
    assert.match(errs[0]?.message ?? '', /variable-length advance in state 'parse_eth' of parser 'EgP'/);
  });

  it('a shortest path under 65 bytes is refused only when the parser already uses a parser counter', () => {
    const counted = (first: string) =>
      program({
        locals: 'ParserCounter() pctr;',
        first,
        states: `state parse_eth { pkt.extract(hdr.eth); pctr.set(8w4); transition accept; }
    state parse_long { pkt.extract(hdr.a); transition parse_eth; }`,
      });
    // 27 + 14 = 41 B: padding would need the counter.
    const errs = depthErrors(counted('parse_eth'));
    assert.equal(errs[0]?.code, 4075);
    assert.match(errs[0]?.message ?? '', /shortest path \(41B\).*minimum egress parse depth \(65B\)/);
    // 27 + 32 + 14 = 73 B on the only path: nothing to pad.
    assert.deepEqual(depthErrors(counted('parse_long')), []);
    // 41 B without a counter: bf-p4c pads the parser, no error.
    assert.deepEqual(
      depthErrors(program({ states: 'state parse_eth { pkt.extract(hdr.eth); transition accept; }' })),
      [],
    );
  });

  it('the ingress parser and Tofino 2 are not limited', () => {
    const deep =
      'state start { pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.eth); pkt.extract(hdr.a); pkt.extract(hdr.b); pkt.extract(hdr.c); pkt.extract(hdr.d); pkt.extract(hdr.pad); transition accept; }';
    assert.deepEqual(
      depthErrors(program({ ingressStates: deep, padBits: 800, states: 'state parse_eth { transition accept; }' })),
      [],
    );
    // The 201-byte path that Tofino 1 refuses (27 + 14 + 160) is fine on Tofino 2.
    assert.equal(depthErrors(straight(160 * 8)).length, 1);
    const t2 = straight(160 * 8, 't2na');
    assert.deepEqual(depthErrors(t2, 'tofino2'), []);
  });
});

describe('NetMigrate egress parser depth', () => {
  const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', '..');
  const path = join(ROOT, 'p4', 'netmigrate.p4');

  it('every path is within 160 bytes (docs/p4-sources.md); the longest is a double-read copy of a walk pass', () => {
    const sink = new DiagnosticSink();
    const unit = parseFile(path, { target: 'tna', defines: {}, includeDirs: [dirname(path)] }, sink);
    assert.ok(unit !== undefined && !sink.hasErrors(), renderDiagnostics(sink.diagnostics));
    const ir = runMidend(lowerToIr(checkProgram(unit.program, sink)), sink);
    const [eg] = egressParsers(ir);
    assert.equal(eg?.name, 'NmEgressParser');
    const d = parseDepths(eg as NonNullable<typeof eg>);
    // 27 intrinsic + 14 mirror header + 2 recirculation header + 53 (Ethernet, IPv4, UDP,
    // NetMigrate header) + 1 bitmap + 4 read slots of 5.
    assert.equal(d.max, 117);
    assert.deepEqual(d.longestPath.slice(0, 4), ['start', 'parse_mirror_i2e', 'parse_copy_of_walk', 'copy_walk_read']);
  });
});

/** A parser IR of states s0 (start) .. sN-1, each extracting one header of `bytes[i]` bytes. */
function dagParser(bytes: readonly number[], next: readonly (readonly string[])[]): Ir.Parser {
  const span = { start: 0, end: 0 };
  const states = bytes.map((b, i): Ir.ParserState => {
    const header: Ir.Type = {
      kind: 'header',
      name: `h${i}_t`,
      fields: [{ name: 'f', type: { kind: 'bit', width: b * 8 } }],
    };
    const arg = { kind: 'Ref', name: `h${i}`, ref: 'variable', type: header, span } as Ir.Expr;
    const call = {
      kind: 'Call',
      callee: { kind: 'Method', object: arg, method: 'extract', externName: 'packet_in' },
      args: [arg],
      params: [],
      typeArgs: [header],
      type: { kind: 'void' },
      span,
    } as Ir.Call;
    const targets = next[i] ?? ['accept'];
    return {
      kind: 'ParserState',
      name: i === 0 ? 'start' : `s${i}`,
      statements: [{ kind: 'CallStmt', call, span }],
      transition:
        targets.length === 1
          ? { kind: 'Goto', state: targets[0] as string, span }
          : { kind: 'Select', keys: [], cases: targets.map((state) => ({ keysets: [], state, span })), span },
      span,
    };
  });
  return { kind: 'Parser', name: 'P', params: [], ctorParams: [], locals: [], states, span };
}

/** Every path's bytes from start to accept or reject, by walking all of them. */
function allPathBytes(p: Ir.Parser, bytes: readonly number[]): { bytes: number; end: string }[] {
  const index = new Map(p.states.map((s, i) => [s.name, i]));
  const out: { bytes: number; end: string }[] = [];
  const walk = (name: string, sum: number): void => {
    const i = index.get(name);
    if (i === undefined) {
      out.push({ bytes: sum, end: name });
      return;
    }
    const t = (p.states[i] as Ir.ParserState).transition;
    const total = sum + (bytes[i] as number);
    for (const n of t.kind === 'Goto' ? [t.state] : t.cases.map((c) => c.state)) walk(n, total);
  };
  walk('start', 0);
  return out;
}

describe('parse-depth counting on acyclic parse graphs', () => {
  it('the shortest and longest depths are those of the shortest and longest paths (property)', () => {
    const graph = fc.integer({ min: 1, max: 8 }).chain((n) =>
      fc.record({
        bytes: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: n, maxLength: n }),
        next: fc.tuple(
          ...Array.from({ length: n }, (_, i) =>
            fc.uniqueArray(
              fc.constantFrom('accept', 'reject', ...Array.from({ length: n - i - 1 }, (_, k) => `s${i + k + 1}`)),
              { minLength: 1, maxLength: 3 },
            ),
          ),
        ),
      }),
    );
    fc.assert(
      fc.property(graph, ({ bytes, next }) => {
        const p = dagParser(bytes, next);
        const paths = allPathBytes(p, bytes);
        const d = parseDepths(p);
        assert.equal(d.max, Math.max(...paths.map((x) => x.bytes)));
        // bf-p4c's shortest depth starts from `accept`'s: 0 when no path reaches accept.
        const toAccept = paths.some((x) => x.end === 'accept');
        assert.equal(d.min, toAccept ? Math.min(...paths.map((x) => x.bytes)) : 0);
        assert.equal(d.longestPath[0], 'start');
        assert.equal(
          d.longestPath.reduce((sum, s) => sum + (bytes[s === 'start' ? 0 : Number(s.slice(1))] ?? 0), 0),
          d.max,
          'the path named adds up to the depth',
        );
      }),
      { numRuns: 300 },
    );
  });
});
