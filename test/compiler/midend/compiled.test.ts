// A TNA program of our own built from sub-parsers (nested, with a header lookahead and a
// parser-local header) and sub-controls (constructor arguments, applied twice, a table the
// control plane fills under its p4c name), compiled through the mid end and run in process.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { cleanup, rig, table } from '../codegen/helpers.js';

const PROGRAM = `
#include <tna.p4>
header eth_h { bit<8> kind; bit<8> len; }
header lab_h { bit<8> a; bit<8> b; }
struct hdr_t { eth_h eth; lab_h lab; }
struct md_t { bit<8> sum; }

parser IntrinsicParser(packet_in pkt, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start { pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); transition accept; }
}
parser LabParser(packet_in pkt, out lab_h lab) {
    state start {
        lab_h peek = pkt.lookahead<lab_h>();
        transition select(peek.a) { 0xff: reject; default: take; }
    }
    state take { pkt.extract(lab); transition accept; }
}
parser EthParser(packet_in pkt, out eth_h eth, out lab_h lab) {
    LabParser() labs;
    state start {
        pkt.extract(eth);
        transition select(eth.kind) { 1: with_lab; default: accept; }
    }
    state with_lab { labs.apply(pkt, lab); transition accept; }
}
parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    IntrinsicParser() intrinsic;
    EthParser() eth;
    state start {
        intrinsic.apply(pkt, ig_intr_md);
        eth.apply(pkt, hdr.eth, hdr.lab);
        transition accept;
    }
}
control Add(inout bit<8> acc, in bit<8> x)(bit<8> bias) {
    action add() { acc = acc + x + bias; }
    apply { add(); }
}
control Mark(inout lab_h lab) {
    action set_b(bit<8> v) { lab.b = v; }
    table mark { key = { lab.a: exact; } actions = { set_b; NoAction; } default_action = NoAction(); size = 16; }
    apply { if (lab.isValid()) { mark.apply(); } }
}
control Ig(inout hdr_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    Add(8w10) adder;
    Mark() marker;
    apply {
        ig_tm_md.ucast_egress_port = 2;
        md.sum = 0;
        if (hdr.lab.isValid()) {
            adder.apply(md.sum, hdr.lab.a);
            adder.apply(md.sum, hdr.lab.b);
        }
        marker.apply(hdr.lab);
        hdr.eth.len = md.sum;
    }
}
control IgD(packet_out pkt, inout hdr_t hdr, in md_t md, in ingress_intrinsic_metadata_for_deparser_t d) {
    apply { pkt.emit(hdr); }
}
parser EgP(packet_in pkt, out hdr_t hdr, out md_t md, out egress_intrinsic_metadata_t eg_intr_md) {
    state start { pkt.extract(eg_intr_md); transition accept; }
}
control Eg(inout hdr_t hdr, inout md_t md, in egress_intrinsic_metadata_t eg_intr_md,
           in egress_intrinsic_metadata_from_parser_t a, inout egress_intrinsic_metadata_for_deparser_t b,
           inout egress_intrinsic_metadata_for_output_port_t c) { apply { } }
control EgD(packet_out pkt, inout hdr_t hdr, in md_t md, in egress_intrinsic_metadata_for_deparser_t d) {
    apply { pkt.emit(hdr); }
}
Pipeline(IgP(), Ig(), IgD(), EgP(), Eg(), EgD()) pipe;
Switch(pipe) main;
`;

after(cleanup);

describe('a TNA program with sub-parsers and sub-controls, compiled and run', () => {
  it('parses through nested sub-parsers, runs a sub-control twice and a sub-control table', async () => {
    const r = await rig(PROGRAM, { source: true });
    assert.deepEqual(
      r.state.p4info.tables.map((t) => t.name),
      ['Ig.marker.mark'],
    );
    const added = table(r, 'Ig.marker.mark').add({
      match: [{ kind: 'exact', value: 3 }],
      action: 'Ig.marker.set_b',
      params: [0x55],
    });
    assert.equal(added.ok, true);
    // kind 1: the label is parsed; sum = (0 + 3 + 10) + 4 + 10; the table rewrites b.
    r.engine.receive(1, Uint8Array.from([1, 0, 3, 4, 9]));
    // kind 2: no label; only the Ethernet header is parsed, the rest is payload.
    r.engine.receive(1, Uint8Array.from([2, 0, 3, 4]));
    assert.deepEqual(
      r.out.map((o) => [o.port, [...o.frame]]),
      [
        [2, [1, 27, 3, 0x55, 9]],
        [2, [2, 0, 3, 4]],
      ],
    );
  });

  it("ends the parse at the nested sub-parser's reject when its lookahead sees 0xff", async () => {
    const r = await rig(PROGRAM, { source: true });
    r.engine.receive(1, Uint8Array.from([1, 0, 0xff, 4]));
    // A Tofino parser's reject ends the parse with no error, as bf-p4c lowers it
    // (docs/tna-semantics.md, "Parser errors"): the label stays unparsed, sum stays 0.
    assert.deepEqual(
      r.out.map((o) => [o.port, [...o.frame]]),
      [[2, [1, 0, 0xff, 4]]],
    );
  });
});
