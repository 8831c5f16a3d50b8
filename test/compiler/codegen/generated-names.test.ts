// The names the code generator derives for a table (`t_apply`, `t_act`, `t_handle`,
// `t_actions`) are registered like every other generated name: a P4 action called `t_act`
// (bf-p4c's tests name their actions so) gets a name of its own and the module loads. P4
// names that are JavaScript reserved words (`class`, `new`, `delete`: valid P4 identifiers,
// research programs use them as action parameters) are renamed the same way.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { cleanup, rig, table, tnaTail } from './helpers.js';

after(cleanup);

const PROGRAM = `
#include <tna.p4>
header eth_h { bit<8> k; bit<8> v; }
struct hdr_t { eth_h eth; }
struct md_t { }
parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start { pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.eth); transition accept; }
}
control Ig(inout hdr_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    action t_act(bit<8> v) { hdr.eth.v = v; }
    action t_apply() { hdr.eth.v = 0xee; }
    action t_handle() { hdr.eth.v = 0xdd; }
    action t_actions() { hdr.eth.v = 0xcc; }
    table t { key = { hdr.eth.k: exact; } actions = { t_act; t_apply; t_handle; t_actions; NoAction; } default_action = NoAction(); }
    apply { ig_tm_md.ucast_egress_port = 2; t.apply(); }
}
${tnaTail('pkt.extract(hdr.eth);')}`;

describe('generated names', () => {
  it('a table t with actions t_act, t_apply, t_handle and t_actions loads and runs', async () => {
    const r = await rig(PROGRAM, { source: true });
    const t = table(r, 'Ig.t');
    assert.equal(t.add({ match: [{ kind: 'exact', value: 1 }], action: 'Ig.t_act', params: [0x55] }).ok, true);
    assert.equal(t.add({ match: [{ kind: 'exact', value: 2 }], action: 'Ig.t_apply', params: [] }).ok, true);
    r.engine.receive(1, Uint8Array.from([1, 0]));
    r.engine.receive(1, Uint8Array.from([2, 0]));
    assert.deepEqual(
      r.out.map((o) => [...o.frame]),
      [
        [1, 0x55],
        [2, 0xee],
      ],
    );
  });
});

const RESERVED_WORDS = PROGRAM.replace(
  'action t_act(bit<8> v) { hdr.eth.v = v; }',
  'action t_act(bit<8> class) { bit<8> new = class; bit<8> delete = new; hdr.eth.v = delete; }',
);

describe('P4 names that are JavaScript reserved words', () => {
  it('an action with parameter `class` and locals `new`, `delete` loads and runs', async () => {
    assert.notEqual(RESERVED_WORDS, PROGRAM);
    const r = await rig(RESERVED_WORDS, { source: true });
    const t = table(r, 'Ig.t');
    assert.equal(t.add({ match: [{ kind: 'exact', value: 7 }], action: 'Ig.t_act', params: [0x42] }).ok, true);
    r.engine.receive(1, Uint8Array.from([7, 0]));
    assert.deepEqual(
      r.out.map((o) => [...o.frame]),
      [[7, 0x42]],
    );
  });
});
