// A v1model program of our own for v1model's stateful and computing externs (register,
// counter, direct_counter, meter, hash, random, digest), written from v1model.p4's
// documentation (test/compiler/codegen/v1model.test.ts).

#include <core.p4>
#include <v1model.p4>

header h_t {
    bit<8>  a;
    bit<8>  b;
    bit<16> c;
    bit<32> d;
}

struct headers_t {
    h_t h;
}

struct meta_t {
    bit<32> x;
    bit<2>  color;
}

struct learn_t {
    bit<8> a;
    bit<9> port;
}

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    state start {
        pkt.extract(hdr.h);
        transition accept;
    }
}

control VC(inout headers_t hdr, inout meta_t meta) {
    apply { }
}

control IG(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    register<bit<32>>(4) seen;
    counter(4, CounterType.packets_and_bytes) per_b;
    meter(4, MeterType.packets) rate;
    direct_counter(CounterType.packets) hits;

    action mark(bit<16> v) {
        hdr.h.c = v;
    }

    table t {
        key = { hdr.h.a : exact; }
        actions = { mark; NoAction; }
        default_action = NoAction();
        counters = hits;
    }

    apply {
        sm.egress_spec = 1;
        if (hdr.h.b == 0x20) {
            meta.x = 0xdeadbeef;
            seen.read(meta.x, (bit<32>) hdr.h.a);
            meta.x = meta.x + 1;
            seen.write((bit<32>) hdr.h.a, meta.x);
            hdr.h.d = meta.x;
            per_b.count((bit<32>) hdr.h.a);
        } else if (hdr.h.b == 0x21) {
            t.apply();
        } else if (hdr.h.b == 0x22) {
            rate.execute_meter((bit<32>) hdr.h.a, meta.color);
            hdr.h.c = (bit<16>) meta.color;
        } else if (hdr.h.b == 0x23) {
            hash(hdr.h.c, HashAlgorithm.identity, 16w10, { hdr.h.a, hdr.h.b }, 32w100);
            hash(hdr.h.d, HashAlgorithm.csum16, 32w0, { hdr.h.a, hdr.h.b }, 32w65536);
        } else if (hdr.h.b == 0x24) {
            random(hdr.h.c, 16w5, 16w7);
        } else if (hdr.h.b == 0x25) {
            digest<learn_t>(1, { hdr.h.a, sm.ingress_port });
        }
    }
}

control EG(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    apply { }
}

control CC(inout headers_t hdr, inout meta_t meta) {
    apply { }
}

control DP(packet_out pkt, in headers_t hdr) {
    apply {
        pkt.emit(hdr.h);
    }
}

V1Switch(P(), VC(), IG(), EG(), CC(), DP()) main;
