// Every expression form, with the operator precedence of the spec's table.
header h_t { bit<8> a; bit<32> w; }
struct s_t { bit<8> a; bit<8> b; }
struct hs_t { h_t h; h_t[4] stack; }
enum e_t { X, Y }
enum bit<4> n_t { ONE = 1 }
extern Checker { Checker(); bool check<T>(in T v); }
T twice<T>(in T x) { return x; }
const bit<8> G = 1;

control C(inout hs_t hdr) {
    Checker() checker;
    apply {
        bit<8> a = 1;
        bit<8> b = 2;
        bit<32> w;
        bool ok;
        int<8> i = -3;
        s_t s = { a = 1, b = 2 };
        s_t t = { a = 3, ... };
        s_t u = { 4, 5 };
        tuple<bit<8>, bool> tu = { 1, true };
        s_t empty = { };
        h_t hh = {#};
        w = (bit<32>)a ++ b ++ 16w0;
        a = a + b * 2 - a / 1 % 3;
        a = a << 2 >> 1;
        a = (a | b) & ~a ^ b;
        a = a |+| b |-| 1;
        ok = a < b && b <= a || a > b && a >= b;
        ok = a == b != false;
        ok = !ok;
        a = ok ? a : b;
        a = ok ? (ok ? 1 : 2) : 3;
        w[7:0] = a;
        w[15:8] = hdr.h.w[31:24];
        a = hdr.stack[1].a;
        hdr.stack[2].setValid();
        a = (bit<8>)(int<8>)i;
        a = twice<bit<8>>(a);
        a = twice(a);
        ok = checker.check<bit<8>>(a);
        ok = checker.check(v = a);
        a = .G;
        ok = e_t.X == e_t.Y;
        ok = n_t.ONE == (n_t)4w1;
        ok = hdr.h.isValid() && error.NoError == error.NoError;
        a = -a + +b;
        a = - -a;
        a = 8w255 + 0xFF + 0b1 + 0o7 + 0d9 + 1_0;
        i = 8s127 - -8s1;
        hdr.stack.push_front(1);
        a = this.a;
    }
}
