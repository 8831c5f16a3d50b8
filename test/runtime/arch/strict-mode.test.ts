// Strict mode asserts Tofino's per-pass register rule while packets flow: a P4 program,
// compiled without the Tofino checks (which would refuse it first), runs two RegisterActions
// of one register in one ingress pass for ether type 0x88B6 and one for 0x88B5. Strict mode
// drops the first kind ('register_rule': counted, traced, warned); non-strict forwards it.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { compileFile } from '../../../compiler/compile.js';
import { DiagnosticSink, renderDiagnostics } from '../../../compiler/diagnostics/index.js';
import { buildPipelineState } from '../../../runtime/arch/pipeline-state.js';
import { TnaEngine } from '../../../runtime/arch/tna.js';
import type { PipelineModule } from '../../../runtime/pipeline-module.js';
import { loadPipeline } from '../../../runtime/switch.js';
import { CollectingTraceSink } from '../../../runtime/trace/trace-sink.js';
import { TrafficManager } from '../../../runtime/traffic-manager.js';
import { forward, frame, harness, MAC_A, MAC_B } from './helpers.js';

const PROGRAM = `
#include <core.p4>
#include <tna.p4>

header ethernet_h { bit<48> dst_addr; bit<48> src_addr; bit<16> ether_type; }
struct headers_t { ethernet_h ethernet; }
struct metadata_t { bit<32> seen; bit<32> twice; }

parser IgParser(packet_in pkt, out headers_t hdr, out metadata_t md,
                out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        pkt.extract(hdr.ethernet);
        transition accept;
    }
}

control Ingress(inout headers_t hdr, inout metadata_t md,
                in ingress_intrinsic_metadata_t ig_intr_md,
                in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
                inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
                inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    Register<bit<32>, bit<8>>(4, 0) hits;
    RegisterAction<bit<32>, bit<8>, bit<32>>(hits) bump = {
        void apply(inout bit<32> value, out bit<32> rv) { value = value + 1; rv = value; }
    };
    RegisterAction<bit<32>, bit<8>, bit<32>>(hits) bump_ten = {
        void apply(inout bit<32> value, out bit<32> rv) { value = value + 10; rv = value; }
    };
    apply {
        ig_tm_md.ucast_egress_port = 2;
        md.seen = bump.execute(0);
        if (hdr.ethernet.ether_type == 0x88B6) { md.twice = bump_ten.execute(0); }
    }
}

control IgDeparser(packet_out pkt, inout headers_t hdr, in metadata_t md,
                   in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    apply { pkt.emit(hdr); }
}

parser EgParser(packet_in pkt, out headers_t hdr, out metadata_t md,
                out egress_intrinsic_metadata_t eg_intr_md) {
    state start { pkt.extract(eg_intr_md); pkt.extract(hdr.ethernet); transition accept; }
}

control Egress(inout headers_t hdr, inout metadata_t md,
               in egress_intrinsic_metadata_t eg_intr_md,
               in egress_intrinsic_metadata_from_parser_t eg_prsr_md,
               inout egress_intrinsic_metadata_for_deparser_t eg_dprsr_md,
               inout egress_intrinsic_metadata_for_output_port_t eg_oport_md) {
    apply { }
}

control EgDeparser(packet_out pkt, inout headers_t hdr, in metadata_t md,
                   in egress_intrinsic_metadata_for_deparser_t eg_dprsr_md) {
    apply { pkt.emit(hdr); }
}

Pipeline(IgParser(), Ingress(), IgDeparser(), EgParser(), Egress(), EgDeparser()) pipe;
Switch(pipe) main;
`;

const ONE_ACTION = 0x88b5;
const TWO_ACTIONS = 0x88b6;

let dir = '';
let program: PipelineModule;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'p4ts-strict-'));
  const src = join(dir, 'two-actions.p4');
  writeFileSync(src, PROGRAM);
  const outDir = join(dir, 'build');
  const sink = new DiagnosticSink();
  const r = compileFile(src, { outDir, targetChecks: false }, sink);
  const p = r?.pipeline;
  if (p === undefined) throw new Error(`compile failed:\n${renderDiagnostics(sink.diagnostics, { color: false })}`);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'pipeline.js'), p.pipelineJs);
  writeFileSync(join(outDir, 'p4info.json'), JSON.stringify(p.p4info));
  const m = await loadPipeline(outDir);
  if (!m.ok) throw new Error(m.message);
  program = m.value;
});

after(() => rmSync(dir, { recursive: true, force: true }));

