// Rule: a control cannot hold a parser instance (as a constructor parameter)
// expect: 9 type-error
#include <core.p4>
header h_t { bit<8> f; }
parser MyP(packet_in pkt) {
    state start { transition accept; }
}
parser PT(packet_in pkt);
control MyC(packet_in pkt)(PT p) {
    apply {}
}
