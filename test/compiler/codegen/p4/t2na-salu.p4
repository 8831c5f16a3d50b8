// A Tofino 2 (T2NA) program of ours using the stateful ALU's Tofino 2 extensions, one per
// opcode in the packet's `op` header: several outputs and the divider, a FIFO and a stack with
// overflow/underflow, the 128-bit min/max unit over groups of eight 16-bit cells with a
// post-modification, predicate() over four comparisons, address(), Register.clear (to 0x40)
// a FIFO chained over two registers, and a DirectRegisterAction2.
// The packet goes back out of the port it came in on. Compiled by t2-salu.test.ts.
#include <core.p4>
#include <t2na.p4>

header eth_t { bit<48> dst; bit<48> src; bit<16> type; }
header op_t { bit<8> op; bit<16> a; bit<16> b; bit<16> r1; bit<16> r2; bit<16> r3; bit<8> idx; }
struct headers_t { eth_t eth; op_t op; }
struct md_t { }

parser IgParser(packet_in pkt, out headers_t hdr, out md_t md, out ingress_intrinsic_metadata_t ig_intr_md) {
    state start {
        pkt.extract(ig_intr_md);
        pkt.advance(PORT_METADATA_SIZE);
        pkt.extract(hdr.eth);
        pkt.extract(hdr.op);
        transition accept;
    }
}

