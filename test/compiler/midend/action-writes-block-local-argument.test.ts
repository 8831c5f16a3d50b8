// A sub-control whose actions write its `out` parameters and read its `in` ones, applied with
// variables declared inside the caller's apply block (AHAB's `bytecount_t pkt_len_lo;
// byte_dumps.apply(…, pkt_len_lo, …)`, whose table actions set `pkt_len_lo`). Actions and
// tables live at the control's level, where those block variables are not visible, so each
// argument is copied into a control-level temp at the call and back after it (P4 spec §6.8,
// copy-in/copy-out): the program compiles and the caller sees what the actions wrote.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { cleanup, rig, tnaTail } from '../codegen/helpers.js';

after(cleanup);

const program = `
#include <tna.p4>
header data_h { bit<8> sel; bit<8> v; bit<8> lo; bit<8> hi; }
struct hdr_t { data_h d; }
struct md_t { }
parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start { pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.d); transition accept; }
}
control Split(in bit<8> sel, in bit<8> v, out bit<8> lo, out bit<8> hi) {
    action low() { lo = v; hi = 0; }
    action high() { lo = 0; hi = v + 1; }
    table pick {
        key = { sel: exact; }
        actions = { low; high; }
        const entries = { 1: low(); 2: high(); }
        default_action = low();
    }
    apply { pick.apply(); }
}
control Ig(inout hdr_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    Split() split;
    apply {
        ig_tm_md.ucast_egress_port = 2;
        bit<8> value = hdr.d.v + 10;
        bit<8> lo;
        bit<8> hi;
        split.apply(hdr.d.sel, value, lo, hi);
        hdr.d.lo = lo;
        hdr.d.hi = hi;
    }
}
${tnaTail()}`;

describe('sub-control actions using parameters bound to block variables', () => {
  it('compiles, and the caller reads what the actions wrote through the out parameters', async () => {
    const r = await rig(program, { source: true });
    r.engine.receive(1, Uint8Array.from([1, 5, 0, 0]));
    r.engine.receive(1, Uint8Array.from([2, 5, 0, 0]));
    assert.deepEqual(
      r.out.map((o) => [...o.frame]),
      [
        [1, 5, 15, 0],
        [2, 5, 0, 16],
      ],
    );
  });
});
