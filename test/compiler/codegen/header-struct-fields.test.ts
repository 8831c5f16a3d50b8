// Headers with struct-typed fields (P4 allows a struct of bit fields inside a header; P4DB's
// `info_t` holds a `lock_pair`): extract fills the nested fields in bit order, the program
// reads and writes them one by one or as a whole struct, and emit writes them back in place.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { cleanup, rig, table, tnaTail } from './helpers.js';

after(cleanup);

const PROGRAM = `
#include <tna.p4>
struct pair_t { bit<4> left; bit<12> right; }
struct outer_t { bit<8> tag; pair_t inner; }
header info_h { bit<8> kind; pair_t locks; outer_t nested; bit<8> tail; }
struct hdr_t { info_h info; }
struct md_t { pair_t saved; }
parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        pkt.extract(hdr.info);
        transition select(hdr.info.locks.left) { 0x0 .. 0xe: accept; }
    }
}
control Ig(inout hdr_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    action swap() {
        md.saved = hdr.info.locks;
        hdr.info.locks = hdr.info.nested.inner;
        hdr.info.nested.inner = md.saved;
    }
    action bump(bit<12> by) { hdr.info.locks.right = hdr.info.locks.right + by; }
    table t { key = { hdr.info.kind: exact; } actions = { swap; bump; NoAction; } default_action = NoAction(); }
    apply {
        ig_tm_md.ucast_egress_port = 2;
        t.apply();
        hdr.info.tail = hdr.info.nested.tag;
    }
}
${tnaTail('pkt.extract(hdr.info);')}`;

// kind, locks (left 4 | right 12), nested.tag, nested.inner (left 4 | right 12), tail.
const frame = (kind: number) => Uint8Array.from([kind, 0x12, 0x34, 0x77, 0xab, 0xcd, 0x00]);

describe('headers with struct-typed fields', () => {
  it('extract, nested reads and writes, whole-struct copies and emit keep the bit layout', async () => {
    const r = await rig(PROGRAM, { source: true });
    const t = table(r, 'Ig.t');
    assert.equal(t.add({ match: [{ kind: 'exact', value: 1 }], action: 'Ig.swap', params: [] }).ok, true);
    assert.equal(t.add({ match: [{ kind: 'exact', value: 2 }], action: 'Ig.bump', params: [0x101] }).ok, true);
    r.engine.receive(1, frame(1));
    r.engine.receive(1, frame(2));
    r.engine.receive(1, frame(3));
    assert.deepEqual(
      r.out.map((o) => [...o.frame]),
      [
        [1, 0xab, 0xcd, 0x77, 0x12, 0x34, 0x77],
        [2, 0x13, 0x35, 0x77, 0xab, 0xcd, 0x77],
        [3, 0x12, 0x34, 0x77, 0xab, 0xcd, 0x77],
      ],
    );
  });

  it('a parser selects on a nested field (left = 0xf matches no case: NO_MATCH drops the packet)', async () => {
    const r = await rig(PROGRAM, { source: true });
    r.engine.receive(1, Uint8Array.from([3, 0xf2, 0x34, 0x77, 0xab, 0xcd, 0x00]));
    assert.deepEqual(r.out.length, 0);
  });
});
