// Test helpers for the Tofino target checks: compile P4 text through the front end, run
// checkTofino, and compare diagnostics with the `expect: NAME` markers written on the lines
// where they must appear.

import assert from 'node:assert/strict';
import { checkProgram } from '../../../../compiler/check/index.js';
import { DiagnosticSink, renderDiagnostics } from '../../../../compiler/diagnostics/index.js';
import { lowerToIr } from '../../../../compiler/ir/index.js';
import { runMidend } from '../../../../compiler/midend/index.js';
import { parseP4 } from '../../../../compiler/parser/index.js';
import { preprocessText, targetDefines } from '../../../../compiler/preprocess/index.js';
import { lineColOf } from '../../../../compiler/source/source-file.js';
import { checkTofino, type ResourceMap, type TofinoModel } from '../../../../compiler/targets/tofino/index.js';

export interface TofinoRun {
  readonly map: ResourceMap;
  readonly found: { line: number; name: string; code: number; severity: string; message: string }[];
  readonly rendered: string;
}

export function runTofino(
  src: string,
  model: TofinoModel = 'tofino',
  path = 'test.p4',
  /** Run the mid end first (sub-controls inlined with their argument copies), as `p4ts compile` does. */
  midend = false,
): TofinoRun {
  const sink = new DiagnosticSink();
  const pp = preprocessText(path, src, { defines: targetDefines(model === 'tofino2' ? 'tofino2' : 'tna') }, sink);
  sink.setSourceMap(pp.sourceMap);
  const ast = parseP4(pp.text, sink);
  const checked = checkProgram(ast, sink);
  const frontEnd = sink.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(
    frontEnd.map((d) => d.message),
    [],
    `front-end errors:\n${renderDiagnostics(frontEnd)}`,
  );
  const before = sink.diagnostics.length;
  const ir = midend ? runMidend(lowerToIr(checked), sink) : lowerToIr(checked);
  const map = checkTofino(ir, sink, { model });
  const mine = sink.diagnostics.slice(before);
  const found = mine
    .filter((d) => d.severity !== 'note')
    .map((d) => ({
      line: d.loc === undefined ? 0 : lineColOf(d.loc.file, d.loc.start).line,
      name: d.name,
      code: d.code,
      severity: d.severity,
      message: d.message,
    }));
  return { map, found, rendered: renderDiagnostics(mine) };
}

/**
 * The `expect: NAME` (or `expect: NAME/CODE`) markers of a source, as {line, name}, in line
 * order; `name` keeps the code when the marker gives one.
 */
export function expectedMarkers(src: string): { line: number; name: string }[] {
  const out: { line: number; name: string }[] = [];
  src.split('\n').forEach((text, i) => {
    for (const m of text.matchAll(/expect: ([a-z-]+(?:\/\d{4})?)/g)) out.push({ line: i + 1, name: m[1] as string });
  });
  return out;
}

/**
 * Runs the checks and asserts the diagnostics are exactly the markers (an unmarked source:
 * none). When a source's markers give codes (`expect: salu/4023`), codes must match too.
 */
export function expectMarked(src: string, model?: TofinoModel): TofinoRun {
  const run = runTofino(src, model);
  const expected = expectedMarkers(src);
  const withCodes = expected.some((m) => m.name.includes('/'));
  const got = run.found
    .map(({ line, name, code }) => ({ line, name: withCodes ? `${name}/${code}` : name }))
    .sort((a, b) => a.line - b.line);
  assert.deepEqual(got, expected, `diagnostics:\n${run.rendered}`);
  return run;
}

/** The stage a unit landed in (the first pipe). */
export function stageOf(run: TofinoRun, name: string): number {
  const u = run.map.pipes[0]?.units.find((x) => x.name === name);
  assert.ok(u !== undefined, `no unit '${name}' in ${run.map.pipes[0]?.units.map((x) => x.name).join(', ')}`);
  return u.stage;
}

export function registerStage(run: TofinoRun, name: string): number {
  const r = run.map.pipes[0]?.registers.find((x) => x.name === name);
  assert.ok(r !== undefined, `no register '${name}'`);
  return r.stage;
}

/**
 * A whole TNA program around an ingress control's locals and apply body. The prelude is
 * exactly PRELUDE_LINES lines, so markers in `locals` and `apply` sit on their own lines.
 */
/**
 * The `tna` program with the ingress parser's body replaced by `body` (its locals and
 * states), for the parser-write rules.
 */
export function tnaParser(body: string): string {
  const start =
    '    state start { pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.eth); pkt.extract(hdr.d); transition accept; }';
  return tna('', '        md.a = 1;').replace(start, body);
}

export function tna(locals: string, apply: string): string {
  return `${PRELUDE}
control Ig(inout headers_t hdr, inout meta_t md,
    in ingress_intrinsic_metadata_t ig_intr_md,
    in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
    inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
    inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
${locals}
    apply {
${apply}
    }
}
Pipeline(IgP(), Ig(), IgDep(), EgP(), Eg(), EgDep()) pipe;
Switch(pipe) main;
`;
}

/** tna() for Tofino 2: the same program on t2na.p4 (run it with the 'tofino2' model). */
export function t2na(locals: string, apply: string): string {
  return tna(locals, apply).replace('#include <tna.p4>', '#include <t2na.p4>');
}

const PRELUDE = `#include <core.p4>
#include <tna.p4>
header eth_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header data_h { bit<32> f1; bit<32> f2; bit<16> h1; bit<16> h2; bit<8> b1; bit<8> b2; bit<64> w64; bit<128> w128; }
struct headers_t { eth_h eth; data_h d; }
struct pair_t { bit<32> lo; bit<32> hi; }
struct meta_t { bit<32> a; bit<32> b; bit<32> c; bit<32> e; bit<16> x; bit<16> z; bit<8> y; bit<1> flag; bit<64> w; bool ok; }
parser IgP(packet_in pkt, out headers_t hdr, out meta_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start { pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.eth); pkt.extract(hdr.d); transition accept; }
}
control IgDep(packet_out pkt, inout headers_t hdr, in meta_t md, in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    apply { pkt.emit(hdr); }
}
parser EgP(packet_in pkt, out headers_t hdr, out meta_t md, out egress_intrinsic_metadata_t eg_intr_md) {
    state start { pkt.extract(eg_intr_md); transition accept; }
}
control Eg(inout headers_t hdr, inout meta_t md, in egress_intrinsic_metadata_t eg_intr_md,
    in egress_intrinsic_metadata_from_parser_t eg_prsr_md, inout egress_intrinsic_metadata_for_deparser_t eg_dprsr_md,
    inout egress_intrinsic_metadata_for_output_port_t eg_oport_md) {
    apply { }
}
control EgDep(packet_out pkt, inout headers_t hdr, in meta_t md, in egress_intrinsic_metadata_for_deparser_t eg_dprsr_md) {
    apply { pkt.emit(hdr); }
}`;
