// Expressions: int constants take the width of their context, folding of every constant,
// casts, slices, concatenation, shifts, saturating arithmetic, tuples and struct expressions.
#include <core.p4>

const bit<32> K = 10;
const bit<32> K2 = K * 3 + (K << 2) - 1;
const int BIG = 1 << 100;
const bit<8> FROM_BIG = (bit<8>)(BIG >> 97);
const int<8> NEG = -5;
const bit<8> WRAP = (bit<8>)NEG;
const bool B = K2 > 50 && !(K == 3);
const bit<16> CAT = 8w0xAB ++ 8w0xCD;
const bit<4> SL = CAT[7:4];
const bit<8> SAT = 8w250 |+| 8w10;
typedef bit<48> mac_t;
type bit<9> port_t;
const port_t P1 = (port_t)9w3;

enum bit<8> Color { RED = 1, GREEN = 2, BLUE = 3 }
enum Mode { ON, OFF }

header h_t { bit<8> a; bit<16> b; mac_t m; }
header v_t { bit<8> len; varbit<64> opts; }
struct pair_t { bit<8> x; bit<8> y; }
struct meta_t { pair_t p; Color c; Mode mode; bit<32> n; bool flag; tuple<bit<8>, bool> tup; }

bit<8> add_one(in bit<8> x) {
    return x + 1;
}

bit<8> pick(in bool c, in bit<8> x, in bit<8> y) {
    if (c) {
        return x;
    } else {
        return y;
    }
}

control C(inout h_t h, inout meta_t m) {
    bit<8> local = 7;
    apply {
        h.a = 1;
        h.a = h.a + 1;
        h.a = 1 + h.a;
        h.b = (bit<16>)h.a << 3;
        h.b = h.b >> h.a;
        h.a = h.b[7:0];
        h.a = h.b[15:8] |-| 3;
        h.b = h.a ++ h.a;
        h.m = 0xFFFF_FFFF_FFFF;
        h.a[3:0] = 4w0xF;
        m.flag = h.a == 3 || h.b != 0 && h.isValid();
        m.flag = (bool)1w1;
        m.n = (bit<32>)h.a + K2;
        m.c = Color.RED;
        m.c = (Color)8w2;
        h.a = (bit<8>)m.c;
        h.a = m.c + 1;
        m.flag = m.c == Color.BLUE;
        m.mode = Mode.ON;
        m.flag = m.mode != Mode.OFF;
        m.p = { 1, 2 };
        m.p = { x = 1, y = h.a };
        m.p = (pair_t){ y = 2, x = 1 };
        m.tup = { 8w1, true };
        h.a = m.tup[0];
        m.flag = m.p == { 1, 2 };
        h.a = m.flag ? h.a : 8w3;
        h.a = m.flag ? 8w1 : 2;
        h.a = add_one(h.a);
        h.a = pick(m.flag, h.a, 5);
        h.a = -h.a;
        h.a = ~h.a & 0x0F | 0x10 ^ local;
        int<8> s = -1;
        s = s + 1;
        h.a = (bit<8>)s;
        h.setInvalid();
        h.setValid();
        h = {#};
        h.a = h.b[7:0] + h.b[15:8];
        h.a = h.b[4+:8];
        h.b = (bit<16>)(h.a[7:4] ++ 4w0) * 2;
        m.n = m.n % 8 + m.n / 4;
        local = FROM_BIG;
    }
}
