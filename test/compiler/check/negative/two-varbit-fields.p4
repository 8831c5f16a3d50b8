// Rule: a header may declare two varbit fields, but extract with a size takes a header with only one
// expect: 5 type-error
#include <core.p4>
header v_t {
    varbit<8> a;
    varbit<8> b;
}
parser P(packet_in pkt) {
    v_t v;
    state start {
        pkt.extract(v, 8);
        transition accept;
    }
}