function run(strict: boolean) {
  const s = buildPipelineState(program.p4info);
  if (!s.ok) throw new Error(s.message);
  const out: { port: number; frame: Uint8Array }[] = [];
  const warnings: Record<string, unknown>[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line)) });
  const trace = new CollectingTraceSink();
  const engine = new TnaEngine({
    module: program,
    state: s.value,
    tm: new TrafficManager({ frontPanel: new Set([1, 2]), recirculation: new Set([68]), cpu: 64 }),
    output: (port, f) => out.push({ port, frame: f.slice() }),
    clockNs: () => 1000,
    trace,
    strict,
    logger,
  });
  const hits = () => s.value.registerByName.get('Ingress.hits')?.cpRead(0);
  return { engine, out, warnings, trace, hits };
}

describe('strict mode: the per-pass register rule', () => {
  test('strict: two actions of one register in one pass drop the packet as register_rule, counted and traced', () => {
    const r = run(true);
    r.engine.receive(1, frame(MAC_B, MAC_A, TWO_ACTIONS));
    assert.equal(r.out.length, 0);
    assert.equal(r.engine.stats.drops['register_rule'], 1);
    assert.equal(r.engine.stats.transmitted, 0);
    assert.equal(r.engine.registerRuleViolations, 1);
    const drops = r.trace.events.filter((e) => e.event === 'drop');
    assert.equal(drops.length, 1);
    const d = drops[0];
    assert.ok(d?.event === 'drop');
    assert.equal(d.gress, 'ingress');
    assert.match(d.reason, /^register_rule: register Ingress\.hits: Ingress\.bump then Ingress\.bump_ten/);
  });

  test('strict: the refused second action leaves the register cell as the first action wrote it', () => {
    const r = run(true);
    r.engine.receive(1, frame(MAC_B, MAC_A, TWO_ACTIONS));
    assert.deepEqual(r.hits(), { ok: true, value: [1] });
  });

  test('strict: a pino warning names the register and both actions', () => {
    const r = run(true);
    r.engine.receive(1, frame(MAC_B, MAC_A, TWO_ACTIONS));
    assert.equal(r.warnings.length, 1);
    const w = r.warnings[0];
    assert.equal(w?.register, 'Ingress.hits');
    assert.equal(w?.first, 'Ingress.bump');
    assert.equal(w?.second, 'Ingress.bump_ten');
    assert.equal(w?.gress, 'ingress');
  });

  test('strict: the switch goes on, and later one-action packets still forward', () => {
    const r = run(true);
    r.engine.receive(1, frame(MAC_B, MAC_A, TWO_ACTIONS));
    r.engine.receive(1, frame(MAC_B, MAC_A, ONE_ACTION));
    r.engine.receive(1, frame(MAC_B, MAC_A, TWO_ACTIONS));
    assert.equal(r.out.length, 1);
    assert.equal(r.out[0]?.port, 2);
    assert.equal(r.engine.stats.drops['register_rule'], 2);
    assert.equal(r.engine.registerRuleViolations, 2);
    // bump ran once per packet; bump_ten never reached the cell.
    assert.deepEqual(r.hits(), { ok: true, value: [3] });
  });

  test('strict: a program using one action per pass is unaffected', () => {
    const r = run(true);
    for (let i = 0; i < 5; i++) r.engine.receive(1, frame(MAC_B, MAC_A, ONE_ACTION));
    assert.equal(r.out.length, 5);
    assert.equal(r.engine.stats.drops['register_rule'], 0);
    assert.equal(r.engine.registerRuleViolations, 0);
    assert.equal(r.warnings.length, 0);
    assert.deepEqual(r.hits(), { ok: true, value: [5] });
  });

  test('non-strict: two actions in one pass are counted, not refused, and the packet is forwarded', () => {
    const r = run(false);
    r.engine.receive(1, frame(MAC_B, MAC_A, TWO_ACTIONS));
    assert.equal(r.out.length, 1);
    assert.equal(r.out[0]?.port, 2);
    assert.equal(r.engine.stats.drops['register_rule'], 0);
    assert.equal(r.engine.registerRuleViolations, 1);
    assert.equal(r.warnings.length, 0);
    assert.deepEqual(r.hits(), { ok: true, value: [11] });
  });

  test('strict: the engine fixture (one action per pass, re-entering passes included) runs with no violation', () => {
    const h = harness({ strict: true });
    forward(h, MAC_B, 2);
    for (let i = 0; i < 3; i++) h.engine.receive(1, frame(MAC_B, MAC_A, 0x88b5));
    h.engine.receive(1, frame(MAC_B, MAC_A, 0x88b6)); // resubmitted: a second ingress pass
    assert.equal(h.out.length, 4);
    assert.equal(h.engine.stats.resubmitted, 1);
    assert.equal(h.engine.stats.drops['register_rule'], 0);
    assert.equal(h.engine.registerRuleViolations, 0);
  });
});
