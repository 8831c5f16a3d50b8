// A Digest of a bit string or a tuple (zapdos: `Digest<bit<32>>(1) d; d.pack(hdr.ipv4.src_addr)`)
// has no field names; bf-p4c's BF-RT names them f1, f2, … The digest carries the packed values.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { cleanup, rig, tnaTail } from './helpers.js';

after(cleanup);

const program = `
#include <tna.p4>
header data_h { bit<8> kind; bit<32> addr; bit<16> port; }
struct hdr_t { data_h d; }
struct md_t { }
parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start { pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.d); transition accept; }
}
control Ig(inout hdr_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    apply {
        ig_tm_md.ucast_egress_port = 2;
        ig_dprsr_md.digest_type = (bit<3>)hdr.d.kind;
    }
}
control Dep(packet_out pkt, inout hdr_t hdr, in md_t md, in ingress_intrinsic_metadata_for_deparser_t d) {
    Digest<bit<32>>(1) one_address;
    Digest<tuple<bit<32>, bit<16>>>(2) address_and_port;
    apply {
        if (d.digest_type == 1) { one_address.pack(hdr.d.addr); }
        if (d.digest_type == 2) { address_and_port.pack({hdr.d.addr, hdr.d.port}); }
        pkt.emit(hdr);
    }
}
${tnaTail()
  .replace(/control IgD[\s\S]*?\n}\n/, '')
  .replace('IgD()', 'Dep()')}`;

describe('a Digest of a bit string or a tuple', () => {
  it('packs the values, its fields named f1, f2, … as BF-RT names them', async () => {
    const r = await rig(program, { source: true });
    r.engine.receive(1, Uint8Array.from([1, 10, 0, 0, 1, 0x1f, 0x90]));
    r.engine.receive(1, Uint8Array.from([2, 10, 0, 0, 2, 0x00, 0x35]));
    assert.deepEqual(
      r.digests.map((d) => d.values),
      [[0x0a000001], [0x0a000002, 0x35]],
    );
    const names = r.state.p4info.digests.map((d) => [d.name, d.fields.map((f) => `${f.name}:${f.width}`)]);
    assert.deepEqual(names, [
      ['Dep.one_address', ['f1:32']],
      ['Dep.address_and_port', ['f1:32', 'f2:16']],
    ]);
  });
});
