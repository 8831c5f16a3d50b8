// The traffic manager's multicast replication as Tofino's PRE does it (docs/tna-semantics.md,
// "Multicast"): bypass_egress holds for every copy, level-1 exclusion by node xid, level-2
// pruning by rid and yid. A small program of ours: ingress takes the TM fields from a table,
// egress marks every packet it sees, so a copy that skipped egress is unmarked.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { cleanup, ok, rig, table } from '../../compiler/codegen/helpers.js';

after(cleanup);

const PROGRAM = `
#include <core.p4>
#include <tna.p4>
header eth_t { bit<48> dst; bit<48> src; bit<16> type; }
struct headers_t { eth_t eth; }
struct md_t { }
parser IgParser(packet_in pkt, out headers_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start { pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.eth); transition accept; }
}
control Ig(inout headers_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    action replicate(MulticastGroupId_t grp, bit<1> bypass, bit<16> xid, bit<16> rid, bit<9> yid) {
        ig_tm_md.mcast_grp_a = grp;
        ig_tm_md.bypass_egress = bypass;
        ig_tm_md.level1_exclusion_id = xid;
        ig_tm_md.rid = rid;
        ig_tm_md.level2_exclusion_id = yid;
    }
    table plan { key = { hdr.eth.type : exact; } actions = { replicate; NoAction; } default_action = NoAction; }
    apply { plan.apply(); }
}
control IgDeparser(packet_out pkt, inout headers_t hdr, in md_t md, in ingress_intrinsic_metadata_for_deparser_t d) {
    apply { pkt.emit(hdr); }
}
parser EgParser(packet_in pkt, out headers_t hdr, out md_t md, out egress_intrinsic_metadata_t eg_intr_md) {
    state start { pkt.extract(eg_intr_md); pkt.extract(hdr.eth); transition accept; }
}
control Eg(inout headers_t hdr, inout md_t md, in egress_intrinsic_metadata_t eg_intr_md,
           in egress_intrinsic_metadata_from_parser_t p, inout egress_intrinsic_metadata_for_deparser_t d,
           inout egress_intrinsic_metadata_for_output_port_t o) {
    apply { hdr.eth.dst = 0xeeeeeeeeeeee; }
}
control EgDeparser(packet_out pkt, inout headers_t hdr, in md_t md, in egress_intrinsic_metadata_for_deparser_t d) {
    apply { pkt.emit(hdr); }
}
Pipeline(IgParser(), Ig(), IgDeparser(), EgParser(), Eg(), EgDeparser()) pipe;
Switch(pipe) main;
`;

const frame = (type: number) => Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 7, 7, 7, 7, 7, type >> 8, type & 0xff, 9, 9]);
const marked = (f: Uint8Array) => f[0] === 0xee;

async function group(plan: { bypass: number; xid: number; rid: number; yid: number }) {
  const r = await rig(PROGRAM, { source: true });
  ok(
    r.tm.createMulticastGroup(7, [
      { rid: 10, ports: [1, 2], xid: 100 },
      { rid: 20, ports: [3, 4] },
      { rid: 30, ports: [5, 6], xid: 300 },
    ]),
  );
  ok(
    table(r, 'Ig.plan').add({
      match: [{ kind: 'exact', value: 0x0800n }],
      action: 'Ig.replicate',
      params: [7, plan.bypass, plan.xid, plan.rid, plan.yid],
    }),
  );
  r.engine.receive(8, frame(0x0800));
  return r;
}

describe('multicast replication (Tofino PRE)', () => {
  // Rule (docs/tna-semantics.md, "Multicast"): with bypass_egress every copy leaves unchanged by egress.
  test('bypass_egress sends every replica straight out, without the egress pipeline', async () => {
    const r = await group({ bypass: 1, xid: 0, rid: 0, yid: 0 });
    assert.deepEqual(
      r.out.map((o) => o.port),
      [1, 2, 3, 4, 5, 6],
    );
    assert.ok(r.out.every((o) => !marked(o.frame)));
  });

  test('without bypass_egress every replica runs through egress', async () => {
    const r = await group({ bypass: 0, xid: 0, rid: 0, yid: 0 });
    assert.equal(r.out.length, 6);
    assert.ok(r.out.every((o) => marked(o.frame)));
  });

  // Rule (docs/tna-semantics.md, "Multicast"): a node whose xid equals level1_exclusion_id makes no copies.
  test('level-1 exclusion skips the node whose xid matches, and only that node', async () => {
    const r = await group({ bypass: 1, xid: 300, rid: 0, yid: 0 });
    assert.deepEqual(
      r.out.map((o) => o.port),
      [1, 2, 3, 4],
    );
  });

  // Rule (docs/tna-semantics.md, "Multicast"): the yid's ports are pruned from the node whose rid is the packet's rid.
  test('level-2 pruning removes the yid ports from the node with the packet rid only', async () => {
    const r = await rig(PROGRAM, { source: true });
    ok(r.tm.setL2ExclusionPorts(5, [2, 4]));
    ok(
      r.tm.createMulticastGroup(7, [
        { rid: 10, ports: [1, 2] },
        { rid: 20, ports: [3, 4] },
      ]),
    );
    ok(
      table(r, 'Ig.plan').add({
        match: [{ kind: 'exact', value: 0x0800n }],
        action: 'Ig.replicate',
        params: [7, 1, 0, 20, 5],
      }),
    );
    r.engine.receive(8, frame(0x0800));
    assert.deepEqual(
      r.out.map((o) => o.port),
      [1, 2, 3],
    );
  });
});
