// A select case written as a list expression `{a, b}` is a tuple keyset (p4c parses `(a, b)`
// into the same list expression; NetCL's generated TNA parsers use braces): each element
// matches its key, `_` and masks inside the parenthesised form keep working beside it.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { runCheck } from '../check/helpers.js';
import { cleanup, rig, tnaTail } from './helpers.js';

after(cleanup);

const PROGRAM = `
#include <tna.p4>
header two_h { bit<16> kind; bit<16> proto; }
header tag_h { bit<8> value; }
struct hdr_t { two_h two; tag_h tag; }
struct md_t { }
parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        pkt.extract(hdr.two);
        transition select(hdr.two.kind, hdr.two.proto) {
            {1, 0x0800}: parse_tag;
            (2, _): parse_tag;
            {3, 0x0800}: parse_tag;
            default: accept;
        }
    }
    state parse_tag { pkt.extract(hdr.tag); transition accept; }
}
control Ig(inout hdr_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    apply {
        ig_tm_md.ucast_egress_port = 2;
        if (hdr.tag.isValid()) { hdr.tag.value = hdr.tag.value + 1; }
    }
}
${tnaTail()}`;

const frame = (kind: number, proto: number) => Uint8Array.from([0, kind, proto >> 8, proto & 0xff, 0x40, 0x99]);

describe('a list expression as a select keyset', () => {
  it('the checker accepts {a, b} for a two-key select and rejects a wrong element count', () => {
    assert.deepEqual(
      runCheck(PROGRAM).found.filter((d) => d.severity === 'error'),
      [],
    );
    const wrong = runCheck(PROGRAM.replace('{1, 0x0800}', '{1, 0x0800, 7}')).found;
    assert.deepEqual(
      wrong.filter((d) => d.severity === 'error').map((d) => d.message),
      ['this case has 3 keys, but the select has 2'],
    );
  });

  it('each element matches its key', async () => {
    const r = await rig(PROGRAM, { source: true });
    r.engine.receive(1, frame(1, 0x0800)); // {1, 0x0800}: the tag is parsed and bumped
    r.engine.receive(1, frame(1, 0x86dd)); // no case: accepted without the tag
    r.engine.receive(1, frame(2, 0x1234)); // (2, _): tag parsed
    r.engine.receive(1, frame(3, 0x0800)); // {3, 0x0800}: tag parsed
    r.engine.receive(1, frame(3, 0x86dd)); // kind 3 with another proto: no case, no tag
    assert.deepEqual(
      r.out.map((o) => [...o.frame]),
      [
        [0, 1, 0x08, 0x00, 0x41, 0x99],
        [0, 1, 0x86, 0xdd, 0x40, 0x99],
        [0, 2, 0x12, 0x34, 0x41, 0x99],
        [0, 3, 0x08, 0x00, 0x41, 0x99],
        [0, 3, 0x86, 0xdd, 0x40, 0x99],
      ],
    );
  });
});
