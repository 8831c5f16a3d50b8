// Rule: lookahead<T> needs a fixed-width T (not void, no varbit field)
// expect: 8 type-error
// expect: 9 type-error
#include <core.p4>
header v_t { bit<8> a; varbit<64> b; }
parser P(packet_in pkt) {
    state start {
        pkt.lookahead<void>();
        v_t v = pkt.lookahead<v_t>();
        transition accept;
    }
}
