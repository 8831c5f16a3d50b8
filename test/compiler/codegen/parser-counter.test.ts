// ParserCounter in generated code (test/compiler/codegen/p4/parser-counter.p4): a counter
// loaded from a length field (rotate, mask, add, at most max) drives a parser loop; a length
// above max is a CounterRange parser error.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { PARSER_COUNTER_STACK, ParserCounter } from '../../../runtime/externs/parser-counter.js';
import { bytesOf, cleanup, compile, type Rig, ROOT, rig } from './helpers.js';

const PROGRAM = `${ROOT}/test/compiler/codegen/p4/parser-counter.p4`;

after(cleanup);

function send(r: Rig, len: number, options: number[]): { count: number; err: number } | undefined {
  const n = r.out.length;
  r.engine.receive(1, Uint8Array.from([...bytesOf(2n, 6), ...bytesOf(1n, 6), 0x88, 0xb5, len, ...options, 0xee]));
  if (r.out.length === n) return undefined;
  const f = r.out.at(-1)?.frame as Uint8Array;
  return { count: f[14] as number, err: ((f[15] as number) << 8) | (f[16] as number) };
}

describe('ParserCounter compiled', () => {
  test('the counter loaded from the length byte extracts that many options', async () => {
    const r = await rig(PROGRAM);
    assert.deepEqual(send(r, 0, [7, 7, 7]), { count: 0, err: 0 });
    assert.deepEqual(send(r, 2, [7, 7, 7]), { count: 2, err: 0 });
    assert.deepEqual(send(r, 0x13, [7, 7, 7]), { count: 3, err: 0 }, 'the mask keeps the low 4 bits: 3');
  });

  test('a loaded value above max is a CounterRange parser error', async () => {
    const r = await rig(PROGRAM);
    const o = send(r, 5, [7, 7, 7, 7, 7]);
    // The program reads parser_err, so the packet goes on with the CounterRange flag set.
    assert.deepEqual(o, { count: 0, err: 0x0004 });
  });

  test('the counter is 8-bit signed: rotate, mask and add as the parser loads it', () => {
    const c = new ParserCounter();
    assert.equal(c.load(0x0f0, 12, 255, 4, 7, 1), true);
    assert.equal(c.current, 0x0f + 1);
    c.decrement(20);
    assert.equal(c.isNegative(), true);
    c.set(0x100);
    assert.equal(c.isZero(), true);
    assert.equal(c.load(0xff, 8, 10, 0, 7, 0), false);
  });
});

// Tofino 2's counter stack: an outer count of option bytes and, per option, an inner count of its
// bytes pushed with update_with_top, so the outer one also counts the bytes the inner loop skips.
const STACK_PROGRAM = `
#include <t2na.p4>
header res_h { bit<8> options; bit<8> marker; }
struct hdr_t { res_h res; }
struct md_t { }
parser IgP(packet_in pkt, out hdr_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    ParserCounter() total;
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        hdr.res.setValid();
        total.set(pkt.lookahead<bit<8>>());
        pkt.advance(8);
        transition next;
    }
    state next {
        transition select(total.is_zero()) { true: done; default: option; }
    }
    state option {
        hdr.res.options = hdr.res.options + 1;
        total.push(pkt.lookahead<bit<8>>(), true);
        transition skip;
    }
    state skip {
        pkt.advance(8);
        total.decrement(1);
        transition select(total.is_zero()) { true: popped; default: skip; }
    }
    state popped {
        total.pop();
        transition next;
    }
    state done {
        hdr.res.marker = pkt.lookahead<bit<8>>();
        transition accept;
    }
}
control Ig(inout hdr_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t a, inout ingress_intrinsic_metadata_for_deparser_t b,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    apply { ig_tm_md.ucast_egress_port = 2; }
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

describe('ParserCounter stack (Tofino 2)', () => {
  test('push with update_with_top lets the outer count follow the inner loop; pop restores it', async () => {
    const r = await rig(STACK_PROGRAM, { source: true, target: 'tofino2' });
    const parse = (bytes: number[]) => {
      r.engine.receive(1, Uint8Array.from(bytes));
      const f = r.out.at(-1)?.frame as Uint8Array;
      return [f[0], f[1]];
    };
    // 7 option bytes: options of 3 and 4 bytes (each length byte counts itself), then 0xee.
    assert.deepEqual(parse([7, 3, 9, 9, 4, 9, 9, 9, 0xee]), [2, 0xee]);
    // One option of 5 bytes.
    assert.deepEqual(parse([5, 5, 1, 2, 3, 4, 0xee]), [1, 0xee]);
    // A new packet starts with an empty stack and a zero count.
    assert.deepEqual(parse([0, 0xee]), [0, 0xee]);
  });

  test('a Tofino 1 program cannot push', () => {
    const c = compile(STACK_PROGRAM.replace('t2na.p4', 'tna.p4'), { source: true });
    assert.equal(c.result?.pipeline, undefined);
    assert.match(c.messages, /ParserCounter has no member 'push'/);
  });

  test('the stack: saved values follow the counter only when pushed with update_with_top', () => {
    const c = new ParserCounter();
    c.set(20);
    c.push(true);
    c.set(5);
    c.push(false);
    c.set(3);
    c.decrement(3);
    c.pop();
    assert.equal(c.current, 5, 'pushed without update_with_top: unchanged');
    c.decrement(5);
    c.pop();
    assert.equal(c.current, 15, 'pushed with update_with_top: took the 5');
    for (let i = 0; i < PARSER_COUNTER_STACK + 2; i++) c.push(false);
    c.reset();
    c.pop();
    assert.equal(c.current, 0);
  });
});
