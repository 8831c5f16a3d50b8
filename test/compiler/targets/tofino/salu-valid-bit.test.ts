// `h.isValid()` inside a RegisterAction body: bf-p4c's mid end reads the header's 1-bit
// `$valid` there, as everywhere (docs/tofino-resources.md "Stateful ALU"), so the stateful
// ALU takes it as a packet operand. Accepted, counted as an operand, and run on packets.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { cleanup, rig } from '../../codegen/helpers.js';
import { expectMarked, tna } from './helpers.js';

after(cleanup);

/** A cell counting packets: +10 when the optional header `o` was parsed, +1 when not. */
const COUNTER = `
#include <tna.p4>
header h_t { bit<8> a; bit<8> b; }
header o_t { bit<8> v; }
struct hdr_t { h_t h; o_t o; }
struct md_t { bit<8> x; }
parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.h);
        transition select(hdr.h.a) { 1: opt; default: accept; }
    }
    state opt { pkt.extract(hdr.o); transition accept; }
}
control Ig(inout hdr_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    Register<bit<8>, bit<1>>(1, 0) count;
    RegisterAction<bit<8>, bit<1>, bit<8>>(count) bump = {
        void apply(inout bit<8> value, out bit<8> rv) {
            if (hdr.o.isValid()) { value = value + 10; } else { value = value + 1; }
            rv = value;
        }
    };
    apply {
        ig_tm_md.ucast_egress_port = 2;
        hdr.h.b = bump.execute(0);
    }
}
control IgD(packet_out pkt, inout hdr_t hdr, in md_t md, in ingress_intrinsic_metadata_for_deparser_t d) { apply { pkt.emit(hdr); } }
parser EgP(packet_in pkt, out hdr_t hdr, out md_t md, out egress_intrinsic_metadata_t eg_intr_md) {
    state start { pkt.extract(eg_intr_md); transition accept; }
}
control Eg(inout hdr_t hdr, inout md_t md, in egress_intrinsic_metadata_t eg_intr_md,
           in egress_intrinsic_metadata_from_parser_t a, inout egress_intrinsic_metadata_for_deparser_t b,
           inout egress_intrinsic_metadata_for_output_port_t c) { apply { } }
control EgD(packet_out pkt, inout hdr_t hdr, in md_t md, in egress_intrinsic_metadata_for_deparser_t d) { apply { pkt.emit(hdr); } }
Pipeline(IgP(), Ig(), IgD(), EgP(), Eg(), EgD()) pipe;
Switch(pipe) main;
`;

/** A register action whose apply body is `body` (value: bit<32>, rv: bit<32>). */
function withBody(body: string): string {
  return tna(
    `    Register<bit<32>, bit<10>>(1024) reg;
    RegisterAction<bit<32>, bit<10>, bit<32>>(reg) ra = {
        void apply(inout bit<32> value, out bit<32> rv) {
${body}
        }
    };`,
    '        md.a = ra.execute(hdr.d.h1[9:0]);',
  );
}

describe('isValid() in a RegisterAction body', () => {
  it('is accepted: a read of the valid bit, no error 4024', () => {
    expectMarked(
      withBody(`            if (hdr.d.isValid()) { value = value + hdr.d.f1; }
            rv = value;`),
    );
  });

  it('counts as one of the two packet operands: with two fields more, error 4025', () => {
    expectMarked(
      withBody(`            if (hdr.d.isValid()) { value = value + hdr.d.f1; }
            if (value > hdr.d.f2) { value = 0; } // expect: salu/4025
            rv = value;`),
    );
  });

  it('reads the header as the parser left it, packet by packet', async () => {
    const r = await rig(COUNTER, { source: true });
    const send = (frame: number[]): number | undefined => {
      r.out.length = 0;
      r.engine.receive(1, Uint8Array.from(frame));
      return r.out[0]?.frame[1];
    };
    assert.equal(send([0, 0]), 1); // no o: +1
    assert.equal(send([1, 0, 7]), 11); // o parsed: +10
    assert.equal(send([0, 0]), 12);
  });
});
