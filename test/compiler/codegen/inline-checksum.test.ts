// The deparser's Checksum.update is summed inline by generated code (emit-checksum.ts) instead
// of packing the list into the extern: on random headers, the inline sums must equal what the
// Checksum extern computes over the same fields, for the IPv4 header list and for lists of
// uneven widths (fields crossing 16-bit words, a list that needs padding, zeros_as_ones).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { readBits, writeBits } from '../../../runtime/bits.js';
import { Checksum } from '../../../runtime/externs/checksum.js';
import { bytesOf, cleanup, compile, type Rig, rig } from './helpers.js';

const SOURCE = `
#include <core.p4>
#include <tna.p4>

header ethernet_h { bit<48> dst_addr; bit<48> src_addr; bit<16> ether_type; }
header ipv4_h {
    bit<4> version; bit<4> ihl; bit<8> diffserv; bit<16> total_len; bit<16> identification;
    bit<3> flags; bit<13> frag_offset; bit<8> ttl; bit<8> protocol; bit<16> hdr_checksum;
    bit<32> src_addr; bit<32> dst_addr;
}
// 56 bits of uneven fields, then two checksums.
header odd_h { bit<3> a; bit<13> b; bit<7> c; bit<9> d; bit<5> e; bit<19> f; bit<16> ck; bit<16> ck2; }
header empty_h { bit<8> x; }
struct headers_t { ethernet_h ethernet; ipv4_h ipv4; odd_h odd; }
struct eg_headers_t { empty_h unused; }
struct md_t { }

parser IgParser(packet_in pkt, out headers_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        pkt.extract(hdr.ethernet);
        pkt.extract(hdr.ipv4);
        pkt.extract(hdr.odd);
        transition accept;
    }
}

control Ig(inout headers_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    apply {
        ig_tm_md.ucast_egress_port = 2;
        ig_tm_md.bypass_egress = 1;
    }
}

control IgDeparser(packet_out pkt, inout headers_t hdr, in md_t md,
                   in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    Checksum() ipv4_checksum;
    Checksum() odd_checksum;
    Checksum() odd_checksum2;
    apply {
        hdr.ipv4.hdr_checksum = ipv4_checksum.update({
            hdr.ipv4.version, hdr.ipv4.ihl, hdr.ipv4.diffserv, hdr.ipv4.total_len,
            hdr.ipv4.identification, hdr.ipv4.flags, hdr.ipv4.frag_offset, hdr.ipv4.ttl,
            hdr.ipv4.protocol, hdr.ipv4.src_addr, hdr.ipv4.dst_addr });
        hdr.odd.ck = odd_checksum.update({ hdr.odd.a, hdr.odd.b, hdr.odd.c, hdr.odd.d, hdr.odd.e, hdr.odd.f });
        hdr.odd.ck2 = odd_checksum2.update({ hdr.odd.c, hdr.odd.e }, true);
        pkt.emit(hdr);
    }
}

parser EgParser(packet_in pkt, out eg_headers_t hdr, out md_t md, out egress_intrinsic_metadata_t eg_intr_md) {
    state start { pkt.extract(eg_intr_md); transition accept; }
}

control Eg(inout eg_headers_t hdr, inout md_t md, in egress_intrinsic_metadata_t eg_intr_md,
           in egress_intrinsic_metadata_from_parser_t eg_prsr_md,
           inout egress_intrinsic_metadata_for_deparser_t eg_dprsr_md,
           inout egress_intrinsic_metadata_for_output_port_t eg_oport_md) {
    apply { }
}

control EgDeparser(packet_out pkt, inout eg_headers_t hdr, in md_t md,
                   in egress_intrinsic_metadata_for_deparser_t eg_dprsr_md) {
    apply { pkt.emit(hdr); }
}

Pipeline(IgParser(), Ig(), IgDeparser(), EgParser(), Eg(), EgDeparser()) pipe;
Switch(pipe) main;
`;

const IPV4: readonly (readonly [string, number])[] = [
  ['version', 4],
  ['ihl', 4],
  ['diffserv', 8],
  ['total_len', 16],
  ['identification', 16],
  ['flags', 3],
  ['frag_offset', 13],
  ['ttl', 8],
  ['protocol', 8],
  ['hdr_checksum', 16],
  ['src_addr', 32],
  ['dst_addr', 32],
];
const ODD: readonly (readonly [string, number])[] = [
  ['a', 3],
  ['b', 13],
  ['c', 7],
  ['d', 9],
  ['e', 5],
  ['f', 19],
  ['ck', 16],
  ['ck2', 16],
];

function fieldsArb(layout: readonly (readonly [string, number])[]): fc.Arbitrary<Record<string, number>> {
  return fc.record(Object.fromEntries(layout.map(([n, w]) => [n, fc.integer({ min: 0, max: 2 ** w - 1 })])));
}

function pack(layout: readonly (readonly [string, number])[], v: Record<string, number>): number[] {
  const bits = layout.reduce((s, [, w]) => s + w, 0);
  const b = new Uint8Array(bits / 8);
  let at = 0;
  for (const [n, w] of layout) {
    writeBits(b, at, w, v[n] as number);
    at += w;
  }
  return [...b];
}

function externSum(list: readonly (readonly [number, number])[], zerosAsOnes: boolean): number {
  const ck = new Checksum();
  for (const [v, w] of list) ck.field(v, w);
  return ck.update(zerosAsOnes);
}

describe('inline Checksum.update in generated code', () => {
  let r: Rig;
  before(async () => {
    r = await rig(SOURCE, { source: true, targetChecks: false });
  });
  after(cleanup);

  test('the three updates are summed inline, not through the extern', () => {
    const js = compile(SOURCE, { source: true, targetChecks: false }).result?.pipeline?.pipelineJs ?? '';
    const code = js
      .split('\n')
      .filter((l) => !l.trim().startsWith('//'))
      .join('\n');
    assert.equal(code.match(/= checksum16\(/g)?.length, 3);
    assert.doesNotMatch(code, /\.update\(/);
  });

  test('on random headers the inline sums equal the Checksum extern, uneven widths included', () => {
    fc.assert(
      fc.property(fieldsArb(IPV4), fieldsArb(ODD), (ip, odd) => {
        r.out.length = 0;
        const frame = Uint8Array.from([
          ...bytesOf(0x020000000002n, 6),
          ...bytesOf(0x020000000001n, 6),
          0x08,
          0x00,
          ...pack(IPV4, ip),
          ...pack(ODD, odd),
          0xab,
        ]);
        r.engine.receive(1, frame);
        const out = r.out[0]?.frame;
        assert.ok(out !== undefined);
        const ipList = IPV4.filter(([n]) => n !== 'hdr_checksum').map(([n, w]) => [ip[n] as number, w] as const);
        assert.equal(readBits(out, (14 + 10) * 8, 16), externSum(ipList, false));
        const oddList = ODD.slice(0, 6).map(([n, w]) => [odd[n] as number, w] as const);
        const oddAt = (14 + 20) * 8 + 56;
        assert.equal(readBits(out, oddAt, 16), externSum(oddList, false));
        const ck2 = externSum(
          [
            [odd.c as number, 7],
            [odd.e as number, 5],
          ],
          true,
        );
        assert.equal(readBits(out, oddAt + 16, 16), ck2);
        // Everything else goes out as it came in.
        assert.deepEqual(out.subarray(0, 24), frame.subarray(0, 24));
        assert.deepEqual(out.subarray(26, 34 + 7), frame.subarray(26, 34 + 7));
        assert.equal(out[out.length - 1], 0xab);
      }),
      { numRuns: 300 },
    );
  });
});
