// A parser and a control using every statement, table property and keyset form.
error { NoError }
match_kind { exact, ternary, lpm, range }
extern packet_in { void extract<T>(out T hdr); T lookahead<T>(); void advance(in bit<32> n); }
extern counter { counter(bit<32> n); void count(in bit<32> i); }
extern action_profile { action_profile(bit<32> size); }
header h_t { bit<8> a; bit<8> b; bit<16> c; }
struct hs_t { h_t h; h_t[3] stack; }
struct m_t { bit<8> x; bit<16> y; }
enum bit<8> kind_t { A = 1, B = 2 }

parser P(packet_in pkt, out hs_t hdr, inout m_t meta)(bit<8> depth) {
    value_set<bit<8>>(4) vs;
    value_set<tuple<bit<8>, bit<16>>>(8) pairs;
    bit<8> local = 0;
    const bit<8> LIMIT = 3;
    counter(32w16) parse_counter;

    @name(".start") state start {
        pkt.extract(hdr.h);
        local = pkt.lookahead<bit<8>>();
        {
            bit<8> scratch = local;
            meta.x = scratch;
        }
        if (local == LIMIT) {
            meta.y = 1;
        } else {
            meta.y = 2;
        }
        transition select(hdr.h.a, hdr.h.b) {
            (0x01, 0x02): next;
            (0x10 &&& 0xF0, _): next;
            (8w1 .. 8w9, default): accept;
            (vs, 5): accept;
            (kind_t.A, _): reject;
            default: accept;
        }
    }
    state next {
        pkt.extract(hdr.stack.next);
        transition select(hdr.stack.lastIndex) {
            2: accept;
            _: next;
        }
    }
    state skip {
        pkt.advance(32);
        transition accept;
    }
    state end { }
}

control C(inout hs_t hdr, inout m_t meta)(bit<32> size) {
    bit<16> tmp;
    const bit<8> K = 7;
    counter(32w1024) hits;

    @name("set") action set_x(bit<8> v) { meta.x = v; }
    action drop() { exit; }
    action nop() { }
    @hidden action set_both(in bit<8> a, bit<16> b) { meta.x = a; meta.y = b; }

    table t {
        key = {
            hdr.h.a : exact @name("a");
            hdr.h.b : ternary;
            hdr.h.c[7:0] : lpm;
            meta.y : range;
        }
        actions = {
            set_x;
            @defaultonly drop;
            .nop;
            set_both(8w1);
        }
        const default_action = drop();
        size = 1024;
        implementation = action_profile(32w128);
        @my_anno my_prop = { 1, 2 };
        largest_priority_wins = false;
        priority_delta = 10;
        const entries = {
            (1, 0x0F &&& 0xFF, 16w0x0A00 &&& 16w0xFF00, 1 .. 10) : set_x(3);
            priority = 5: (2, _, _, _) : drop() @priority(7);
            priority = (K + 1): (3, default, _, 5) : nop;
            const (4, 1, 2, 3) : set_both(1, 2);
        }
    }
    table u {
        key = { meta.x : exact; }
        actions = { nop; drop; }
        entries = {
            1 : nop();
            const 2 : drop();
        }
        default_action = nop;
    }

    apply {
        tmp = 0;
        switch (t.apply().action_run) {
            set_x: { meta.x = meta.x + 1; }
            drop:
            nop: { }
            default: { tmp = 1; }
        }
        if (!t.apply().hit) {
            u.apply();
        } else if (u.apply().miss) {
            return;
        }
        switch (meta.x) {
            1: { tmp = 2; }
            2:
            default: { }
        }
        hits.count((bit<32>)meta.x);
        ;
        @atomic {
            tmp = tmp + 1;
        }
        for (bit<8> i = 0; i < 4; i = i + 1) {
            if (i == 2) continue;
            if (i == 3) break;
            meta.x = meta.x |+| i;
        }
        for (bit<8> j in 1 .. 3) {
            meta.x = meta.x - j;
        }
        for (h_t h in hdr.stack) {
            tmp = tmp + (bit<16>)h.a;
        }
        if (tmp == 9) exit;
    }
}