control Ig(inout headers_t hdr, inout md_t md, in ingress_intrinsic_metadata_t ig_intr_md,
           in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
           inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
           inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    // op 1: quotient and remainder of a / b as two outputs; the cell counts the divisions.
    Register<bit<16>, bit<8>>(256) divisions;
    RegisterAction<bit<16>, bit<8>, bit<16>>(divisions) divide = {
        void apply(inout bit<16> value, out bit<16> quotient, out bit<16> remainder, out bit<16> count) {
            value = value + 1;
            quotient = hdr.op.a / hdr.op.b;
            remainder = hdr.op.a % hdr.op.b;
            count = value;
        }
    };

    // op 2/3: a FIFO of four cells; r2 gets the address of the cell used.
    Register<bit<16>, bit<8>>(4) fifo;
    RegisterAction2<bit<16>, bit<8>, bit<16>, bit<16>>(fifo) fifo_in = {
        void apply(inout bit<16> value, out bit<16> rv, out bit<16> where) {
            value = hdr.op.a;
            rv = 0;
            where = this.address<bit<16>>();
        }
        void overflow(inout bit<16> value, out bit<16> rv, out bit<16> where) {
            rv = 0xeeee;
            where = 0xffff;
        }
    };
    RegisterAction2<bit<16>, bit<8>, bit<16>, bit<16>>(fifo) fifo_out = {
        void apply(inout bit<16> value, out bit<16> rv, out bit<16> where) {
            rv = value;
            where = this.address<bit<16>>();
        }
        void underflow(inout bit<16> value, out bit<16> rv, out bit<16> where) {
            rv = 0xdddd;
            where = 0xffff;
        }
    };

    // op 4/5: a stack of three cells.
    Register<bit<16>, bit<8>>(3) stack;
    RegisterAction<bit<16>, bit<8>, bit<16>>(stack) stack_push = {
        void apply(inout bit<16> value) { value = hdr.op.a; }
        void overflow(inout bit<16> value, out bit<16> rv) { rv = 0xeeee; }
    };
    RegisterAction<bit<16>, bit<8>, bit<16>>(stack) stack_pop = {
        void apply(inout bit<16> value, out bit<16> rv) { rv = value; }
        void underflow(inout bit<16> value, out bit<16> rv) { rv = 0xdddd; }
    };

    // op 6: load cell idx; op 7: the largest of the eight cells of group idx >> 3, and its lane,
    // which then drops by 2 (postmod); op 8: the smallest of its first four; op 10: clear all.
    Register<bit<16>, bit<8>>(64) lanes;
    RegisterAction<bit<16>, bit<8>, bit<16>>(lanes) lane_load = {
        void apply(inout bit<16> value) { value = hdr.op.a; }
    };
    MinMaxAction2<bit<16>, bit<3>, bit<16>, bit<3>>(lanes) lane_max = {
        void apply(inout bit<128> value, out bit<16> rv, out bit<3> lane) {
            rv = this.max16(value, 0xff, lane, -2);
        }
    };
    MinMaxAction<bit<16>, bit<3>, bit<16>>(lanes) lane_min = {
        void apply(inout bit<128> value, out bit<16> rv) {
            rv = this.min16(value, 0x0f);
        }
    };

    // op 9: which of value < a, value > b, a == b, value == 7 hold, as one bit of 16.
    Register<bit<16>, bit<8>>(1, 7) seven;
    RegisterAction<bit<16>, bit<8>, bit<16>>(seven) classify = {
        void apply(inout bit<16> value, out bit<16> rv) {
            rv = this.predicate(value < hdr.op.a, value > hdr.op.b, hdr.op.a == hdr.op.b, value == 7);
        }
    };

    // op 11/12: a FIFO of four cells over two registers of two (bf-p4c's multistage chain):
    // the first register's pointer runs over both, the second acts on the addresses it holds.
    @chain_total_size(4)
    Register<bit<16>, bit<8>>(2) chain_a;
    Register<bit<16>, bit<8>>(2) chain_b;
    RegisterAction<bit<16>, bit<8>, bit<16>>(chain_a) chain_a_in = {
        void apply(inout bit<16> value) { value = hdr.op.a; }
    };
    RegisterAction<bit<16>, bit<8>, bit<16>>(chain_b) chain_b_in = {
        void apply(inout bit<16> value) { value = hdr.op.a; }
    };
    RegisterAction<bit<16>, bit<8>, bit<16>>(chain_a) chain_a_out = {
        void apply(inout bit<16> value, out bit<16> rv) { rv = value; }
    };
    RegisterAction<bit<16>, bit<8>, bit<16>>(chain_b) chain_b_out = {
        void apply(inout bit<16> value, out bit<16> rv) { rv = value; }
    };
    bit<16> address = 0;

    // op 13: a DirectRegisterAction2 counts the matched entry's packets (rv1) and reports
    // whether a > b as a predicate bit (rv2); the miss has a cell of its own.
    DirectRegister<bit<16>>() hits;
    DirectRegisterAction2<bit<16>, bit<16>, bit<8>>(hits) count_hit = {
        void apply(inout bit<16> value, out bit<16> n, out bit<8> larger) {
            value = value + 1;
            n = value;
            larger = this.predicate<bit<8>>(hdr.op.a > hdr.op.b);
        }
    };
    action hit() {
        bit<8> larger;
        hdr.op.r1 = count_hit.execute(larger);
        hdr.op.r2 = (bit<16>)larger;
    }
    table by_idx {
        key = { hdr.op.idx : exact; }
        actions = { hit; }
        default_action = hit;
        registers = hits;
        size = 16;
    }

    apply {
        ig_tm_md.ucast_egress_port = ig_intr_md.ingress_port;
        if (hdr.op.op == 1) {
            hdr.op.r1 = divide.execute(hdr.op.idx, hdr.op.r2, hdr.op.r3);
        } else if (hdr.op.op == 2) {
            hdr.op.r1 = fifo_in.enqueue(hdr.op.r2);
        } else if (hdr.op.op == 3) {
            hdr.op.r1 = fifo_out.dequeue(hdr.op.r2);
        } else if (hdr.op.op == 4) {
            hdr.op.r1 = stack_push.push();
        } else if (hdr.op.op == 5) {
            hdr.op.r1 = stack_pop.pop();
        } else if (hdr.op.op == 6) {
            lane_load.execute(hdr.op.idx);
        } else if (hdr.op.op == 7) {
            bit<3> lane;
            hdr.op.r1 = lane_max.execute(hdr.op.idx[5:3], lane);
            hdr.op.r2 = (bit<16>)lane;
        } else if (hdr.op.op == 8) {
            hdr.op.r1 = lane_min.execute(hdr.op.idx[5:3]);
        } else if (hdr.op.op == 9) {
            hdr.op.r1 = classify.execute(0);
        } else if (hdr.op.op == 10) {
            lanes.clear(0x40, 0xbbbb);
        } else if (hdr.op.op == 11) {
            chain_a_in.enqueue();
            address = chain_a_in.address();
            chain_b_in.execute((bit<8>)address);
            hdr.op.r2 = address;
        } else if (hdr.op.op == 13) {
            by_idx.apply();
        } else if (hdr.op.op == 12) {
            hdr.op.r1 = chain_a_out.dequeue();
            address = chain_a_out.address();
            hdr.op.r1 = hdr.op.r1 | chain_b_out.execute((bit<8>)address);
            hdr.op.r2 = address;
        }
    }
}

control IgDeparser(packet_out pkt, inout headers_t hdr, in md_t md,
                   in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    apply { pkt.emit(hdr); }
}

parser EgParser(packet_in pkt, out headers_t hdr, out md_t md, out egress_intrinsic_metadata_t eg_intr_md) {
    state start {
        pkt.extract(eg_intr_md);
        transition accept;
    }
}

control Eg(inout headers_t hdr, inout md_t md, in egress_intrinsic_metadata_t eg_intr_md,
           in egress_intrinsic_metadata_from_parser_t eg_prsr_md,
           inout egress_intrinsic_metadata_for_deparser_t eg_dprsr_md,
           inout egress_intrinsic_metadata_for_output_port_t eg_oport_md) {
    apply { }
}

control EgDeparser(packet_out pkt, inout headers_t hdr, in md_t md,
                   in egress_intrinsic_metadata_for_deparser_t eg_dprsr_md) {
    apply { pkt.emit(hdr); }
}

Pipeline(IgParser(), Ig(), IgDeparser(), EgParser(), Eg(), EgDeparser()) pipe;
Switch(pipe) main;
