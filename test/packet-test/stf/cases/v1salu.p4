// A v1model program on the Tofino stateful ALU of <tofino/stateful_alu.p4> (docs/v1model.md,
// "Tofino stateful ALU"): a RegisterAction on a paired register (a count and a maximum per
// cell), execute_log on a 4-cell journal, and a DirectRegisterAction on a register of size
// 0, which gets one cell per entry of the table whose action runs it.
#include <core.p4>
#include <v1model.p4>
#include <tofino/stateful_alu.p4>

header data_t {
    bit<32> f1;
    bit<16> h1;
    bit<16> h2;
    bit<8>  b1;
    bit<8>  b2;
}
struct headers { data_t data; }
struct metadata { }
struct pair { bit<16> count; bit<16> max; }

parser P(packet_in pkt, out headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    state start { pkt.extract(hdr.data); transition accept; }
}
control VerifyCk(inout headers hdr, inout metadata meta) { apply { } }

control Ing(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    register<pair>(16) stats;
    RegisterAction<pair, bit<32>, bit<16>>(stats) track = {
        void apply(inout pair value, out bit<16> rv) {
            value.count = value.count + 1;
            if (hdr.data.h1 > value.max) {
                value.max = hdr.data.h1;
            }
            rv = value.count;
        }
    };
    register<bit<16>>(4) journal;
    RegisterAction<bit<16>, bit<32>, bit<16>>(journal) append = {
        void apply(inout bit<16> value) { value = hdr.data.h1; }
    };
    RegisterAction<bit<16>, bit<32>, bit<16>>(journal) peek = {
        void apply(inout bit<16> value, out bit<16> rv) { rv = value; }
    };
    register<bit<16>>(0) hits;
    DirectRegisterAction<bit<16>, bit<16>>(hits) bump = {
        void apply(inout bit<16> value, out bit<16> rv) {
            value = value + 1;
            rv = value;
        }
    };
    action count_flow(bit<9> port) {
        sm.egress_spec = port;
        hdr.data.h2 = bump.execute();
    }
    table flows {
        key = { hdr.data.f1 : exact; }
        actions = { count_flow; NoAction; }
        default_action = NoAction();
    }
    apply {
        sm.egress_spec = 1;
        if (hdr.data.b1 == 1) {
            hdr.data.h2 = track.execute((bit<32>)hdr.data.b2);
        } else if (hdr.data.b1 == 2) {
            append.execute_log();
        } else if (hdr.data.b1 == 3) {
            hdr.data.h2 = peek.execute((bit<32>)hdr.data.b2);
        } else {
            flows.apply();
        }
    }
}

control Eg(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) { apply { } }
control ComputeCk(inout headers hdr, inout metadata meta) { apply { } }
control Dep(packet_out pkt, in headers hdr) { apply { pkt.emit(hdr.data); } }

V1Switch(P(), VerifyCk(), Ing(), Eg(), ComputeCk(), Dep()) main;
