// Tables: keys of every core match kind, actions with directional and control-plane
// parameters, default actions with arguments, const entries with masks, priorities and
// don't-cares, apply results (hit, miss, action_run) and switch on them.
#include <core.p4>

header h_t { bit<32> dst; bit<16> port; bit<8> proto; }
struct meta_t { bit<9> egress; bit<8> cls; bool drop; }

control Ingress(inout h_t h, inout meta_t m) {
    bit<8> scratch = 0;
    action drop() { m.drop = true; }
    action set_port(bit<9> port) { m.egress = port; }
    action classify(inout bit<8> cls, bit<8> value) { cls = value; }
    action nop() {}

    table route {
        key = { h.dst: lpm; }
        actions = { set_port; drop; }
        default_action = drop();
        size = 1024;
    }

    table acl {
        key = {
            h.proto: ternary;
            h.port: exact @name("l4_port");
        }
        actions = { classify(m.cls); NoAction; }
        const default_action = NoAction();
        const entries = {
            priority = 30: (6, 80): classify(m.cls, 1);
            (0x11 &&& 0xFF, _): classify(m.cls, 2);
            priority = 10: (_, 443): classify(m.cls, 3);
        }
    }

    table fixed {
        key = { m.cls: exact; m.drop: exact; }
        actions = { nop; drop; }
        const entries = {
            (1, true): drop();
            (2, false): nop();
        }
    }

    apply {
        if (route.apply().hit) {
            acl.apply();
        }
        switch (fixed.apply().action_run) {
            drop: { m.egress = 0; }
            nop: {}
            default: { scratch = 1; }
        }
        if (!acl.apply().miss) {
            set_port(9w1);
            classify(scratch, 3);
        }
        switch (m.cls) {
            1: { drop(); }
            2:
            3: { m.cls = 0; }
            default: {}
        }
        exit;
    }
}
