// A v1model program of our own for language features the generator handles beyond the TNA
// programs: functions with out parameters, short-circuit evaluation with side effects,
// copy-in/copy-out of header arguments, for loops, header unions, varbit fields, stack
// operations, nested slices, an exit in a top-level action (v1model-language.test.ts).

#include <core.p4>
#include <v1model.p4>

header h_t {
    bit<8>  op;
    bit<8>  a;
    bit<8>  b;
    bit<8>  c;
}

header byte_t { bit<8> v; }
header short_t { bit<16> v; }

header_union u_t {
    byte_t  byte;
    short_t short;
}

header len_t { bit<8> n; }

header var_t { varbit<32> data; }

struct headers_t {
    h_t      h;
    len_t    len;
    var_t    var;
    byte_t[3] stack;
    u_t      u;
}

struct meta_t { bit<8> x; }

bit<8> bump(inout bit<8> v) {
    v = v + 1;
    return v;
}

action stop() {
    exit;
}

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    state start {
        pkt.extract(hdr.h);
        transition select(hdr.h.op) {
            1: parse_var;
            2: parse_stack;
            default: accept;
        }
    }
    state parse_var {
        pkt.extract(hdr.len);
        pkt.extract(hdr.var, (bit<32>) hdr.len.n * 8);
        transition accept;
    }
    state parse_stack {
        pkt.extract(hdr.stack.next);
        pkt.extract(hdr.stack.next);
        transition accept;
    }
}

control VC(inout headers_t hdr, inout meta_t meta) { apply { } }

control IG(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    action overwrite(inout h_t h) {
        hdr.h.c = 0x77;
        h.b = 0x66;
    }

    apply {
        sm.egress_spec = 1;
        if (hdr.h.op == 3) {
            // bump runs only when the left side does not decide.
            bool t = hdr.h.a == 0 || bump(hdr.h.b) == 9;
            if (t) { hdr.h.c = 1; }
        } else if (hdr.h.op == 4) {
            // Copy-out of h overwrites the direct write to hdr.h.c.
            overwrite(hdr.h);
        } else if (hdr.h.op == 5) {
            bit<8> sum = 0;
            for (bit<8> i = 0; i < hdr.h.a; i = i + 1) {
                if (i == 2) { continue; }
                if (i == 6) { break; }
                sum = sum + i;
            }
            hdr.h.c = sum;
        } else if (hdr.h.op == 6) {
            hdr.u.short.setValid();
            hdr.u.short.v = 0xabcd;
            hdr.u.byte.setValid();
            hdr.u.byte.v = 0x12;
        } else if (hdr.h.op == 2) {
            hdr.stack.push_front(1);
            hdr.stack[0].setValid();
            hdr.stack[0].v = 0xee;
        } else if (hdr.h.op == 7) {
            hdr.h.a[7:4][1:0] = 2w3;
            hdr.stack[hdr.h.b].v = 9;
        } else if (hdr.h.op == 8) {
            stop();
            hdr.h.c = 0x55;
        }
    }
}

control EG(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) { apply { } }

control CC(inout headers_t hdr, inout meta_t meta) { apply { } }

control DP(packet_out pkt, in headers_t hdr) {
    apply {
        pkt.emit(hdr.h);
        pkt.emit(hdr.len);
        pkt.emit(hdr.var);
        pkt.emit(hdr.stack);
        pkt.emit(hdr.u);
    }
}

V1Switch(P(), VC(), IG(), EG(), CC(), DP()) main;
